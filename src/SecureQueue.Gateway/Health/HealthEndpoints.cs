using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SecureQueue.Gateway.Health;

/// <summary>
/// <c>/healthz</c>: the process answers (no check runs, so a slow database never restarts a healthy process).
/// <c>/readyz</c>: every check tagged <c>ready</c> passes; 503 with each check's status and reason otherwise.
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>The readiness checks; <paramref name="maxSealingLagSeconds"/> is <c>SecureQueue:Ops:MaxSealingLagSeconds</c>.</summary>
    public static IServiceCollection AddGatewayHealthChecks(this IServiceCollection services, double maxSealingLagSeconds)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<KeyringHealthCheck>("keyring", tags: [ReadyTag])
            .AddCheck<WriterHealthCheck>("writer", tags: [ReadyTag])
            .Add(new HealthCheckRegistration("sealing_lag", _ => new SealingLagHealthCheck(maxSealingLagSeconds), null, [ReadyTag]));
        return services;
    }

    public static IEndpointRouteBuilder MapGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).ReadOnly();
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync }).ReadOnly();
        return endpoints;
    }

    /// <summary>Answers GET and HEAD only (405 otherwise): nothing on the unauthenticated ops listener takes a write.</summary>
    public static TBuilder ReadOnly<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(http.Response.Body, new HealthAnswer(
            report.Status.ToString(),
            report.Entries.ToDictionary(e => e.Key, e => new HealthEntry(e.Value.Status.ToString(), e.Value.Description))),
            HealthJson.Default.HealthAnswer);
    }
}

internal sealed record HealthAnswer(string Status, Dictionary<string, HealthEntry> Checks);

internal sealed record HealthEntry(string Status, string? Description);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(HealthAnswer))]
internal sealed partial class HealthJson : System.Text.Json.Serialization.JsonSerializerContext;

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SecureQueue.Gateway;
using SecureQueue.Gateway.Calls;
using SecureQueue.Gateway.Hosting;
using SecureQueue.Trail.Records;

namespace SecureQueue.Trail.Lookup;

/// <summary>The CloudTrail module on the gateway: LookupEvents over the gateway's own log, on the same endpoint as SQS.</summary>
public static class TrailHosting
{
    /// <summary>Registers CloudTrail after <c>AddSecureQueue</c> (the gateway's host, pipeline, authentication and log).</summary>
    public static WebApplicationBuilder AddTrail(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => new TrailSettings(sp.GetRequiredService<GatewayOptions>().AccountId, sp.GetRequiredService<GatewayOptions>().Region));
        builder.Services.AddSingleton<EventLookup>();
        builder.Services.AddSingleton<NextTokenCodec>();
        var lookupsPerSecond = LookupRateLimit.Configured(builder.Configuration);
        builder.Services.AddSingleton(_ => new LookupRateLimit(lookupsPerSecond));
        builder.Services.AddSingleton<TrailCallProtocol>();
        return builder;
    }

    /// <summary>
    /// Maps CloudTrail beside SQS's catch-all: <c>/</c>, but only for requests whose X-Amz-Target names CloudTrail's
    /// JSON 1.1 service (either spelling SDKs use), so every other request (SQS JSON or Query, on any path) still reaches SQS.
    /// </summary>
    public static WebApplication MapTrail(this WebApplication app)
    {
        var pipeline = app.Services.GetRequiredService<CallPipeline>();
        var trail = app.Services.GetRequiredService<TrailCallProtocol>();
        app.Map("/", http => pipeline.HandleAsync(http, trail)).RequireTargetPrefix(TrailCallProtocol.TargetPrefixes).WithDisplayName("CloudTrail (AWS JSON 1.1)");
        return app;
    }
}

using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SecureQueue.Gateway.Health;
using SecureQueue.Log.Audit;

namespace SecureQueue.Gateway.Telemetry;

/// <summary>Metrics, traces, health and the ops listener that serves them.</summary>
public static class TelemetryHosting
{
    /// <summary>The meters SecureQueue defines; every other meter comes from an instrumentation library.</summary>
    public static readonly string[] Meters = ["SecureQueue", LogMetrics.MeterName, GatewayMetrics.MeterName];

    /// <summary>Reads and checks <c>SecureQueue:Ops</c>; an unsafe listener throws before anything binds.</summary>
    public static (OpsOptions Options, OpsAddress Address) Load(IConfiguration configuration)
    {
        var options = configuration.GetSection(OpsOptions.Section).Get<OpsOptions>() ?? new OpsOptions();
        return (options, options.Validate());
    }

    public static IServiceCollection AddGatewayTelemetry(
        this IServiceCollection services, IConfiguration configuration, OpsOptions options, OpsAddress address, X509Certificate2 certificate)
    {
        // OTLP is sent only where the operator points it: this setting, or the SDK's standard variable.
        var otlpEndpoint = options.OtlpEndpoint.Length > 0 ? new Uri(options.OtlpEndpoint) : null;
        var otlp = otlpEndpoint is not null || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("securequeue"));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(Meters).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddNpgsqlInstrumentation().AddPrometheusExporter();
            if (otlp)
            {
                metrics.AddOtlpExporter(exporter => exporter.Endpoint = otlpEndpoint ?? exporter.Endpoint);
            }
        });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNet =>
                    // A Query-protocol GET carries the message body, attribute values and a presigned signature in its query string.
                    aspNet.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null))
                .AddNpgsql()
                .AddOtlpExporter(exporter => exporter.Endpoint = otlpEndpoint ?? exporter.Endpoint));
        }

        services.AddSingleton(options);
        services.AddGatewayHealthChecks(options.MaxSealingLagSeconds);
        services.AddHostedService<QueueDepthSampler>();
        services.AddSingleton(sp => new OpsListener(address, certificate, sp));
        services.AddHostedService(sp => sp.GetRequiredService<OpsListener>());
        return services;
    }
}

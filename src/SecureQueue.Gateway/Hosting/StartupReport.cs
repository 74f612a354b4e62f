using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SecureQueue.Gateway.Telemetry;
using SecureQueue.Log.Audit;

namespace SecureQueue.Gateway.Hosting;

/// <summary>
/// Once the gateway serves: one log line per listener and one per security setting, so an operator (or a log
/// search) sees what this process enforces. Names, counts and modes only: never a key, secret or policy text.
/// </summary>
internal sealed partial class StartupReport(
    IServer server, OpsListener ops, GatewayConfiguration settings, OpsOptions opsOptions, X509Certificate2 certificate,
    CheckpointSettings checkpoints, ILogger<StartupReport> logger) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return Task.CompletedTask;
        }

        foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            LogListener(logger, "api", address);
        }

        var opsAddress = ops.Address is { } bound ? bound.ToString() : "not started";
        LogListener(logger, "ops", opsAddress);
        foreach (var (setting, value) in Settings())
        {
            LogSetting(logger, setting, value);
        }

        return Task.CompletedTask;
    }

    private IEnumerable<(string Setting, string Value)> Settings()
    {
        var options = settings.Options;
        yield return ("tls", $"TLS 1.2 and 1.3 only; certificate {certificate.Subject}, expires {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}");
        yield return ("plain_http", options.AllowPlainHttp ? "allowed (SecureQueue:AllowPlainHttp; calls have aws:SecureTransport false)" : "refused");
        yield return ("database_role", options.AllowOwnerRole ? "a role that can rewrite the log is allowed (SecureQueue:AllowOwnerRole, development only)" : "least privilege required");
        yield return ("identities", $"{settings.Identities.Listing.Count} from {options.IdentitiesFile}");
        yield return ("sigv4_clock_skew", $"{options.MaxClockSkewSeconds} s");
        yield return ("jwt_issuers", settings.JwtIssuers.Any ? string.Join(", ", settings.JwtIssuers.Names) : "none (bearer tokens refused)");
        yield return ("client_certificates", settings.ClientCertificates.Mode.ToString());
        yield return ("guardrails", $"{settings.Guardrails.Documents.Count} policies");
        yield return ("checkpoints", $"every {checkpoints.Interval.TotalSeconds} s to {checkpoints.File}");
        yield return ("max_request_bytes", options.MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("ops_listener", opsOptions.AllowRemote ? "non-loopback plain HTTP allowed (SecureQueue:Ops:AllowRemote)" : "loopback or TLS only");
        yield return ("otlp_export", opsOptions.OtlpEndpoint.Length > 0 ? opsOptions.OtlpEndpoint : "off unless OTEL_EXPORTER_OTLP_ENDPOINT is set");
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Listener {Listener}: {Address}")]
    private static partial void LogListener(ILogger logger, string listener, string address);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "Security setting {Setting}: {Value}")]
    private static partial void LogSetting(ILogger logger, string setting, string value);
}

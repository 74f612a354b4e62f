using System.Net;

namespace SecureQueue.Gateway.Telemetry;

/// <summary>
/// The <c>SecureQueue:Ops</c> section: the listener that serves metrics and health, apart from the API. Its answers
/// carry no authentication, so it listens on loopback unless it uses TLS or the operator opts in.
/// </summary>
public sealed class OpsOptions
{
    public const string Section = "SecureQueue:Ops";

    /// <summary>Where <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> are served; port 0 picks a free one (printed at start-up).</summary>
    public string Url { get; set; } = "http://127.0.0.1:9464";

    /// <summary>Lets a plain-HTTP ops listener bind a non-loopback address (e.g. inside a container network).</summary>
    public bool AllowRemote { get; set; }

    /// <summary>Readiness fails when the sealing lag (seconds) is above this.</summary>
    public double MaxSealingLagSeconds { get; set; } = 30;

    /// <summary>How often the queue depth gauges are refreshed from the database.</summary>
    public int QueueDepthIntervalSeconds { get; set; } = 30;

    /// <summary>An OTLP collector (e.g. http://127.0.0.1:4317); empty sends nothing. OTEL_EXPORTER_OTLP_* variables refine it.</summary>
    public string OtlpEndpoint { get; set; } = string.Empty;

    /// <summary>The address and scheme to bind, checked: every unsafe or malformed setting throws naming it.</summary>
    public OpsAddress Validate()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https") || uri.AbsolutePath != "/")
        {
            throw new InvalidOperationException($"SecureQueue:Ops:Url must look like http://127.0.0.1:9464 (a scheme, an address and a port), not '{Url}'.");
        }

        var address = uri.IsLoopback && !IPAddress.TryParse(uri.Host.Trim('[', ']'), out _)
            ? IPAddress.Loopback
            : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed
            : throw new InvalidOperationException($"SecureQueue:Ops:Url must name an IP address or localhost, not '{uri.Host}': a host name could resolve to any interface.");
        var tls = uri.Scheme == "https";
        if (!tls && !IPAddress.IsLoopback(address) && !AllowRemote)
        {
            throw new InvalidOperationException(
                $"SecureQueue:Ops:Url {Url} is not a loopback address: metrics and health are served without authentication. " +
                "Listen on 127.0.0.1 or ::1, use https:// (the gateway's TLS certificate), or set SecureQueue:Ops:AllowRemote=true " +
                "where a network you control (e.g. a container network) is the only way in.");
        }

        if (MaxSealingLagSeconds <= 0)
        {
            throw new InvalidOperationException("SecureQueue:Ops:MaxSealingLagSeconds must be above 0.");
        }

        if (QueueDepthIntervalSeconds < 1)
        {
            throw new InvalidOperationException("SecureQueue:Ops:QueueDepthIntervalSeconds must be at least 1.");
        }

        if (OtlpEndpoint.Length > 0 && !(Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var otlp) && otlp.Scheme is "http" or "https"))
        {
            throw new InvalidOperationException($"SecureQueue:Ops:OtlpEndpoint must be an http:// or https:// URL, not '{OtlpEndpoint}'.");
        }

        return new OpsAddress(address, uri.Port, tls);
    }
}

/// <summary>The ops listener's validated address.</summary>
public sealed record OpsAddress(IPAddress Address, int Port, bool Tls);

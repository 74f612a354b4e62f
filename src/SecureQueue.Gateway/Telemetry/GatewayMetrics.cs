using System.Diagnostics;
using System.Diagnostics.Metrics;
using SecureQueue.Log.Queues;

namespace SecureQueue.Gateway.Telemetry;

/// <summary>
/// The gateway's metrics (meter <c>SecureQueue.Gateway</c>). Every label value comes from a closed set this code
/// defines (protocol, service, action name, outcome, error code, result): never a queue name, principal, key,
/// body or attribute, since the ops listener has no authentication and a label outlives the call in every scrape.
/// </summary>
public static class GatewayMetrics
{
    public const string MeterName = "SecureQueue.Gateway";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Calls = Meter.CreateCounter<long>("secq.calls", "{call}", "Calls by protocol, service, action, outcome and error code");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram(
        "secq.call.duration", "s", "Time from a call's arrival to its answer (a long poll's wait included)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20] });

    private static readonly Counter<long> KeyReloads = Meter.CreateCounter<long>("secq.keys.reloads", "{reload}", "Keyring reloads by result (loaded or failed)");
    private static readonly Counter<long> IdentityReloads = Meter.CreateCounter<long>(
        "secq.identities.reloads", "{reload}", "Reloads of the identities file that changed something (loaded) or failed (failed)");
    private static readonly Counter<long> CertificatesRefused = Meter.CreateCounter<long>(
        "secq.tls.client_certificates.refused", "{certificate}", "Client certificates refused in the TLS handshake, by reason");
    private static QueueCounts depth = new(0, 0, 0);

    static GatewayMetrics() =>
        Meter.CreateObservableGauge("secq.queue.messages", ObserveDepth, "{message}", "Messages in all queues by state (visible, in_flight, delayed), sampled periodically");

    /// <summary>Records one finished call; <paramref name="errorCode"/> is null for an answered call.</summary>
    public static void Call(CallLabels labels, CallOutcome outcome, string? errorCode, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "protocol", labels.Protocol },
            { "service", labels.Service },
            { "action", labels.Action },
            { "outcome", OutcomeName(outcome) },
        };
        Duration.Record(elapsed.TotalSeconds, tags);
        tags.Add("error_code", errorCode ?? "none");
        Calls.Add(1, tags);
    }

    /// <summary>One keyring reload: whether the files could be read and the keys loaded.</summary>
    public static void KeyReload(bool loaded) => KeyReloads.Add(1, new KeyValuePair<string, object?>("result", loaded ? "loaded" : "failed"));

    /// <summary>One reload of the identities file; one that changed nothing is not counted.</summary>
    public static void IdentityReload(Identity.IdentityReload reload)
    {
        var result = reload switch
        {
            Identity.IdentityReload.Loaded => "loaded",
            Identity.IdentityReload.Failed => "failed",
            _ => null,
        };
        if (result is not null)
        {
            IdentityReloads.Add(1, new KeyValuePair<string, object?>("result", result));
        }
    }

    /// <summary>A client certificate refused in the TLS handshake; <paramref name="reason"/> is its chain status flags or the missing usage.</summary>
    public static void CertificateRefused(string reason) => CertificatesRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>The latest totals of messages over all queues.</summary>
    public static void QueueDepth(QueueCounts sample) => Volatile.Write(ref depth, sample);

    private static string OutcomeName(CallOutcome outcome) => outcome switch
    {
        CallOutcome.Allowed => "allowed",
        CallOutcome.Denied => "denied",
        _ => "failed",
    };

    private static IEnumerable<Measurement<long>> ObserveDepth()
    {
        var sample = Volatile.Read(ref depth);
        return
        [
            new(sample.Visible, new KeyValuePair<string, object?>("state", "visible")),
            new(sample.NotVisible, new KeyValuePair<string, object?>("state", "in_flight")),
            new(sample.Delayed, new KeyValuePair<string, object?>("state", "delayed")),
        ];
    }
}

/// <summary>How a call ended: answered, refused (authentication or authorization), or failed for any other reason.</summary>
public enum CallOutcome
{
    Failed,
    Denied,
    Allowed,
}

/// <summary>The labels that say what a call was; each value is from a closed set.</summary>
public readonly record struct CallLabels(string Protocol, string Service, string Action);

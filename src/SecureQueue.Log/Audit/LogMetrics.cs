using System.Diagnostics.Metrics;

namespace SecureQueue.Log.Audit;

/// <summary>The log's metrics (meter <c>SecureQueue.Log</c>).</summary>
public static class LogMetrics
{
    public const string MeterName = "SecureQueue.Log";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> SealedEvents = Meter.CreateCounter<long>("secq.log.sealed_events", "{event}", "Events sealed into the chain");
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram(
        "secq.log.batch_size", "{call}", "Calls committed together by the log writer (group commit)",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });

    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram(
        "secq.log.commit.duration", "s", "Time the log writer takes for one batch, from opening its connection to its commit",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    private static readonly UpDownCounter<long> QueuedCalls = Meter.CreateUpDownCounter<long>(
        "secq.log.queued_calls", "{call}", "Calls handed to the log writer and not yet taken into a batch");

    private static double sealingLag;

    static LogMetrics() =>
        Meter.CreateObservableGauge("secq.log.sealing_lag", () => SealingLag, "s", "Age of the oldest event in the last sealing pass at its seal, or of the next to seal while it waits; 0 when nothing waits");

    /// <summary>Seconds from the commit of the oldest event of the last pass to its seal, or, when a running transaction held the pass back, the age of the next event to seal, waiting behind it.</summary>
    public static double SealingLag
    {
        get => Volatile.Read(ref sealingLag);
        internal set => Volatile.Write(ref sealingLag, value);
    }

    internal static void Queued(int calls) => QueuedCalls.Add(calls);

    internal static void Committed(int calls, TimeSpan elapsed)
    {
        BatchSize.Record(calls);
        CommitDuration.Record(elapsed.TotalSeconds);
    }

    internal static void Sealed(int events, TimeSpan lag)
    {
        SealedEvents.Add(events);
        SealingLag = Math.Max(0, lag.TotalSeconds);
    }
}

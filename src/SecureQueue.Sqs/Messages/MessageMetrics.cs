using System.Diagnostics.Metrics;

namespace SecureQueue.Sqs.Messages;

/// <summary>
/// Queue metrics (meter <c>SecureQueue</c>). No queue label: queue names are visible only to callers a policy lets
/// list them, and the ops listener that serves metrics authenticates nobody.
/// </summary>
internal sealed class MessageMetrics : IDisposable
{
    private readonly Meter meter = new("SecureQueue");
    private readonly Counter<long> unreadable;
    private readonly UpDownCounter<long> waiting;

    public MessageMetrics()
    {
        unreadable = meter.CreateCounter<long>("secq.messages.unreadable", "{message}", "Messages that failed to open (tampered or key destroyed)");
        waiting = meter.CreateUpDownCounter<long>("secq.receive.waiting", "{poll}", "Long polls waiting for a message now");
    }

    public void Unreadable(int count) => unreadable.Add(count);

    /// <summary>Counts a long poll as waiting until the returned scope is disposed.</summary>
    public WaitingPoll Waiting()
    {
        waiting.Add(1);
        return new WaitingPoll(waiting);
    }

    public void Dispose() => meter.Dispose();

    /// <summary>Ends one poll's wait in <c>secq.receive.waiting</c>.</summary>
    internal readonly struct WaitingPoll(UpDownCounter<long> waiting) : IDisposable
    {
        public void Dispose() => waiting.Add(-1);
    }
}

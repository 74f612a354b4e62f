using System.Diagnostics.Metrics;

namespace SecureQueue.Sqs.Messages;

/// <summary>Queue metrics (meter <c>SecureQueue</c>): messages whose envelope failed to open, by queue.</summary>
public sealed class MessageMetrics : IDisposable
{
    private readonly Meter meter = new("SecureQueue");
    private readonly Counter<long> unreadable;

    public MessageMetrics() => unreadable = meter.CreateCounter<long>("secq.messages.unreadable", description: "Messages that failed to open (tampered or key destroyed)");

    public void Unreadable(string queueArn, int count) => unreadable.Add(count, new KeyValuePair<string, object?>("queue", queueArn));

    public void Dispose() => meter.Dispose();
}

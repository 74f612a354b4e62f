namespace SecureQueue.Log.Events;

/// <summary>
/// Which Marten stream an event joins. A call that succeeded on a queue joins that queue's stream, anything else the
/// writer's stream of other calls; each writer appends only to streams of its own (suffixed with its
/// <see cref="Writer"/> id), because Marten numbers a stream's events and two writers appending to one stream at once
/// would collide on that number. So no stream row is shared between writers (replicas, or several gateways in one
/// process), and a queue's history is its streams across writers.
/// </summary>
internal sealed class EventStreams
{
    /// <summary>This writer: unique across writers, processes and restarts.</summary>
    public string Writer { get; } = Guid.CreateVersion7().ToString("N");

    public string Of(AuditEnvelope envelope, bool failed) =>
        $"{(failed || envelope.ResourceArn is null ? "calls" : envelope.ResourceArn)}@{Writer}";
}

namespace SecureQueue.Log.Events;

/// <summary>
/// Which Marten stream an event joins. A call that succeeded on a queue joins that queue's stream, anything else the
/// process's stream of other calls; each process appends to streams of its own (suffixed with <see cref="Instance"/>),
/// because Marten numbers a stream's events and two writers appending to one stream at once would collide on that
/// number. So no stream row is shared between replicas, and a queue's history is its streams across processes.
/// </summary>
internal static class EventStreams
{
    /// <summary>This process: unique across restarts and replicas.</summary>
    public static string Instance { get; } = Guid.CreateVersion7().ToString("N");

    public static string Of(AuditEnvelope envelope, bool failed) =>
        $"{(failed || envelope.ResourceArn is null ? "calls" : envelope.ResourceArn)}@{Instance}";
}

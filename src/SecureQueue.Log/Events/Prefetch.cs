using SecureQueue.Log.Messages;
using SecureQueue.Log.Queues;

namespace SecureQueue.Log.Events;

/// <summary>
/// What a call's work will read in the writer's transaction before it changes anything: its queue, the data key its
/// messages were sealed with, the messages a standard receive will claim and those a standard delete will delete. The
/// writer reads, claims and deletes these for the whole batch in one round trip before the calls run, where each call
/// would otherwise ask in turn, one round trip each while the batch waits.
/// </summary>
public readonly record struct Prefetch(QueueKey? Queue, Guid? DataKey, ClaimRequest? Claim = null, DeleteRequest? Delete = null)
{
    /// <summary>Whether the writer does part of the call's work ahead of it, and so runs it before the batch's other calls.</summary>
    public bool Ahead => Claim is not null || Delete is not null;
}

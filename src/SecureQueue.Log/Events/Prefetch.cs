using SecureQueue.Log.Messages;
using SecureQueue.Log.Queues;

namespace SecureQueue.Log.Events;

/// <summary>
/// What a call's work will read in the writer's transaction before it changes anything: its queue, the data key its
/// messages were sealed with, the messages a standard receive will claim, those a delete will delete, the
/// visibility changes a call will make and the messages a FIFO send will place in their groups. The writer reads,
/// claims, deletes, changes and places these for the whole batch in one round trip before the calls run, where each call
/// would otherwise ask in turn, one round trip each while the batch waits.
/// </summary>
public readonly record struct Prefetch(
    QueueKey? Queue, Guid? DataKey, ClaimRequest? Claim = null, DeleteRequest? Delete = null, VisibilityRequest? Visibility = null,
    PlacementRequest? Place = null)
{
    /// <summary>Whether the writer does part of the call's work ahead of it, and so runs it before the batch's other calls.</summary>
    public bool Ahead => Claim is not null || Delete is not null || Visibility is not null || Place is not null;

    /// <summary>
    /// Where the call's work runs in the batch: deletes, then visibility changes, then receives, as the prefetch makes
    /// them, then every other call (FIFO sends among them, placed in the order they run).
    /// </summary>
    internal int Order => Delete is not null ? 0 : Visibility is not null ? 1 : Claim is not null ? 2 : 3;
}

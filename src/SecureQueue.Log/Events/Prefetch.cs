using SecureQueue.Log.Messages;
using SecureQueue.Log.Queues;

namespace SecureQueue.Log.Events;

/// <summary>
/// What a call's work will read in the writer's transaction before it changes anything: its queue, the data key its
/// messages were sealed with, and the messages a standard receive will claim. The writer reads and claims these for the
/// whole batch in one round trip before the calls run, where each call would otherwise ask in turn, one round trip each
/// while the batch waits.
/// </summary>
public readonly record struct Prefetch(QueueKey? Queue, Guid? DataKey, ClaimRequest? Claim = null);

using System.Collections.Concurrent;

namespace SecureQueue.Log.Signals;

/// <summary>
/// In-process wake-ups for long polls: a waiter takes the queue's current signal and awaits it; a commit that
/// made messages visible, here or in another replica (through LISTEN), replaces and completes it.
/// </summary>
public sealed class QueueSignals
{
    public const string Channel = "secq_queue";

    private readonly ConcurrentDictionary<long, TaskCompletionSource> waiters = new();

    /// <summary>A task that completes at the next signal for the queue. Take it before checking the queue.</summary>
    public Task Next(long queueId) =>
        waiters.GetOrAdd(queueId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Signal(IEnumerable<long> queueIds)
    {
        foreach (var queueId in queueIds)
        {
            Signal(queueId);
        }
    }

    public void Signal(long queueId)
    {
        if (waiters.TryRemove(queueId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>Wakes every waiter, e.g. after the cross-replica listener reconnected and may have missed hints.</summary>
    public void SignalAll() => Signal(waiters.Keys.ToArray());
}

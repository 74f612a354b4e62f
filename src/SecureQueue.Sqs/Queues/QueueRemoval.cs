using SecureQueue.Log.Events;
using SecureQueue.Log.Messages;

namespace SecureQueue.Sqs.Queues;

/// <summary>
/// What PurgeQueue and DeleteQueue share: in the call's transaction, the queue moves to a new generation and its data
/// keys are retired; after commit, the call starts the purge sweeper on the rows left behind and waits for it. SQS allows
/// a purge up to 60 seconds; a sweep that is still going when the wait ends goes on after the answer.
/// </summary>
internal sealed record QueueRemoval(PurgeSweep Sweep, IReadOnlyList<Guid> RetiredKeys)
{
    private static readonly TimeSpan CallWait = TimeSpan.FromSeconds(20);

    public static async Task<QueueRemoval> BeginAsync(LogTransaction tx, long queueId, bool deletingQueue)
    {
        var sweep = await tx.Messages.BeginPurgeAsync(queueId, deletingQueue);
        var retired = await tx.DataKeys.RetireAsync(queueId, tx.Now);
        return new QueueRemoval(sweep, retired);
    }

    public Logged<QueueRemoval> Logged(EventType eventType) => new(this, eventType, json =>
    {
        json.WriteNumber("queueId", Sweep.QueueId);
        json.WriteNumber("generation", Sweep.Generation);
        json.WriteStrings("dataKeysRetired", RetiredKeys.Select(id => id.ToString()), omitEmpty: true);
    });

    /// <summary>Ends this process's leases on the retired keys and waits for the sweep (its keys are destroyed at its end).</summary>
    public static async Task AwaitAsync(SqsContext context, QueueRemoval removal)
    {
        context.Services.Keys.Forget(removal.RetiredKeys);
        await context.Services.Purges.SweepAsync(removal.Sweep, CallWait);
    }
}

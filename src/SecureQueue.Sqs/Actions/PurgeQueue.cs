using SecureQueue.Log.Events;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Sqs.Queues;

namespace SecureQueue.Sqs.Actions;

/// <summary>
/// PurgeQueue: removes visible, in-flight and delayed messages; once per 60 seconds per queue. The call's event moves the
/// queue to a new generation and retires its data keys; the messages go in batches (<see cref="QueueRemoval"/>).
/// </summary>
internal sealed class PurgeQueue : SqsAction
{
    public override string Name => "PurgeQueue";

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var removal = await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            if (queue.LastPurgedAt is { } last && tx.Now - last < TimeSpan.FromSeconds(60))
            {
                throw SqsErrors.PurgeQueueInProgress(queue.Name);
            }

            var started = await QueueRemoval.BeginAsync(tx, queue.QueueId, deletingQueue: false);
            await tx.Queues.SetPurgedAsync(queue.QueueId, tx.Now);
            return started.Logged(EventTypes.QueuePurged);
        });
        await QueueRemoval.AwaitAsync(context, removal);
        return new ResponseObject();
    }
}

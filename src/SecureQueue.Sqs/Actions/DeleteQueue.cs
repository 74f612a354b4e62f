using SecureQueue.Log.Events;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Sqs.Queues;

namespace SecureQueue.Sqs.Actions;

/// <summary>DeleteQueue: the queue is gone once the call's event commits; its messages go in batches (<see cref="QueueRemoval"/>).</summary>
internal sealed class DeleteQueue : SqsAction
{
    public override string Name => "DeleteQueue";

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var removal = await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            var started = await QueueRemoval.BeginAsync(tx, queue.QueueId, deletingQueue: true);
            await tx.Queues.DeleteAsync(queue.QueueId, tx.Now);
            tx.Signal(queue.QueueId);
            return started.Logged(EventTypes.QueueDeleted);
        });
        await QueueRemoval.AwaitAsync(context, removal);
        return new ResponseObject();
    }
}

using SecureQueue.Gateway.Sqs.Protocol;
using SecureQueue.Storage.Log;

namespace SecureQueue.Gateway.Sqs.Actions;

public sealed class DeleteQueue : SqsAction
{
    public override string Name => "DeleteQueue";

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            await tx.Messages.PurgeAsync(queue.QueueId);
            await tx.Queues.DeleteAsync(queue.QueueId, tx.Now);
            tx.Signal(queue.QueueId);
            return new Logged<bool>(true, "QueueDeleted", json => json.WriteNumber("queueId", queue.QueueId));
        });
        return new ResponseObject();
    }
}

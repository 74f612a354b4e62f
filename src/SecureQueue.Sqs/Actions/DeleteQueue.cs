using SecureQueue.Gateway.Keys;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Log.Events;

namespace SecureQueue.Sqs.Actions;

public sealed class DeleteQueue : SqsAction
{
    public override string Name => "DeleteQueue";

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var destroyedKeys = await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            await tx.Messages.PurgeAsync(queue.QueueId);
            await tx.Queues.DeleteAsync(queue.QueueId, tx.Now);
            var destroyed = await tx.DataKeys.DestroyUnusedAsync(queue.QueueId, tx.Now);
            tx.Signal(queue.QueueId);
            return new Logged<IReadOnlyList<Guid>>(destroyed, "QueueDeleted", json =>
            {
                json.WriteNumber("queueId", queue.QueueId);
                DataKeyEvents.WriteDestroyed(json, destroyed);
            });
        });
        context.Services.Keys.Forget(destroyedKeys);
        return new ResponseObject();
    }
}

using SecureQueue.Sqs.Errors;
using SecureQueue.Gateway.Keys;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Log.Events;

namespace SecureQueue.Sqs.Actions;

/// <summary>PurgeQueue: removes visible, in-flight and delayed messages; once per 60 seconds per queue.</summary>
public sealed class PurgeQueue : SqsAction
{
    public override string Name => "PurgeQueue";

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var destroyedKeys = await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            if (queue.LastPurgedAt is { } last && tx.Now - last < TimeSpan.FromSeconds(60))
            {
                throw SqsErrors.PurgeQueueInProgress(queue.Name);
            }

            var purged = await tx.Messages.PurgeAsync(queue.QueueId);
            await tx.Queues.SetPurgedAsync(queue.QueueId, tx.Now);
            var destroyed = await tx.DataKeys.DestroyUnusedAsync(queue.QueueId, tx.Now);
            return new Logged<IReadOnlyList<Guid>>(destroyed, "QueuePurged", json =>
            {
                json.WriteNumber("queueId", queue.QueueId);
                json.WriteNumber("purged", purged);
                DataKeyEvents.WriteDestroyed(json, destroyed);
            });
        });
        context.Services.Keys.Forget(destroyedKeys);
        return new ResponseObject();
    }
}

using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Messages;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Log.Events;

namespace SecureQueue.Sqs.Actions;

/// <summary>
/// DeleteMessage: idempotent; a stale receipt (message received again since) succeeds without deleting, as AWS documents,
/// except on a FIFO queue, where a receipt whose visibility timeout ended is refused as expired.
/// </summary>
internal sealed class DeleteMessage : SqsAction
{
    public override string Name => "DeleteMessage";

    public override bool DataEvent => true;

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var handle = context.Parameters.Required("ReceiptHandle");
        var parts = ReceiptHandles.Decode(context, handle);
        await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            var receipt = ReceiptHandles.ForQueue(parts, queue.QueueId, handle);
            var deleted = await ReceiptHandles.DeleteAsync(tx, queue, [receipt]);
            if (deleted.Expired.Count > 0)
            {
                throw SqsErrors.InvalidParameter("ReceiptHandle", handle, "The receipt handle has expired.");
            }

            return new Logged<bool>(true, EventTypes.MessagesDeleted, json => ReceiptHandles.WriteDetail(json, queue.QueueId, "deleted", deleted.Removed.Select(r => r.MessageId)));
        },
        delete: ReceiptHandles.DeleteAhead(context.AuthorizedQueueOrNull, [(parts, handle)]));
        return new ResponseObject();
    }
}

using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Messages;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Log.Events;
using SecureQueue.Log.Messages;

namespace SecureQueue.Sqs.Actions;

internal sealed class DeleteMessageBatch : SqsAction
{
    public override string Name => "DeleteMessageBatch";

    public override string IamAction => "sqs:DeleteMessage";

    public override bool HasResult => true;

    public override bool DataEvent => true;

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var batch = new ReceiptBatch<bool>(context, "DeleteMessageBatchRequestEntry", (_, _) => true);
        var failed = await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            var (valid, failures) = batch.ForQueue(queue.QueueId);
            var deleted = valid.Count > 0 ? await ReceiptHandles.DeleteAsync(tx, queue, valid.Select(v => v.Receipt).ToList()) : new MessagesDeleted([], new HashSet<Receipt>());
            // FIFO: a receipt whose visibility timeout ended is refused as expired, entry by entry (as DeleteMessage does).
            failures.AddRange(valid.Where(v => deleted.Expired.Contains(v.Receipt))
                .Select(v => (v.Entry.Id, (SqsException)SqsErrors.InvalidParameter("ReceiptHandle", v.Entry.Handle, "The receipt handle has expired."))));
            return new Logged<List<(string Id, SqsException Error)>>(failures, EventTypes.MessagesDeleted,
                json => ReceiptHandles.WriteDetail(json, queue.QueueId, "deleted", deleted.Removed.Select(r => r.MessageId)));
        },
        delete: ReceiptHandles.DeleteAhead(context.AuthorizedQueueOrNull, batch.Decoded.Select(e => (e.Parts, e.Handle)).ToList()));

        return MessageResponses.Batch("DeleteMessageBatchResultEntry", batch.Ids, failed);
    }
}

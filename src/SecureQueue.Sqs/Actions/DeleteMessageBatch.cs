using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Messages;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Sqs.Queues;
using SecureQueue.Log.Events;

namespace SecureQueue.Sqs.Actions;

public sealed class DeleteMessageBatch : SqsAction
{
    public override string Name => "DeleteMessageBatch";

    public override string IamAction => "sqs:DeleteMessage";

    public override bool HasResult => true;

    public override bool DataEvent => true;

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var batch = new ReceiptBatch<bool>(context, "DeleteMessageBatchRequestEntry", _ => true);
        var failed = await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            var (valid, failures) = batch.ForQueue(queue.QueueId);
            if (QueueSettings.Of(queue).Fifo is not null)
            {
                // FIFO: a receipt whose visibility timeout ended is refused as expired, entry by entry (as DeleteMessage does).
                foreach (var entry in valid.ToList())
                {
                    if (await tx.Messages.ReceiptExpiredAsync(queue.QueueId, entry.Receipt, tx.Now))
                    {
                        valid.Remove(entry);
                        failures.Add((entry.Entry.Id, SqsErrors.InvalidParameter("ReceiptHandle", entry.Entry.Handle, "The receipt handle has expired.")));
                    }
                }
            }

            var removed = valid.Count > 0 ? await tx.Messages.DeleteAsync(queue.QueueId, valid.Select(v => v.Receipt).ToList()) : [];
            return new Logged<List<(string Id, SqsException Error)>>(failures, "MessagesDeleted",
                json => ReceiptHandles.WriteDetail(json, queue.QueueId, "deleted", removed.Select(r => r.MessageId)));
        },
        delete: ReceiptHandles.DeleteAhead(context.AuthorizedQueueOrNull, batch.Decoded.Select(e => (e.Parts, e.Handle)).ToList()));

        return MessageResponses.Batch("DeleteMessageBatchResultEntry", batch.Ids, failed);
    }
}

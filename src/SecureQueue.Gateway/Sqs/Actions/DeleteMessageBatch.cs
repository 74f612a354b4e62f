using SecureQueue.Crypto.Receipts;
using SecureQueue.Gateway.Sqs.Errors;
using SecureQueue.Gateway.Sqs.Messages;
using SecureQueue.Gateway.Sqs.Protocol;
using SecureQueue.Storage.Log;
using SecureQueue.Storage.Messages;

namespace SecureQueue.Gateway.Sqs.Actions;

public sealed class DeleteMessageBatch : SqsAction
{
    public override string Name => "DeleteMessageBatch";

    public override string IamAction => "sqs:DeleteMessage";

    public override bool HasResult => true;

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var entries = BatchEntries.Read(context.Parameters, "Entries", "DeleteMessageBatchRequestEntry");
        var decoded = entries.Select(e => Decode(context, e.Id, e.Entry)).ToList();
        var failed = await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            var receipts = new List<Receipt>();
            var failures = new List<(string Id, SqsException Error)>();
            foreach (var (id, handle, parts, error) in decoded)
            {
                if (error is not null)
                {
                    failures.Add((id, error));
                }
                else if (parts!.Value.QueueId != queue.QueueId)
                {
                    failures.Add((id, SqsErrors.ReceiptHandleIsInvalid(handle!)));
                }
                else
                {
                    receipts.Add(ReceiptHandles.ForQueue(parts.Value, queue.QueueId, handle!));
                }
            }

            var removed = receipts.Count > 0 ? await tx.Messages.DeleteAsync(queue.QueueId, receipts) : [];
            return new Logged<List<(string Id, SqsException Error)>>(failures, "MessagesDeleted",
                json => ReceiptHandles.WriteDetail(json, queue.QueueId, "deleted", removed.Select(r => r.MessageId)));
        });

        return MessageResponses.Batch("DeleteMessageBatchResultEntry", entries.Select(e => e.Id).ToList(), failed);
    }

    private static (string Id, string? Handle, ReceiptHandleParts? Parts, SqsException? Error) Decode(SqsContext context, string id, SqsParameters entry)
    {
        try
        {
            var handle = entry.Required("ReceiptHandle");
            return (id, handle, ReceiptHandles.Decode(context, handle), null);
        }
        catch (SqsException error)
        {
            return (id, null, null, error);
        }
    }
}

using SecureQueue.Gateway.Sqs.Errors;
using SecureQueue.Gateway.Sqs.Messages;
using SecureQueue.Gateway.Sqs.Protocol;
using SecureQueue.Storage.Log;
using SecureQueue.Storage.Messages;

namespace SecureQueue.Gateway.Sqs.Actions;

public sealed class ChangeMessageVisibilityBatch : SqsAction
{
    public override string Name => "ChangeMessageVisibilityBatch";

    public override string IamAction => "sqs:ChangeMessageVisibility";

    public override bool HasResult => true;

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var entries = BatchEntries.Read(context.Parameters, "Entries", "ChangeMessageVisibilityBatchRequestEntry");
        var decoded = entries.Select(e => Decode(context, e.Id, e.Entry)).ToList();
        var failed = await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            var failures = decoded.Where(d => d.Error is not null).Select(d => (d.Id, d.Error!)).ToList();
            var changes = new List<(string Id, string Handle, VisibilityChange Change)>();
            foreach (var (id, handle, parts, timeout, _) in decoded.Where(d => d.Error is null))
            {
                if (parts!.Value.QueueId != queue.QueueId)
                {
                    failures.Add((id, SqsErrors.ReceiptHandleIsInvalid(handle!)));
                    continue;
                }

                changes.Add((id, handle!, new VisibilityChange(ReceiptHandles.ForQueue(parts.Value, queue.QueueId, handle!), tx.Now.AddSeconds(timeout))));
            }

            var changed = changes.Count > 0 ? await tx.Messages.ChangeVisibilityAsync(queue.QueueId, changes.Select(c => c.Change).ToList()) : new HashSet<MessageKey>();
            failures.AddRange(changes.Where(c => !changed.Contains(c.Change.Receipt.Key)).Select(c => (c.Id, ChangeMessageVisibility.NotAvailable(c.Handle))));
            if (changes.Any(c => c.Change.VisibleAt <= tx.Now))
            {
                tx.Signal(queue.QueueId);
            }

            return new Logged<List<(string Id, SqsException Error)>>(failures, "VisibilityChanged", json =>
            {
                json.WriteNumber("queueId", queue.QueueId);
                json.WriteNumber("changed", changed.Count);
            });
        });
        return MessageResponses.Batch("ChangeMessageVisibilityBatchResultEntry", entries.Select(e => e.Id).ToList(), failed);
    }

    private static (string Id, string? Handle, Crypto.Receipts.ReceiptHandleParts? Parts, int Timeout, SqsException? Error) Decode(
        SqsContext context, string id, SqsParameters entry)
    {
        try
        {
            var handle = entry.Required("ReceiptHandle");
            var timeout = entry.IntInRange("VisibilityTimeout", 0, ChangeMessageVisibility.MaxTimeout, "VisibilityTimeout must be >= 0 and <= 43200.")
                ?? throw SqsErrors.MissingParameter("VisibilityTimeout");
            return (id, handle, ReceiptHandles.Decode(context, handle), timeout, null);
        }
        catch (SqsException error)
        {
            return (id, null, null, 0, error);
        }
    }
}

using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Messages;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Log.Events;
using SecureQueue.Log.Messages;

namespace SecureQueue.Sqs.Actions;

internal sealed class ChangeMessageVisibilityBatch : SqsAction
{
    public override string Name => "ChangeMessageVisibilityBatch";

    public override string IamAction => "sqs:ChangeMessageVisibility";

    public override bool HasResult => true;

    public override bool DataEvent => true;

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var now = context.Services.Time.GetUtcNow();
        var batch = new ReceiptBatch<int>(context, "ChangeMessageVisibilityBatchRequestEntry", (entry, parts) => ReceiptHandles.WithinTotalVisibility(
            parts,
            entry.IntInRange("VisibilityTimeout", 0, SqsLimits.MaxVisibilityTimeout, $"VisibilityTimeout must be >= 0 and <= {SqsLimits.MaxVisibilityTimeout}.")
                ?? throw SqsErrors.MissingParameter("VisibilityTimeout"),
            now));
        var failed = await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            var (valid, failures) = batch.ForQueue(queue.QueueId);
            var changes = valid.Select(v => (v.Entry, Change: new VisibilityChange(v.Receipt, tx.Now.AddSeconds(v.Entry.Value)))).ToList();
            var changed = changes.Count > 0 ? await tx.Messages.ChangeVisibilityAsync(queue.QueueId, changes.Select(c => c.Change).ToList()) : new HashSet<MessageKey>();
            failures.AddRange(changes.Where(c => !changed.Contains(c.Change.Receipt.Key)).Select(c => (c.Entry.Id, ChangeMessageVisibility.NotAvailable(c.Entry.Handle))));
            if (changes.Any(c => c.Change.VisibleAt <= tx.Now))
            {
                tx.Signal(queue.QueueId);
            }

            return new Logged<List<(string Id, SqsException Error)>>(failures, EventTypes.VisibilityChanged, json =>
            {
                json.WriteNumber("queueId", queue.QueueId);
                json.WriteNumber("changed", changed.Count);
            });
        },
        visibility: ReceiptHandles.VisibilityAhead(context.AuthorizedQueueOrNull, batch.Decoded.Select(e => (e.Parts, e.Handle, e.Value)).ToList()));
        return MessageResponses.Batch("ChangeMessageVisibilityBatchResultEntry", batch.Ids, failed);
    }
}

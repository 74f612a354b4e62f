using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Messages;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Log.Events;
using SecureQueue.Log.Messages;

namespace SecureQueue.Sqs.Actions;

/// <summary>ChangeMessageVisibility: counts from now, up to 12 hours after the receive; applies to the current receipt only.</summary>
internal sealed class ChangeMessageVisibility : SqsAction
{

    public override string Name => "ChangeMessageVisibility";

    public override bool DataEvent => true;

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var handle = context.Parameters.Required("ReceiptHandle");
        var timeout = context.Parameters.IntInRange("VisibilityTimeout", 0, SqsLimits.MaxVisibilityTimeout, $"VisibilityTimeout must be >= 0 and <= {SqsLimits.MaxVisibilityTimeout}.")
            ?? throw SqsErrors.MissingParameter("VisibilityTimeout");
        var parts = ReceiptHandles.Decode(context, handle);
        ReceiptHandles.WithinTotalVisibility(parts, timeout, context.Services.Time.GetUtcNow());
        await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            var receipt = ReceiptHandles.ForQueue(parts, queue.QueueId, handle);
            var changed = await tx.Messages.ChangeVisibilityAsync(queue.QueueId, [new VisibilityChange(receipt, tx.Now.AddSeconds(timeout))]);
            if (changed.Count == 0)
            {
                throw NotAvailable(handle);
            }

            if (timeout == 0)
            {
                tx.Signal(queue.QueueId);
            }

            return new Logged<bool>(true, EventTypes.VisibilityChanged, json =>
            {
                json.WriteNumber("queueId", queue.QueueId);
                json.WriteNumber("visibilityTimeout", timeout);
            });
        },
        visibility: ReceiptHandles.VisibilityAhead(context.AuthorizedQueueOrNull, [(parts, handle, timeout)]));
        return new ResponseObject();
    }

    internal static SqsException NotAvailable(string handle) => SqsErrors.InvalidParameter(
        "ReceiptHandle", handle, "Message does not exist or is not available for visibility timeout change.");
}

using SecureQueue.Log.Events;
using SecureQueue.Crypto.Receipts;
using SecureQueue.Sqs.Errors;
using SecureQueue.Log.Messages;
using SecureQueue.Log.Queues;

namespace SecureQueue.Sqs.Messages;

internal static class ReceiptHandles
{
    /// <summary>A handle that fails its MAC is ReceiptHandleIsInvalid before anything is read.</summary>
    public static ReceiptHandleParts Decode(SqsContext context, string handle) =>
        context.Services.Receipts.TryDecode(handle, out var parts) ? parts : throw SqsErrors.ReceiptHandleIsInvalid(handle);

    /// <summary>
    /// A visibility timeout of <paramref name="seconds"/> from <paramref name="now"/> on the handle's message, unless it would
    /// end more than 12 hours after the receive that made the handle (SQS counts the total from there; extensions do not
    /// reset it). A handle too old to say when it was received is not limited.
    /// </summary>
    public static int WithinTotalVisibility(ReceiptHandleParts parts, int seconds, DateTimeOffset now) =>
        parts.ReceivedAt is { } receivedAt && now.AddSeconds(seconds) > receivedAt.AddSeconds(SqsLimits.MaxVisibilityTimeout)
            ? throw SqsErrors.InvalidParameter(
                "VisibilityTimeout", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"Total VisibilityTimeout for the message is beyond the limit [{SqsLimits.MaxVisibilityTimeout} seconds]")
            : seconds;

    /// <summary>The receipt, if the handle belongs to this queue (a handle of another queue is invalid here).</summary>
    public static Receipt ForQueue(ReceiptHandleParts parts, long queueId, string handle) =>
        parts.QueueId == queueId ? new Receipt(new MessageKey(parts.Position, parts.Index), parts.Nonce) : throw SqsErrors.ReceiptHandleIsInvalid(handle);

    /// <summary>
    /// The delete the writer may make ahead of the call, only for receipts of the queue as authorized, which the call's own
    /// check then accepts; on a FIFO queue it refuses expired receipts, as the call does.
    /// </summary>
    public static DeleteRequest? DeleteAhead(QueueRecord? queue, IReadOnlyList<(ReceiptHandleParts Parts, string Handle)> receipts)
    {
        if (queue is null)
        {
            return null;
        }

        var own = receipts.Where(r => r.Parts.QueueId == queue.QueueId).Select(r => ForQueue(r.Parts, queue.QueueId, r.Handle)).ToList();
        return own.Count == 0 ? null : new DeleteRequest(queue.QueueId, own, RefuseExpired: Queues.QueueSettings.Of(queue).Fifo is not null);
    }

    /// <summary>
    /// Deletes the receipts' messages in the writer. A FIFO queue refuses a receipt whose visibility timeout ended or whose
    /// message was received again (SQS: "The receipt handle has expired"); a standard queue deletes nothing for it.
    /// </summary>
    public static async Task<MessagesDeleted> DeleteAsync(LogTransaction tx, QueueRecord queue, IReadOnlyList<Receipt> receipts) =>
        Queues.QueueSettings.Of(queue).Fifo is not null
            ? await tx.Messages.DeleteUnexpiredAsync(queue.QueueId, receipts, tx.Now)
            : new MessagesDeleted(await tx.Messages.DeleteAsync(queue.QueueId, receipts), new HashSet<Receipt>());

    /// <summary>
    /// The visibility change the writer may make ahead of the call: only for receipts of the queue as authorized, which the
    /// call's own check then accepts, each with its timeout in seconds.
    /// </summary>
    public static VisibilityRequest? VisibilityAhead(QueueRecord? queue, IReadOnlyList<(ReceiptHandleParts Parts, string Handle, int Seconds)> receipts)
    {
        if (queue is null)
        {
            return null;
        }

        var own = receipts.Where(r => r.Parts.QueueId == queue.QueueId).Select(r => (ForQueue(r.Parts, queue.QueueId, r.Handle), r.Seconds)).ToList();
        return own.Count == 0 ? null : new VisibilityRequest(queue.QueueId, own);
    }

    public static void WriteDetail(System.Text.Json.Utf8JsonWriter json, long queueId, string name, IEnumerable<Guid> messageIds)
    {
        json.WriteNumber("queueId", queueId);
        json.WriteStrings(name, messageIds.Select(id => id.ToString()));
    }
}

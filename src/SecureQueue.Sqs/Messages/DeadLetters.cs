using SecureQueue.Log.Events;
using SecureQueue.Log.Messages;
using SecureQueue.Log.Queues;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Queues;

namespace SecureQueue.Sqs.Messages;

/// <summary>
/// Moves messages a receive found over their queue's <c>maxReceiveCount</c> to its dead-letter queue. The receive claimed
/// them (hidden for its visibility timeout) and delivered none of them; here, on the request path, each is re-sealed
/// under the dead-letter queue's data key, bound to that queue (plaintext never leaves the gateway), and then one writer
/// transaction removes them from the source, if they still carry that receive's receipt, and adds them to the target,
/// with the move as an event of its own. A message is never in both queues and never lost: until the move commits it
/// stays in the source and comes back when its visibility timeout ends, to be moved by a later receive. A message a purge
/// has taken since the receive claimed it is not moved: it is left to the purge's sweep.
/// </summary>
internal static class DeadLetters
{
    private const int MaxAttempts = 5;

    public static async Task MoveAsync(SqsContext context, QueueRecord source, IReadOnlyList<OpenedMessage> messages)
    {
        var policy = QueueSettings.Of(source).Redrive!;
        var envelope = Envelope(context, source, policy);
        var services = context.Services;
        var arn = QueueArn.Parse(policy.DeadLetterTargetArn)!;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var target = await services.Reader.FindAsync(new QueueKey(arn.Account, arn.Region, arn.Name), CancellationToken.None);
            if (RedriveTargets.Refusal(policy, target, source.Arn) is { } refusal)
            {
                await services.Writer.AppendAsync(envelope, EventTypes.DeadLetterMoveRefused, json => WriteRefusal(json, context, source, policy, messages, refusal));
                return;
            }

            Gateway.Keys.DataKeyLease lease;
            try
            {
                lease = await context.LeaseDataKeyAsync(target!);
            }
            catch (SqsException error)
            {
                await services.Writer.AppendAsync(envelope, EventTypes.DeadLetterMoveRefused, json => WriteRefusal(json, context, source, policy, messages, error.Message));
                return;
            }

            // FIFO: the message's deduplication id becomes its message id, so two messages that shared one both land (SQS does this).
            var fifo = QueueSettings.Of(target!).Fifo is not null;
            var resealed = messages.Select(m => new StoredEntry(
                MessageSeal.Seal(fifo ? m.Message with { DeduplicationId = m.Claim.MessageId.ToString() } : m.Message, lease.Key, lease.KekVersion, target!.Arn),
                m.SenderId, m.SenderArn, source.Arn)).ToList();
            var prepared = target!;
            var outcome = await services.Writer.ExecuteAsync(envelope, async tx =>
            {
                var current = await RedriveTargets.FindAsync(tx, policy);
                if (current is null || !current.HasSameSettings(prepared) || !await tx.DataKeys.IsLiveAsync(lease.Key.KeyId))
                {
                    return new Logged<bool>(false, EventTypes.MessagesMovedToDeadLetterQueue) { Append = false };
                }

                // A purge committed since the receive claimed them retired the keys they are sealed under: they are the purge's, its
                // sweep removes them, and its end destroys those keys. Moved, they would outlive the purge under a key of the target.
                var live = await tx.DataKeys.LiveAmongAsync(messages.Select(m => m.KeyId).ToList());
                var purged = messages.Where(m => !live.Contains(m.KeyId)).ToList();
                var movable = messages.Where(m => live.Contains(m.KeyId)).Select(m => new Receipt(m.Claim.Key, m.Claim.ReceiptNonce)).ToList();
                var removed = movable.Count == 0 ? [] : (await tx.Messages.DeleteAsync(source.QueueId, movable)).Select(r => r.Key).ToHashSet();
                var moved = messages.Select((m, i) => (Message: m, Entry: resealed[i])).Where(p => removed.Contains(p.Message.Claim.Key)).ToList();
                // A standard queue's message keeps its enqueue time, so the target's retention counts from the original send; a FIFO
                // queue's restarts at the move and the message takes the next sequence number of its group there. The receive that
                // found it over the limit does not count, so the target's first receive sees one more than the last delivery.
                var retention = QueueSettings.Of(current).MessageRetentionPeriod;
                var sequences = fifo && moved.Count > 0
                    ? await tx.Messages.NextSequencesAsync(current.QueueId, moved.Select(p => p.Message.Message.GroupId!).ToList(), tx.Now)
                    : null;
                tx.Messages.Insert(current.QueueId, tx.Position, tx.EventId, moved.Select((p, i) => new NewMessage(
                    (short)i, p.Message.Claim.MessageId, p.Message.Claim.SentAt, tx.Now, (fifo ? tx.Now : p.Message.Claim.SentAt).AddSeconds(retention),
                    p.Entry.Message.KeyId, p.Message.Claim.ReceiveCount - 1, sequences is null ? null : new FifoPlace(p.Message.Message.GroupId!, sequences[i]))).ToList());
                tx.Signal(current.QueueId);
                return new Logged<bool>(true, EventTypes.MessagesMovedToDeadLetterQueue, json =>
                {
                    WriteCommon(json, context, source, policy.DeadLetterTargetArn);
                    json.WriteNumber("queueId", current.QueueId);
                    json.WriteString("reason", "maxReceiveCount");
                    json.WriteNumber("maxReceiveCount", policy.MaxReceiveCount);
                    StoredMessages.WriteMoved(json, moved.Select(p => p.Entry).ToList());
                    json.WriteStrings("purged", purged.Select(m => m.Claim.MessageId.ToString()), omitEmpty: true);
                })
                {
                    Attachment = StoredMessages.Attachment(moved.Select(p => p.Entry.Message).ToList()),
                };
            });

            if (outcome.Result)
            {
                return;
            }

            // The writer refused the lease (the target changed, or its key was destroyed): the next attempt leases anew.
            services.Keys.Release(lease);
        }

        // Each retry follows a committed change to the target or its keys; the messages come back after their visibility timeout.
    }

    // The gateway's own work, on behalf of the receive that found the messages; the detail names that receive's request id.
    private static AuditEnvelope Envelope(SqsContext context, QueueRecord source, RedrivePolicy policy) =>
        new(Guid.NewGuid(), "MoveToDeadLetterQueue", "secq:system", null, "internal", null, source.Arn, null, null)
        {
            EventSource = context.Envelope.EventSource,
            Region = source.Region,
            ReadOnly = false,
            DataEvent = true,
            RequestParameters = null,
        };

    private static void WriteCommon(System.Text.Json.Utf8JsonWriter json, SqsContext context, QueueRecord source, string targetArn)
    {
        json.WriteString("receiveRequestId", context.Envelope.RequestId);
        json.WriteNumber("sourceQueueId", source.QueueId);
        json.WriteString("sourceArn", source.Arn);
        json.WriteString("targetArn", targetArn);
    }

    private static void WriteRefusal(
        System.Text.Json.Utf8JsonWriter json, SqsContext context, QueueRecord source, RedrivePolicy policy, IReadOnlyList<OpenedMessage> messages, string reason)
    {
        WriteCommon(json, context, source, policy.DeadLetterTargetArn);
        json.WriteString("reason", reason);
        json.WriteStrings("messages", messages.Select(m => m.Claim.MessageId.ToString()));
    }
}

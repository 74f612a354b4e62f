using SecureQueue.Sqs.Errors;
using SecureQueue.Log.Events;
using SecureQueue.Log.Messages;
using SecureQueue.Log.Queues;

namespace SecureQueue.Sqs.Messages;

/// <summary>
/// Execute before append for sends: messages are checked and sealed on the request path, against the queue as read
/// to authorize the call and the queue's leased data key; the writer only re-checks the queue and the key and
/// stores the finished rows with the call's event. When the queue changed meanwhile or the key was destroyed, the
/// writer stores nothing and appends nothing, and the messages are checked and sealed again: still one event per call.
/// On a FIFO queue the writer also numbers the messages in their groups and drops duplicates within the deduplication
/// window (the call still appends its event, naming the duplicates and the originals they matched).
/// </summary>
internal static class MessageSending
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Sends the requests <paramref name="accept"/> picks for a queue record (it checks the queue's limits and may
    /// set entries aside); returns each sent request with its message id, once the call's event is committed.
    /// </summary>
    public static async Task<IReadOnlyList<SentMessage>> SendAsync(SqsContext context, Func<QueueRecord, IReadOnlyList<SendRequest>> accept)
    {
        var queue = context.RequireAuthorizedQueue();
        for (var attempt = 1; ; attempt++)
        {
            var requests = accept(queue);
            var lease = requests.Count == 0 ? null : await context.LeaseDataKeyAsync(queue);
            var queueArn = context.QueueArn(queue.Name);
            var prepared = queue;
            var sealedMessages = lease is null ? [] : requests.Select(r => r.Seal(lease.Key, lease.KekVersion, prepared, queueArn)).ToList();
            var placement = FifoSending.Placement(prepared, requests, sealedMessages);
            var outcome = await context.LogAsync(async tx =>
            {
                var current = await context.RequireQueueAsync(tx);
                if (!current.HasSameSettings(prepared) || (lease is not null && !await tx.DataKeys.IsLiveAsync(lease.Key.KeyId)))
                {
                    return new Logged<(QueueRecord?, IReadOnlyList<SentMessage>)>((current, []), EventTypes.MessagesSent) { Append = false };
                }

                var sent = await FifoSending.PlaceAsync(tx, placement, requests, sealedMessages);
                var stored = sent.Select((s, i) => (Sent: s, Sealed: i < sealedMessages.Count ? sealedMessages[i] : null)).Where(p => !p.Sent.Duplicate).ToList();
                if (stored.Count > 0)
                {
                    tx.Messages.Insert(current.QueueId, tx.Position, tx.EventId, stored.Select((p, i) =>
                        p.Sent.Request.Row(current, (short)i, tx.Now, p.Sealed!, p.Sent.Sequence is { } sequence ? new FifoPlace(p.Sent.Request.GroupId!, sequence) : null)).ToList());
                    tx.Signal(current.QueueId);
                }

                var storedSealed = stored.Select(p => p.Sealed!).ToList();
                return new Logged<(QueueRecord?, IReadOnlyList<SentMessage>)>((null, sent), EventTypes.MessagesSent, json =>
                {
                    StoredMessages.Write(json, current.QueueId, context.Caller.CredentialId, storedSealed);
                    FifoSending.WriteDetail(json, sent);
                })
                {
                    Attachment = StoredMessages.Attachment(storedSealed),
                };
            }, lease?.Key.KeyId, place: placement);

            if (outcome.Item1 is not { } changed)
            {
                return outcome.Item2;
            }

            if (lease is not null)
            {
                context.Services.Keys.Release(lease);
            }

            // Each retry follows a committed change to the queue or its keys; endless change is a server-side failure.
            queue = attempt < MaxAttempts ? changed : throw SqsErrors.InternalFailure();
        }
    }
}

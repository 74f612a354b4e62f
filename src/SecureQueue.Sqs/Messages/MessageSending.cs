using SecureQueue.Sqs.Errors;
using SecureQueue.Log.Events;
using SecureQueue.Log.Queues;

namespace SecureQueue.Sqs.Messages;

/// <summary>
/// Execute before append for sends: messages are checked and sealed on the request path, against the queue as read
/// to authorize the call and the queue's leased data key; the writer only re-checks the queue and the key and
/// stores the finished rows with the call's event. When the queue changed meanwhile or the key was destroyed, the
/// writer stores nothing and appends nothing, and the messages are checked and sealed again: still one event per call.
/// </summary>
public static class MessageSending
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Sends the requests <paramref name="accept"/> picks for a queue record (it checks the queue's limits and may
    /// set entries aside); returns each sent request with its message id, once the call's event is committed.
    /// </summary>
    public static async Task<IReadOnlyList<(SendRequest Request, Guid MessageId)>> SendAsync(
        SqsContext context, Func<QueueRecord, IReadOnlyList<SendRequest>> accept)
    {
        var queue = context.RequireAuthorizedQueue();
        for (var attempt = 1; ; attempt++)
        {
            var requests = accept(queue);
            var lease = requests.Count == 0 ? null : await context.LeaseDataKeyAsync(queue);
            var queueArn = context.QueueArn(queue.Name);
            var sealedMessages = lease is null ? [] : requests.Select(r => r.Seal(lease.Key, lease.KekVersion, queueArn)).ToList();
            var prepared = queue;
            var changed = await context.LogAsync(async tx =>
            {
                var current = await context.RequireQueueAsync(tx);
                if (!current.HasSameSettings(prepared) || (lease is not null && !await tx.DataKeys.IsLiveAsync(lease.Key.KeyId)))
                {
                    return new Logged<QueueRecord?>(current, "MessagesSent") { Append = false };
                }

                if (sealedMessages.Count > 0)
                {
                    tx.Messages.Insert(current.QueueId, tx.Position, tx.EventId, sealedMessages.Select((m, i) => requests[i].Row(current, (short)i, tx.Now, m)).ToList());
                    tx.Signal(current.QueueId);
                }

                return new Logged<QueueRecord?>(null, "MessagesSent",
                    json => StoredMessages.Write(json, current.QueueId, context.Caller.CredentialId, sealedMessages))
                {
                    Attachment = StoredMessages.Attachment(sealedMessages),
                };
            });

            if (changed is null)
            {
                return requests.Select((r, i) => (r, sealedMessages[i].MessageId)).ToList();
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

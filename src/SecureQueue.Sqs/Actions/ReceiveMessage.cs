using SecureQueue.Crypto.Receipts;
using SecureQueue.Gateway.Authorization;
using SecureQueue.Sqs.Messages;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Sqs.Queues;
using SecureQueue.Log.Events;
using SecureQueue.Log.Messages;
using SecureQueue.Log.Queues;

namespace SecureQueue.Sqs.Actions;

/// <summary>
/// ReceiveMessage with long polling. Before each attempt a probe on a pooled connection asks whether anything looks
/// claimable; only then does the attempt claim in the writer, so an empty poll holds no writer transaction while it
/// waits for a commit signal (or the next delayed message). The call appends exactly one event, at its end: with the
/// claimed messages, or empty at its deadline. A claim that loses a race to another receiver leaves no event and the
/// poll waits again. A client that disconnects ends the wait: the call claims nothing, since no one would get the
/// messages, and appends its event marked <c>clientDisconnected</c>.
/// </summary>
internal sealed class ReceiveMessage : SqsAction
{
    private static readonly TimeSpan FallbackPoll = TimeSpan.FromSeconds(1);

    public override string Name => "ReceiveMessage";

    public override bool HasResult => true;

    public override bool DataEvent => true;

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override KeyUse? KeyUseOf(SqsParameters parameters, QueueRecord? queue) => QueueKey(queue, KeyUse.Decrypt);

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var parameters = context.Parameters;
        var max = parameters.IntInRange("MaxNumberOfMessages", 1, SqsLimits.MaxReceiveMessages, $"Must be between 1 and {SqsLimits.MaxReceiveMessages}, if provided.") ?? 1;
        var visibility = parameters.IntInRange("VisibilityTimeout", 0, SqsLimits.MaxVisibilityTimeout, $"Must be >= 0 and <= {SqsLimits.MaxVisibilityTimeout}, if provided.");
        var wait = parameters.IntInRange("WaitTimeSeconds", 0, SqsLimits.MaxWaitTimeSeconds, $"Must be >= 0 and <= {SqsLimits.MaxWaitTimeSeconds}, if provided.");
        var selection = AttributeSelection.Parse(parameters);
        var attemptId = FifoIds.Check(parameters, "ReceiveRequestAttemptId");
        var time = context.Services.Time;
        var queue = context.RequireAuthorizedQueue();
        var deadline = time.GetUtcNow().AddSeconds(wait ?? QueueSettings.Of(queue).ReceiveMessageWaitTimeSeconds);

        while (true)
        {
            var disconnected = context.RequestAborted.IsCancellationRequested;

            // Taken before the probe, so a commit that lands after the probe still wakes this poll.
            var signal = context.Services.Signals.Next(queue.QueueId);

            // A poll with no time left to wait goes to the writer anyway (its claim, or its empty event, is final), so a
            // probe would only add a query.
            var probe = disconnected || time.GetUtcNow() >= deadline ? null : await context.Services.Reader.ProbeAsync(queue.QueueId, time.GetUtcNow(), QueueSettings.Of(queue).Fifo is not null, CancellationToken.None);
            if (disconnected || probe is { QueueExists: true, LooksClaimable: false })
            {
                if (disconnected || time.GetUtcNow() >= deadline)
                {
                    var timeout = visibility ?? QueueSettings.Of(queue).VisibilityTimeout;
                    await context.AppendAsync(EventTypes.MessagesReceived, json => WriteDetail(json, queue.QueueId, timeout, [], [], disconnected, []));
                    return new ResponseObject();
                }

                await WaitAsync(context, signal, probe!.NextVisibleAt, deadline);
                continue;
            }

            var attempt = await ClaimAsync(context, queue, max, visibility, deadline, attemptId);
            if (attempt.Unreadable.Count > 0)
            {
                context.Services.Metrics.Unreadable(attempt.Unreadable.Count);
            }

            if (attempt.Appended)
            {
                if (attempt.DeadLettered.Count > 0)
                {
                    await DeadLetters.MoveAsync(context, attempt.Queue, attempt.DeadLettered);
                }

                return Response(context, attempt, selection);
            }

            // Another receiver claimed what the probe saw: nothing was appended, and the poll goes on.
            queue = attempt.Queue;
            await WaitAsync(context, signal, null, deadline);
        }
    }

    /// <summary>
    /// One claim in the writer; its event is appended when it claimed something or the deadline has passed. On a standard
    /// queue the writer makes the claim with the batch's other receives, from the settings of <paramref name="known"/>,
    /// the queue as last read: it is handed over only if the queue read in the transaction asks for the same claim.
    /// </summary>
    private static Task<Attempt> ClaimAsync(SqsContext context, QueueRecord known, int max, int? visibility, DateTimeOffset deadline, string? attemptId) => context.LogAsync(async tx =>
    {
        var queue = await context.RequireQueueAsync(tx);
        var timeout = visibility ?? QueueSettings.Of(queue).VisibilityTimeout;
        var fifo = QueueSettings.Of(queue).Fifo is not null;
        var attemptHash = fifo && attemptId is not null ? FifoIds.Hash("receive-attempt", attemptId) : null;
        var repeated = attemptHash is null ? null : await tx.Messages.RepeatAttemptAsync(queue.QueueId, attemptHash, tx.Now, tx.Now.AddSeconds(timeout));
        var claimed = repeated
            ?? (fifo
                ? await tx.Messages.ClaimFifoAsync(queue.QueueId, tx.Now, max, tx.Now.AddSeconds(timeout), tx.Position)
                : await tx.Messages.ClaimAsync(queue.QueueId, tx.Now, max, tx.Now.AddSeconds(timeout), tx.Position));
        var final = claimed.Messages.Count > 0 || tx.Now >= deadline;
        var opened = claimed.Messages.Count > 0 ? await OpenAsync(context, tx, queue.Name, claimed) : [];
        var unreadable = claimed.Messages.Where(c => opened.All(o => o.Claim != c)).Select(c => c.MessageId).ToList();

        // Received maxReceiveCount times already: not delivered again, but moved to the dead-letter queue once this commits.
        var limit = QueueSettings.Of(queue).Redrive?.MaxReceiveCount ?? int.MaxValue;
        var deadLettered = opened.Where(o => o.Claim.ReceiveCount > limit).ToList();
        var delivered = opened.Where(o => o.Claim.ReceiveCount <= limit).ToList();
        if (attemptHash is not null && repeated is null && delivered.Count > 0)
        {
            // A retry with this ReceiveRequestAttemptId within the window gets these same messages and receipts back.
            await tx.Messages.RememberAttemptAsync(queue.QueueId, attemptHash, delivered.Select(o => o.Claim).ToList(), tx.Position, tx.Now.AddSeconds(timeout), tx.Now);
        }

        return new Logged<Attempt>(new Attempt(queue, delivered, unreadable, final, deadLettered, claimed.FirstClaimedAt ?? tx.Now), EventTypes.MessagesReceived,
            json =>
            {
                WriteDetail(json, queue.QueueId, timeout, claimed.Messages, unreadable, false, deadLettered);
                if (repeated is not null)
                {
                    json.WriteBoolean("repeatedAttempt", true);
                }
            })
        {
            Append = final,
        };
    },
    claim: QueueSettings.Of(known).Fifo is null ? new ClaimRequest(known.QueueId, max, TimeSpan.FromSeconds(visibility ?? QueueSettings.Of(known).VisibilityTimeout)) : null);

    private static async Task WaitAsync(SqsContext context, Task signal, DateTimeOffset? nextVisibleAt, DateTimeOffset deadline)
    {
        var now = context.Services.Time.GetUtcNow();
        var until = deadline;
        if (nextVisibleAt is { } next && next < until)
        {
            until = next;
        }

        var delay = until - now;
        if (delay > FallbackPoll)
        {
            delay = FallbackPoll;
        }

        if (delay > TimeSpan.Zero)
        {
            // A disconnect cancels the delay, which only ends the wait: the next attempt sees it and appends the event.
            using var waiting = context.Services.Metrics.Waiting();
            await Task.WhenAny(signal, Task.Delay(delay, context.Services.Time, context.RequestAborted));
        }
    }

    /// <summary>Opens each claimed message; one that fails to open (tampered, or its key destroyed) is left out and reported.</summary>
    private static async Task<List<OpenedMessage>> OpenAsync(SqsContext context, LogTransaction tx, string queueName, ClaimedBatch claimed)
    {
        var stored = StoredMessages.ReadClaimed(claimed);
        var keys = await context.Services.Keys.ResolveAsync(tx, stored.Select(s => s.Entry.Message.KeyId));
        var queueArn = context.QueueArn(queueName);
        var opened = new List<OpenedMessage>(stored.Count);
        foreach (var (claim, (sealedMessage, senderId, senderArn, sourceArn)) in stored)
        {
            if (sealedMessage.MessageId == claim.MessageId && keys.GetValueOrDefault(sealedMessage.KeyId) is { } key
                && MessageSeal.TryOpen(sealedMessage, key, queueArn, out var message))
            {
                opened.Add(new OpenedMessage(claim, message, senderId, senderArn, sourceArn) { KeyId = sealedMessage.KeyId });
            }
        }

        return opened;
    }

    private static ResponseObject Response(SqsContext context, Attempt attempt, AttributeSelection selection)
    {
        var queueArn = context.QueueArn(attempt.Queue.Name);
        var messages = new List<ResponseNode>(attempt.Messages.Count);
        foreach (var (claim, message, senderId, senderArn, sourceArn) in attempt.Messages)
        {
            var handle = context.Services.Receipts.Encode(
                new ReceiptHandleParts(attempt.Queue.QueueId, claim.Key.Position, claim.Key.Index, claim.ReceiptNonce) { ReceivedAt = attempt.ReceivedAt });
            var node = new ResponseObject()
                .Add("MessageId", message.MessageId.ToString())
                .Add("ReceiptHandle", handle)
                .Add("MD5OfBody", Md5Digests.OfBody(message.Body))
                .Add("Body", message.Body);
            var system = selection.SystemAttributes(claim, message, senderId, sourceArn).ToList();
            if (system.Count > 0)
            {
                node.AddMap("Attributes", "Attribute", "Name", "Value", system);
            }

            var user = selection.UserAttributes(message.Attributes);
            foreach (var (name, value) in selection.SignatureAttributes(context.Services.Keys.SigningKey(queueArn), queueArn, message, senderArn, claim.SentAt))
            {
                user[name] = value;
            }

            if (user.Count > 0)
            {
                node.Add("MD5OfMessageAttributes", Md5Digests.OfAttributes(user)).Add("MessageAttributes", MessageResponses.Attributes(user));
            }

            messages.Add(node);
        }

        var result = new ResponseObject();
        return messages.Count == 0 ? result : result.Add("Messages", new ResponseList("Message", messages));
    }

    private static void WriteDetail(
        System.Text.Json.Utf8JsonWriter json, long queueId, int visibilityTimeout, IReadOnlyList<ClaimedMessage> claimed, List<Guid> unreadable, bool disconnected,
        IReadOnlyList<OpenedMessage> deadLettered)
    {
        json.WriteNumber("queueId", queueId);
        json.WriteNumber("visibilityTimeout", visibilityTimeout);
        json.WriteStartArray("messages");
        foreach (var claim in claimed)
        {
            json.WriteStartObject();
            json.WriteString("id", claim.MessageId);
            json.WriteNumber("receiveCount", claim.ReceiveCount);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        // Tampered ciphertext or a destroyed key: recorded so the security team sees it, never delivered.
        json.WriteStrings("unreadable", unreadable.Select(id => id.ToString()), omitEmpty: true);
        json.WriteStrings("deadLettered", deadLettered.Select(m => m.Claim.MessageId.ToString()), omitEmpty: true);
        if (disconnected)
        {
            json.WriteBoolean("clientDisconnected", true);
        }
    }

    /// <param name="ReceivedAt">When the messages were claimed: their handles carry it, as SQS counts total visibility from it.</param>
    private sealed record Attempt(
        QueueRecord Queue, IReadOnlyList<OpenedMessage> Messages, IReadOnlyList<Guid> Unreadable, bool Appended, IReadOnlyList<OpenedMessage> DeadLettered,
        DateTimeOffset ReceivedAt);
}

using SecureQueue.Crypto.Receipts;
using SecureQueue.Gateway.Authorization;
using SecureQueue.Gateway.Sqs.Messages;
using SecureQueue.Gateway.Sqs.Protocol;
using SecureQueue.Gateway.Sqs.Queues;
using SecureQueue.Storage.Log;
using SecureQueue.Storage.Messages;
using SecureQueue.Storage.Queues;

namespace SecureQueue.Gateway.Sqs.Actions;

/// <summary>
/// ReceiveMessage with long polling: each attempt is a claim in the writer; an empty attempt before the
/// deadline leaves no event and waits for a commit signal (or the next delayed message), so a call still
/// appends exactly one event. A client that disconnects ends the wait: its last attempt claims nothing, since no
/// one would get the messages, and appends the call's event marked <c>clientDisconnected</c>.
/// </summary>
public sealed class ReceiveMessage : SqsAction
{
    private static readonly TimeSpan FallbackPoll = TimeSpan.FromSeconds(1);

    public override string Name => "ReceiveMessage";

    public override bool HasResult => true;

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override KeyUse? KeyUseOf(SqsParameters parameters, QueueRecord? queue) => QueueKey(queue, KeyUse.Decrypt);

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var parameters = context.Parameters;
        var max = parameters.IntInRange("MaxNumberOfMessages", 1, 10, "Must be between 1 and 10, if provided.") ?? 1;
        var visibility = parameters.IntInRange("VisibilityTimeout", 0, 43_200, "Must be >= 0 and <= 43200, if provided.");
        var wait = parameters.IntInRange("WaitTimeSeconds", 0, 20, "Must be >= 0 and <= 20, if provided.");
        var selection = AttributeSelection.Parse(parameters);
        var time = context.Services.Time;
        DateTimeOffset? deadline = wait is { } seconds ? time.GetUtcNow().AddSeconds(seconds) : null;

        while (true)
        {
            var disconnected = context.RequestAborted.IsCancellationRequested;
            var attempt = await context.LogAsync(async tx =>
            {
                var queue = await context.RequireQueueAsync(tx);
                deadline ??= tx.Now.AddSeconds(QueueAttributes.Int(queue, QueueAttributes.ReceiveMessageWaitTimeSeconds));
                var timeout = visibility ?? QueueAttributes.Int(queue, QueueAttributes.VisibilityTimeout);
                IReadOnlyList<ClaimedMessage> claimed = disconnected ? [] : await tx.Messages.ClaimAsync(queue.QueueId, tx.Now, max, tx.Now.AddSeconds(timeout), tx.Position);
                var final = disconnected || claimed.Count > 0 || tx.Now >= deadline;
                var next = final ? null : await tx.Messages.NextVisibleAtAsync(queue.QueueId);
                var opened = claimed.Count > 0 ? await OpenAsync(context, tx, queue.Name, claimed) : [];
                var unreadable = claimed.Where(c => opened.All(o => o.Claim != c)).Select(c => c.MessageId).ToList();
                var attemptResult = new Attempt(queue.QueueId, queue.Name, opened, unreadable, next);
                return new Logged<Attempt>(attemptResult, "MessagesReceived", json => WriteDetail(json, queue.QueueId, timeout, claimed, unreadable, disconnected))
                {
                    Append = final,
                };
            });

            if (attempt.Unreadable.Count > 0)
            {
                context.Services.Metrics.Unreadable(context.QueueArn(attempt.QueueName), attempt.Unreadable.Count);
            }

            if (disconnected || attempt.Messages.Count > 0 || attempt.Unreadable.Count > 0 || time.GetUtcNow() >= deadline)
            {
                return Response(context, attempt, selection);
            }

            await WaitAsync(context, attempt, deadline!.Value);
        }
    }

    private static async Task WaitAsync(SqsContext context, Attempt attempt, DateTimeOffset deadline)
    {
        var signal = context.Services.Signals.Next(attempt.QueueId);
        var now = context.Services.Time.GetUtcNow();
        var until = deadline;
        if (attempt.NextVisibleAt is { } next && next < until)
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
            await Task.WhenAny(signal, Task.Delay(delay, context.Services.Time, context.RequestAborted));
        }
    }

    /// <summary>Opens each claimed message; one that fails to open (tampered, or its key destroyed) is left out and reported.</summary>
    private static async Task<List<OpenedMessage>> OpenAsync(SqsContext context, LogTransaction tx, string queueName, IReadOnlyList<ClaimedMessage> claimed)
    {
        var events = await tx.Messages.ReadSendEventsAsync(claimed.Select(c => c.Key.Position));
        var stored = claimed.Select(c => (Claim: c, Entry: StoredMessages.Read(events[c.Key.Position], c.Key.Index))).ToList();
        var keys = await context.Services.Keys.ResolveAsync(tx, stored.Select(s => s.Entry.Message.KeyId));
        var queueArn = context.QueueArn(queueName);
        var opened = new List<OpenedMessage>(claimed.Count);
        foreach (var (claim, (sealedMessage, senderId, senderArn)) in stored)
        {
            if (sealedMessage.MessageId == claim.MessageId && keys.GetValueOrDefault(sealedMessage.KeyId) is { } key
                && MessageSeal.TryOpen(sealedMessage, key, queueArn, out var message))
            {
                opened.Add(new OpenedMessage(claim, message, senderId, senderArn));
            }
        }

        return opened;
    }

    private static ResponseObject Response(SqsContext context, Attempt attempt, AttributeSelection selection)
    {
        var queueArn = context.QueueArn(attempt.QueueName);
        var messages = new List<ResponseNode>(attempt.Messages.Count);
        foreach (var (claim, message, senderId, senderArn) in attempt.Messages)
        {
            var handle = context.Services.Receipts.Encode(new ReceiptHandleParts(attempt.QueueId, claim.Key.Position, claim.Key.Index, claim.ReceiptNonce));
            var node = new ResponseObject()
                .Add("MessageId", message.MessageId.ToString())
                .Add("ReceiptHandle", handle)
                .Add("MD5OfBody", Md5Digests.OfBody(message.Body))
                .Add("Body", message.Body);
            var system = selection.SystemAttributes(claim, message, senderId).ToList();
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
        System.Text.Json.Utf8JsonWriter json, long queueId, int visibilityTimeout, IReadOnlyList<ClaimedMessage> claimed, List<Guid> unreadable, bool disconnected)
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
        if (disconnected)
        {
            json.WriteBoolean("clientDisconnected", true);
        }
    }

    private sealed record OpenedMessage(ClaimedMessage Claim, StoredMessage Message, string SenderId, string SenderArn);

    private sealed record Attempt(long QueueId, string QueueName, IReadOnlyList<OpenedMessage> Messages, IReadOnlyList<Guid> Unreadable, DateTimeOffset? NextVisibleAt);
}

using SecureQueue.Crypto.Receipts;
using SecureQueue.Gateway.Sqs.Messages;
using SecureQueue.Gateway.Sqs.Protocol;
using SecureQueue.Gateway.Sqs.Queues;
using SecureQueue.Storage.Log;
using SecureQueue.Storage.Messages;

namespace SecureQueue.Gateway.Sqs.Actions;

/// <summary>
/// ReceiveMessage with long polling: each attempt is a claim in the writer; an empty attempt before the
/// deadline leaves no event and waits for a commit signal (or the next delayed message), so a call still
/// appends exactly one event.
/// </summary>
public sealed class ReceiveMessage : SqsAction
{
    private static readonly TimeSpan FallbackPoll = TimeSpan.FromSeconds(1);

    public override string Name => "ReceiveMessage";

    public override bool HasResult => true;

    public override ResourceKind Resource => ResourceKind.QueueUrl;

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
            var attempt = await context.LogAsync(async tx =>
            {
                var queue = await context.RequireQueueAsync(tx);
                deadline ??= tx.Now.AddSeconds(QueueAttributes.Int(queue, QueueAttributes.ReceiveMessageWaitTimeSeconds));
                var timeout = visibility ?? QueueAttributes.Int(queue, QueueAttributes.VisibilityTimeout);
                var claimed = await tx.Messages.ClaimAsync(queue.QueueId, tx.Now, max, tx.Now.AddSeconds(timeout), tx.Position);
                var final = claimed.Count > 0 || tx.Now >= deadline;
                var next = final ? null : await tx.Messages.NextVisibleAtAsync(queue.QueueId);
                var bodies = claimed.Count > 0 ? await tx.Messages.ReadSendEventsAsync(claimed.Select(c => c.Key.Position)) : null;
                var attemptResult = new Attempt(queue.QueueId, claimed, bodies, next);
                return new Logged<Attempt>(attemptResult, "MessagesReceived", json => WriteDetail(json, queue.QueueId, timeout, claimed))
                {
                    Append = final,
                };
            });

            if (attempt.Claimed.Count > 0 || time.GetUtcNow() >= deadline)
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
            await Task.WhenAny(signal, Task.Delay(delay, context.Services.Time));
        }
    }

    private static ResponseObject Response(SqsContext context, Attempt attempt, AttributeSelection selection)
    {
        var messages = new List<ResponseNode>(attempt.Claimed.Count);
        foreach (var claim in attempt.Claimed)
        {
            var (message, senderId) = StoredMessages.Read(attempt.Events![claim.Key.Position], claim.Key.Index);
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
            if (user.Count > 0)
            {
                node.Add("MD5OfMessageAttributes", Md5Digests.OfAttributes(user)).Add("MessageAttributes", MessageResponses.Attributes(user));
            }

            messages.Add(node);
        }

        var result = new ResponseObject();
        return messages.Count == 0 ? result : result.Add("Messages", new ResponseList("Message", messages));
    }

    private static void WriteDetail(System.Text.Json.Utf8JsonWriter json, long queueId, int visibilityTimeout, IReadOnlyList<ClaimedMessage> claimed)
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
    }

    private sealed record Attempt(long QueueId, IReadOnlyList<ClaimedMessage> Claimed, IReadOnlyDictionary<long, byte[]>? Events, DateTimeOffset? NextVisibleAt);
}

using System.Text;
using SecureQueue.Crypto.Keys;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Sqs.Queues;
using SecureQueue.Log.Messages;
using SecureQueue.Log.Queues;

namespace SecureQueue.Sqs.Messages;

/// <summary>One message to send, as SendMessage or a SendMessageBatch entry carries it.</summary>
internal sealed record SendRequest(
    string Body, IReadOnlyDictionary<string, MessageAttributeValue> Attributes, string? TraceHeader, int? DelaySeconds, string? GroupId,
    string? DeduplicationId)
{
    public const string TraceHeaderName = "AWSTraceHeader";

    /// <summary>Decodes and checks everything that does not depend on the queue.</summary>
    public static SendRequest Parse(SqsParameters parameters)
    {
        var body = parameters.String("MessageBody");
        var attributes = parameters.AttributeValues("MessageAttributes", "MessageAttribute");
        MessageValidation.Validate(body, attributes, int.MaxValue);
        var groupId = FifoIds.Check(parameters, "MessageGroupId");
        var deduplicationId = FifoIds.Check(parameters, "MessageDeduplicationId");
        var delay = parameters.IntInRange("DelaySeconds", 0, SqsLimits.MaxDelaySeconds, $"DelaySeconds must be >= 0 and <= {SqsLimits.MaxDelaySeconds}.");
        return new SendRequest(
            body!, attributes, ReadTraceHeader(parameters.AttributeValues("MessageSystemAttributes", "MessageSystemAttribute")), delay, groupId, deduplicationId);
    }

    /// <summary>
    /// What a FIFO queue requires of the whole request (SQS fails a batch as a whole for these): a MessageGroupId on every
    /// message, and a MessageDeduplicationId unless the queue deduplicates by content.
    /// </summary>
    public void CheckRequest(QueueRecord queue, bool batch)
    {
        if (QueueSettings.Of(queue).Fifo is not { } fifo)
        {
            return;
        }

        if (GroupId is null)
        {
            throw batch ? SqsErrors.InvalidParameterValue("The request must contain the parameter MessageGroupId.") : SqsErrors.MissingParameter("MessageGroupId");
        }

        if (DeduplicationId is null && !fifo.ContentBasedDeduplication)
        {
            throw SqsErrors.InvalidParameterValue("The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
        }
    }

    /// <summary>The deduplication id SQS uses: the one sent, else (content-based) the SHA-256 of the body, in hex.</summary>
    public string? EffectiveDeduplicationId(QueueRecord queue) =>
        QueueSettings.Of(queue).Fifo is null ? null
        : DeduplicationId ?? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Body)));

    /// <summary>Bytes this message counts towards a batch's 1 MiB limit.</summary>
    public int Size => Encoding.UTF8.GetByteCount(Body)
        + Attributes.Sum(a => Encoding.UTF8.GetByteCount(a.Key) + Encoding.UTF8.GetByteCount(a.Value.DataType)
            + (a.Value.StringValue is { } s ? Encoding.UTF8.GetByteCount(s) : a.Value.BinaryValue?.Length ?? 0));

    /// <summary>Checks the queue's own limits; called before anything is written for the call.</summary>
    public void CheckLimits(QueueRecord queue)
    {
        MessageValidation.Validate(Body, Attributes, QueueSettings.Of(queue).MaximumMessageSize);
        if (QueueSettings.Of(queue).Fifo is null)
        {
            if (DeduplicationId is not null)
            {
                throw SqsErrors.InvalidParameterValue("The request include parameter that is not valid for this queue type");
            }
        }
        else if (DelaySeconds is > 0)
        {
            throw SqsErrors.InvalidParameter(
                "DelaySeconds", DelaySeconds.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "The request include parameter that is not valid for this queue type.");
        }
    }

    /// <summary>Gives the message its id and seals it under the queue's current data key (limits already checked); on the request path.</summary>
    public SealedMessage Seal(DataKey key, int kekVersion, QueueRecord queue, string queueArn) =>
        MessageSeal.Seal(new StoredMessage(Guid.NewGuid(), Body, Attributes, TraceHeader, GroupId, EffectiveDeduplicationId(queue)), key, kekVersion, queueArn);

    /// <summary>The message's projection row, timed when the writer stores it.</summary>
    public NewMessage Row(QueueRecord queue, short index, DateTimeOffset now, SealedMessage sealedMessage, FifoPlace? fifo)
    {
        // FIFO: a per-message delay is refused (0 is allowed) and the queue's delay applies.
        var delay = fifo is null ? DelaySeconds ?? QueueSettings.Of(queue).DelaySeconds : QueueSettings.Of(queue).DelaySeconds;
        return new NewMessage(
            index, sealedMessage.MessageId, now, now.AddSeconds(delay), now.AddSeconds(QueueSettings.Of(queue).MessageRetentionPeriod), sealedMessage.KeyId, Fifo: fifo);
    }

    /// <summary>The send response fields: MD5s over what the caller sent, and the new message id.</summary>
    public ResponseObject Response(SentMessage sent, ResponseObject into) => into
        .Add("MD5OfMessageBody", Md5Digests.OfBody(Body))
        .Add("MD5OfMessageAttributes", Md5Digests.OfAttributes(Attributes))
        .Add("MD5OfMessageSystemAttributes", TraceHeader is null ? null : Md5Digests.OfAttributes(TraceAttributes(TraceHeader)))
        .Add("MessageId", sent.MessageId.ToString())
        .Add("SequenceNumber", sent.Sequence is { } sequence ? FifoIds.SequenceText(sequence) : null);

    public static Dictionary<string, MessageAttributeValue> TraceAttributes(string traceHeader) =>
        new(StringComparer.Ordinal) { [TraceHeaderName] = new MessageAttributeValue("String", traceHeader, null) };

    private static string? ReadTraceHeader(IReadOnlyDictionary<string, MessageAttributeValue> system)
    {
        foreach (var (name, value) in system)
        {
            if (name != TraceHeaderName)
            {
                throw SqsErrors.InvalidParameterValue($"Message system attribute name '{name}' is invalid.");
            }

            if (value.DataType != "String" || string.IsNullOrEmpty(value.StringValue))
            {
                throw SqsErrors.InvalidParameterValue($"Message system attribute '{name}' must contain a non-empty value of type 'String'.");
            }

            MessageValidation.CheckCharacters(value.StringValue, $"Invalid binary character in message system attribute '{name}'.");
        }

        return system.GetValueOrDefault(TraceHeaderName)?.StringValue;
    }
}

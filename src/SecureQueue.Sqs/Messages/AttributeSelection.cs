using System.Globalization;
using SecureQueue.Crypto.Signatures;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Log.Messages;

namespace SecureQueue.Sqs.Messages;

/// <summary>Which system and user attributes a receive asked for; nothing is returned unless asked.</summary>
internal sealed class AttributeSelection
{
    private static readonly HashSet<string> SystemNames = new(StringComparer.Ordinal)
    {
        "All", "SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp", "SequenceNumber",
        "MessageDeduplicationId", "MessageGroupId", "AWSTraceHeader", "DeadLetterQueueSourceArn",
    };

    private readonly HashSet<string> system;
    private readonly IReadOnlyList<string> user;

    private AttributeSelection(HashSet<string> system, IReadOnlyList<string> user)
    {
        this.system = system;
        this.user = user;
    }

    /// <summary>JSON's MessageSystemAttributeNames wins over the deprecated AttributeNames; Query spells both AttributeName.N.</summary>
    public static AttributeSelection Parse(SqsParameters parameters)
    {
        var names = parameters.StringList("MessageSystemAttributeNames", "AttributeName");
        if (names.Count == 0)
        {
            names = parameters.StringList("AttributeNames", "AttributeName");
        }

        foreach (var name in names.Where(n => !SystemNames.Contains(n)))
        {
            throw SqsErrors.InvalidAttributeName($"Unknown Attribute {name}.");
        }

        return new AttributeSelection(new HashSet<string>(names, StringComparer.Ordinal), parameters.StringList("MessageAttributeNames", "MessageAttributeName"));
    }

    public IEnumerable<KeyValuePair<string, string>> SystemAttributes(ClaimedMessage claim, StoredMessage message, string senderId, string? sourceArn = null)
    {
        if (sourceArn is not null && (system.Contains("All") || system.Contains("DeadLetterQueueSourceArn")))
        {
            yield return new("DeadLetterQueueSourceArn", sourceArn);
        }

        var all = system.Contains("All");
        if (all || system.Contains("SenderId"))
        {
            yield return new("SenderId", senderId);
        }

        if (all || system.Contains("SentTimestamp"))
        {
            yield return new("SentTimestamp", claim.SentAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        }

        if (all || system.Contains("ApproximateReceiveCount"))
        {
            yield return new("ApproximateReceiveCount", claim.ReceiveCount.ToString(CultureInfo.InvariantCulture));
        }

        if (all || system.Contains("ApproximateFirstReceiveTimestamp"))
        {
            yield return new("ApproximateFirstReceiveTimestamp", claim.FirstReceivedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        }

        if (message.TraceHeader is not null && (all || system.Contains("AWSTraceHeader")))
        {
            yield return new("AWSTraceHeader", message.TraceHeader);
        }

        if (claim.Sequence is { } sequence && (all || system.Contains("SequenceNumber")))
        {
            yield return new("SequenceNumber", FifoIds.SequenceText(sequence));
        }

        if (message.DeduplicationId is not null && (all || system.Contains("MessageDeduplicationId")))
        {
            yield return new("MessageDeduplicationId", message.DeduplicationId);
        }

        if (message.GroupId is not null && (all || system.Contains("MessageGroupId")))
        {
            yield return new("MessageGroupId", message.GroupId);
        }
    }

    public const string SignatureName = "secq.signature";
    public const string SignatureKeyIdName = "secq.signature.key-id";
    public const string SenderName = "secq.sender";

    private static readonly string[] SignatureNames = [SignatureName, SignatureKeyIdName, SenderName];

    /// <summary>
    /// The gateway's signature attributes a receive asks for, by name or by a <c>secq…</c> prefix (<c>secq.*</c>). <c>All</c> and
    /// <c>.*</c> mean "every attribute the sender set", so what they return, and its MD5, is exactly what the send carried,
    /// as SQS returns it. The signature covers every user attribute of the message.
    /// </summary>
    public IEnumerable<KeyValuePair<string, MessageAttributeValue>> SignatureAttributes(
        MessageSigningKey key, string queueArn, StoredMessage message, string senderArn, DateTimeOffset sentAt)
    {
        var asked = SignatureNames.Where(name => user.Any(p => AsksForSignature(p, name))).ToList();
        if (asked.Count == 0)
        {
            yield break;
        }

        var signature = MessageSignature.Compute(
            key, queueArn, message.MessageId.ToString(), senderArn, sentAt.ToUnixTimeMilliseconds(), message.Body,
            message.Attributes.ToDictionary(a => a.Key, a => (a.Value.DataType, a.Value.StringValue, a.Value.BinaryValue), StringComparer.Ordinal));
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SignatureName] = signature,
            [SignatureKeyIdName] = key.KeyId,
            [SenderName] = senderArn,
        };
        foreach (var name in asked)
        {
            yield return new(name, new MessageAttributeValue("String", values[name], null));
        }
    }

    /// <summary>The user attributes asked for: <c>All</c>, <c>.*</c>, <c>prefix.*</c> or exact names.</summary>
    public Dictionary<string, MessageAttributeValue> UserAttributes(IReadOnlyDictionary<string, MessageAttributeValue> attributes) =>
        attributes.Where(a => user.Any(pattern => Matches(pattern, a.Key))).ToDictionary(StringComparer.Ordinal);

    private static bool AsksForSignature(string pattern, string name) =>
        pattern.EndsWith(".*", StringComparison.Ordinal)
            ? pattern.StartsWith("secq", StringComparison.Ordinal) && Matches(pattern, name)
            : pattern == name;

    private static bool Matches(string pattern, string name) => pattern switch
    {
        "All" or ".*" => true,
        _ when pattern.EndsWith(".*", StringComparison.Ordinal) => name.StartsWith(pattern[..^2], StringComparison.Ordinal),
        _ => pattern == name,
    };
}

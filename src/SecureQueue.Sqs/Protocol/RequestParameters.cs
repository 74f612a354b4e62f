using System.Buffers;
using System.Text.Json;
using SecureQueue.Log.Events;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Queues;

namespace SecureQueue.Sqs.Protocol;

/// <summary>
/// A call's parameters for its audit record (CloudTrail's <c>requestParameters</c>): the members of the action's input
/// shape, named as CloudTrail names them (the JSON member name, first letter lower-case), whichever protocol carried
/// them. Message bodies, attribute values, receipt handles (bearer credentials for a message), policy documents and the
/// FIFO deduplication and receive attempt ids (caller text the projection keeps only as hashes) are never recorded: each present one is written as <see cref="Hidden"/>, as CloudTrail does for SQS message bodies.
/// Values that do not parse are recorded as the text sent; nothing here throws.
/// </summary>
internal static class RequestParameters
{
    public const string Hidden = "HIDDEN_DUE_TO_SECURITY_REASONS";

    /// <summary>Longer caller text is cut (with <c>…</c>, by <see cref="AuditText"/>): a record grows the append-only log by a bounded amount per call.</summary>
    public const int MaxText = 1024;

    /// <summary>Past this, the record keeps only that the parameters were too large, as CloudTrail truncates at 100 KB.</summary>
    public const int MaxBytes = 64 * 1024;

    private static readonly Member QueueUrl = new(Kind.String, "QueueUrl");
    private static readonly Member QueueName = new(Kind.String, "QueueName");
    private static readonly Member Attributes = new(Kind.Map, "Attributes", "Attribute", "Name", "Value");
    private static readonly Member Tags = new(Kind.Map, "Tags", "Tag", "Key", "Value");
    private static readonly Member ReceiptHandle = new(Kind.Hidden, "ReceiptHandle");
    private static readonly Member VisibilityTimeout = new(Kind.Int, "VisibilityTimeout");
    private static readonly Member EntryId = new(Kind.String, "Id");
    private static readonly Member SourceArn = new(Kind.String, "SourceArn");

    private static readonly Member[] SendMembers =
    [
        new(Kind.Hidden, "MessageBody"), new(Kind.Int, "DelaySeconds"), new(Kind.Attributes, "MessageAttributes", "MessageAttribute"),
        new(Kind.Attributes, "MessageSystemAttributes", "MessageSystemAttribute"), new(Kind.Hidden, "MessageDeduplicationId"),
        new(Kind.String, "MessageGroupId"),
    ];

    private static readonly Dictionary<string, Member[]> Shapes = new(StringComparer.Ordinal)
    {
        ["CreateQueue"] = [QueueName, Attributes, new(Kind.Map, "tags", "Tag", "Key", "Value")],
        ["GetQueueUrl"] = [QueueName, new(Kind.String, "QueueOwnerAWSAccountId")],
        ["ListQueues"] = [new(Kind.String, "QueueNamePrefix"), new(Kind.String, "NextToken"), new(Kind.Int, "MaxResults")],
        ["DeleteQueue"] = [QueueUrl],
        ["PurgeQueue"] = [QueueUrl],
        ["ListQueueTags"] = [QueueUrl],
        ["ListDeadLetterSourceQueues"] = [QueueUrl, new(Kind.String, "NextToken"), new(Kind.Int, "MaxResults")],
        ["GetQueueAttributes"] = [QueueUrl, new(Kind.List, "AttributeNames", "AttributeName")],
        ["SetQueueAttributes"] = [QueueUrl, Attributes],
        ["TagQueue"] = [QueueUrl, Tags],
        ["UntagQueue"] = [QueueUrl, new(Kind.List, "TagKeys", "TagKey")],
        ["AddPermission"] = [QueueUrl, new(Kind.String, "Label"), new(Kind.List, "AWSAccountIds", "AWSAccountId"), new(Kind.List, "Actions", "ActionName")],
        ["RemovePermission"] = [QueueUrl, new(Kind.String, "Label")],
        ["SendMessage"] = [QueueUrl, .. SendMembers],
        ["SendMessageBatch"] = [QueueUrl, new(Kind.Entries, "Entries", "SendMessageBatchRequestEntry") { Members = [EntryId, .. SendMembers] }],
        ["ReceiveMessage"] =
        [
            QueueUrl, new(Kind.List, "AttributeNames", "AttributeName"), new(Kind.List, "MessageSystemAttributeNames", "MessageSystemAttributeName"),
            new(Kind.List, "MessageAttributeNames", "MessageAttributeName"), new(Kind.Int, "MaxNumberOfMessages"), VisibilityTimeout,
            new(Kind.Int, "WaitTimeSeconds"), new(Kind.Hidden, "ReceiveRequestAttemptId"),
        ],
        ["DeleteMessage"] = [QueueUrl, ReceiptHandle],
        ["DeleteMessageBatch"] = [QueueUrl, new(Kind.Entries, "Entries", "DeleteMessageBatchRequestEntry") { Members = [EntryId, ReceiptHandle] }],
        ["ChangeMessageVisibility"] = [QueueUrl, ReceiptHandle, VisibilityTimeout],
        ["StartMessageMoveTask"] = [SourceArn, new(Kind.String, "DestinationArn"), new(Kind.Int, "MaxNumberOfMessagesPerSecond")],
        ["ListMessageMoveTasks"] = [SourceArn, new(Kind.Int, "MaxResults")],
        ["CancelMessageMoveTask"] = [new(Kind.String, "TaskHandle")],
        ["ChangeMessageVisibilityBatch"] =
        [
            QueueUrl, new(Kind.Entries, "Entries", "ChangeMessageVisibilityBatchRequestEntry") { Members = [EntryId, ReceiptHandle, VisibilityTimeout] },
        ],
    };

    private enum Kind
    {
        String,
        Int,
        Hidden,
        List,
        Map,
        Attributes,
        Entries,
    }

    /// <summary>The parameters of <paramref name="action"/> as a JSON object; null for an action SQS does not have.</summary>
    public static byte[]? Write(string action, SqsParameters parameters)
    {
        if (!Shapes.TryGetValue(action, out var members))
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteObject(json, members, parameters);
        }

        return buffer.WrittenCount <= MaxBytes ? buffer.WrittenSpan.ToArray() : """{"parametersTooLarge":true}"""u8.ToArray();
    }

    private static void WriteObject(Utf8JsonWriter json, IReadOnlyList<Member> members, SqsParameters parameters)
    {
        json.WriteStartObject();
        foreach (var member in members)
        {
            try
            {
                WriteMember(json, member, parameters);
            }
            catch (SqsException)
            {
                // A malformed list or map the action will refuse: what it was is in the call's error, not here.
                json.WriteString(member.RecordName, "INVALID");
            }
        }

        json.WriteEndObject();
    }

    private static void WriteMember(Utf8JsonWriter json, Member member, SqsParameters parameters)
    {
        switch (member.Kind)
        {
            case Kind.String or Kind.Int or Kind.Hidden:
                WriteScalar(json, member, parameters);
                break;
            case Kind.List when parameters.StringList(member.Name, member.QueryName!) is { Count: > 0 } list:
                json.WriteStartArray(member.RecordName);
                list.Select(Capped).ToList().ForEach(json.WriteStringValue);
                json.WriteEndArray();
                break;
            case Kind.Map when parameters.StringMap(member.Name, member.QueryName!, member.KeyName!, member.ValueName!) is { Count: > 0 } map:
                json.WriteStartObject(member.RecordName);
                foreach (var (key, value) in map)
                {
                    // A queue policy is a policy document: SecureQueue never records one (the event detail keeps its hash).
                    json.WriteString(Capped(key), key == QueueAttributes.Policy ? Hidden : Capped(value));
                }

                json.WriteEndObject();
                break;
            case Kind.Attributes when parameters.AttributeValues(member.Name, member.QueryName!) is { Count: > 0 } attributes:
                json.WriteStartObject(member.RecordName);
                foreach (var (name, value) in attributes)
                {
                    json.WriteStartObject(Capped(name));
                    json.WriteString("dataType", Capped(value.DataType));
                    json.WriteString(value.BinaryValue is null ? "stringValue" : "binaryValue", Hidden);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
                break;
            case Kind.Entries when parameters.Entries(member.Name, member.QueryName!) is { Count: > 0 } entries:
                json.WriteStartArray(member.RecordName);
                foreach (var entry in entries)
                {
                    WriteObject(json, member.Members, entry);
                }

                json.WriteEndArray();
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter json, Member member, SqsParameters parameters)
    {
        if (member.Kind == Kind.Int)
        {
            WriteInt(json, member, parameters);
        }
        else if (parameters.String(member.Name) is { } text)
        {
            json.WriteString(member.RecordName, member.Kind == Kind.Hidden ? Hidden : Capped(text));
        }
    }

    private static void WriteInt(Utf8JsonWriter json, Member member, SqsParameters parameters)
    {
        int? number;
        try
        {
            number = parameters.Int(member.Name);
        }
        catch (SqsException)
        {
            // Not an integer: the call is refused for it, and the record keeps what was sent.
            json.WriteString(member.RecordName, Capped(parameters.String(member.Name) ?? string.Empty));
            return;
        }

        if (number is { } value)
        {
            json.WriteNumber(member.RecordName, value);
        }
    }

    /// <summary>Caller text as every audited string is stored: control characters escaped, cut at <see cref="MaxText"/>.</summary>
    private static string Capped(string text) => AuditText.Escape(text, MaxText);

    /// <summary>One member of an input shape: its JSON name, and for collections the Query spelling of its items.</summary>
    private sealed record Member(Kind Kind, string Name, string? QueryName = null, string? KeyName = null, string? ValueName = null)
    {
        public IReadOnlyList<Member> Members { get; init; } = [];

        public string RecordName { get; } = char.ToLowerInvariant(Name[0]) + Name[1..];
    }
}

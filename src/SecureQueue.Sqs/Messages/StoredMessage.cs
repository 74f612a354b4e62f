using System.Text.Json;
using SecureQueue.Crypto.Envelopes;
using SecureQueue.Crypto.Keys;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Messages;

/// <summary>A message in clear, as the sender gave it; it exists only in memory.</summary>
internal sealed record StoredMessage(
    Guid MessageId, string Body, IReadOnlyDictionary<string, MessageAttributeValue> Attributes, string? TraceHeader, string? GroupId,
    string? DeduplicationId = null);

/// <summary>A message as the log holds it: one envelope over body and attributes, under data key <c>KeyId</c>.</summary>
internal sealed record SealedMessage(Guid MessageId, Guid KeyId, int KekVersion, byte[] Envelope);

/// <summary>
/// Seals a message's body and every attribute value into one envelope bound to its queue, id and key version,
/// and opens it again. A changed byte anywhere makes <see cref="TryOpen"/> fail; altered plaintext never comes back.
/// </summary>
internal static class MessageSeal
{
    public static SealedMessage Seal(StoredMessage message, DataKey key, int kekVersion, string queueArn)
    {
        var payload = Crypto.Buffers.ScratchBuffer.Rent();
        try
        {
            using (var json = new Utf8JsonWriter(payload))
            {
                json.WriteStartObject();
                json.WriteString("body", message.Body);
                WriteOptional(json, "traceHeader", message.TraceHeader);
                WriteOptional(json, "groupId", message.GroupId);
                WriteOptional(json, "deduplicationId", message.DeduplicationId);
                json.WriteStartObject("attributes");
                foreach (var (name, value) in message.Attributes)
                {
                    json.WriteStartObject(name);
                    json.WriteString("type", value.DataType);
                    if (value.StringValue is not null)
                    {
                        json.WriteString("string", value.StringValue);
                    }
                    else
                    {
                        json.WriteBase64String("binary", value.BinaryValue);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            var sealedBytes = Envelope.Seal(key, payload.WrittenSpan, AssociatedData.For(queueArn, message.MessageId, kekVersion));
            return new SealedMessage(message.MessageId, key.KeyId, kekVersion, sealedBytes);
        }
        finally
        {
            Crypto.Buffers.ScratchBuffer.Return(payload);
        }
    }

    public static bool TryOpen(SealedMessage message, DataKey key, string queueArn, out StoredMessage opened)
    {
        opened = null!;
        if (!Envelope.TryOpen(key, message.Envelope, AssociatedData.For(queueArn, message.MessageId, message.KekVersion), out var plaintext))
        {
            return false;
        }

        using var document = JsonDocument.Parse(plaintext);
        var root = document.RootElement;
        var attributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal);
        foreach (var attribute in root.GetProperty("attributes").EnumerateObject())
        {
            var value = attribute.Value;
            attributes[attribute.Name] = new MessageAttributeValue(
                value.GetProperty("type").GetString()!,
                value.TryGetProperty("string", out var text) ? text.GetString() : null,
                value.TryGetProperty("binary", out var binary) ? binary.GetBytesFromBase64() : null);
        }

        opened = new StoredMessage(
            message.MessageId,
            root.GetProperty("body").GetString()!,
            attributes,
            root.TryGetProperty("traceHeader", out var trace) ? trace.GetString() : null,
            root.TryGetProperty("groupId", out var group) ? group.GetString() : null,
            root.TryGetProperty("deduplicationId", out var deduplication) ? deduplication.GetString() : null);
        return true;
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}

/// <summary>
/// A sealed message as its event holds it, with who sent it (SenderId and principal ARN) and, for a message moved to a
/// dead-letter queue, the queue it came from (DeadLetterQueueSourceArn).
/// </summary>
internal sealed record StoredEntry(SealedMessage Message, string SenderId, string SenderArn, string? SourceArn = null);

/// <summary>
/// Writes the sealed messages of a send (or of a move to a dead-letter queue) into the event detail and reads one back
/// for a receive. A move's messages carry their own sender and source, since the move's event is the gateway's, not theirs.
/// </summary>
/// <summary>
/// How a send or move event stores its messages: the detail lists each message's id, data key and sender, and points
/// into the event's attachment (its <c>bdata</c>) for the sealed envelope, written there as raw bytes one after another.
/// </summary>
internal static class StoredMessages
{
    /// <summary>The event's attachment: the messages' sealed envelopes, in order.</summary>
    public static byte[] Attachment(IReadOnlyList<SealedMessage> messages)
    {
        // One sealed message (a single send) is its own attachment; several are laid end to end in one exact array.
        if (messages.Count == 1)
        {
            return messages[0].Envelope;
        }

        var attachment = new byte[messages.Sum(m => m.Envelope.Length)];
        var offset = 0;
        foreach (var message in messages)
        {
            message.Envelope.CopyTo(attachment, offset);
            offset += message.Envelope.Length;
        }

        return attachment;
    }

    public static void Write(Utf8JsonWriter json, long queueId, string senderId, IReadOnlyList<SealedMessage> messages)
    {
        json.WriteNumber("queueId", queueId);
        json.WriteString("senderId", senderId);
        json.WriteStartArray("messages");
        var offset = 0;
        foreach (var message in messages)
        {
            json.WriteStartObject();
            WriteSealed(json, message, ref offset);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The messages of a move to a dead-letter queue, each with its original sender and its source queue.</summary>
    public static void WriteMoved(Utf8JsonWriter json, IReadOnlyList<StoredEntry> messages)
    {
        json.WriteStartArray("messages");
        var offset = 0;
        foreach (var (message, senderId, senderArn, sourceArn) in messages)
        {
            json.WriteStartObject();
            WriteSealed(json, message, ref offset);
            json.WriteString("senderId", senderId);
            json.WriteString("senderArn", senderArn);
            json.WriteString("sourceArn", sourceArn);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>
    /// The sealed message of each claimed message whose send (or move) event the claim read, in claim order. Each event's
    /// record is parsed once, however many of its messages were claimed: a receive of ten messages sent in one batch
    /// parsed the same record ten times.
    /// </summary>
    public static IReadOnlyList<(Log.Messages.ClaimedMessage Claim, StoredEntry Entry)> ReadClaimed(Log.Messages.ClaimedBatch claimed)
    {
        var entries = new Dictionary<Log.Messages.MessageKey, StoredEntry>();
        foreach (var byEvent in claimed.Messages.Where(c => claimed.SendEvents.ContainsKey(c.Key.Position)).GroupBy(c => c.Key.Position))
        {
            var send = claimed.SendEvents[byEvent.Key];
            using var document = JsonDocument.Parse(send.Data);
            foreach (var claim in byEvent)
            {
                entries[claim.Key] = Read(document.RootElement, send.Attachment, claim.Key.Index);
            }
        }

        return claimed.Messages.Where(c => entries.ContainsKey(c.Key)).Select(c => (c, entries[c.Key])).ToList();
    }

    /// <summary>The sealed message at <paramref name="index"/> of a send or move event, with its sender and (after a move) its source queue.</summary>
    public static StoredEntry Read(byte[] eventData, byte[]? attachment, int index)
    {
        using var document = JsonDocument.Parse(eventData);
        return Read(document.RootElement, attachment, index);
    }

    private static StoredEntry Read(JsonElement root, byte[]? attachment, int index)
    {
        var detail = root.GetProperty("detail");
        var message = detail.GetProperty("messages")[index];
        var sealedMessage = new SealedMessage(
            message.GetProperty("id").GetGuid(),
            message.GetProperty("keyId").GetGuid(),
            message.GetProperty("kekVersion").GetInt32(),
            Envelope(message.GetProperty("sealed"), attachment));
        return new StoredEntry(
            sealedMessage,
            (message.TryGetProperty("senderId", out var sender) ? sender : detail.GetProperty("senderId")).GetString()!,
            message.TryGetProperty("senderArn", out var senderArn) ? senderArn.GetString()! : root.TryGetProperty("principalArn", out var arn) && arn.ValueKind == JsonValueKind.String ? arn.GetString()! : string.Empty,
            message.TryGetProperty("sourceArn", out var source) ? source.GetString() : null);
    }

    private static void WriteSealed(Utf8JsonWriter json, SealedMessage message, ref int offset)
    {
        json.WriteString("id", message.MessageId);
        json.WriteString("keyId", message.KeyId);
        json.WriteNumber("kekVersion", message.KekVersion);
        json.WriteStartObject("sealed");
        json.WriteNumber("offset", offset);
        json.WriteNumber("length", message.Envelope.Length);
        json.WriteEndObject();
        offset += message.Envelope.Length;
    }

    /// <summary>
    /// The envelope's bytes: a slice of the attachment, or base64 text in the record itself (events of format 2, written
    /// before attachments, whose messages may still be queued). A slice outside the attachment reads as no bytes, which
    /// fails to open like any other damaged envelope.
    /// </summary>
    private static byte[] Envelope(JsonElement stored, byte[]? attachment)
    {
        if (stored.ValueKind == JsonValueKind.String)
        {
            return stored.GetBytesFromBase64();
        }

        var offset = stored.GetProperty("offset").GetInt64();
        var length = stored.GetProperty("length").GetInt64();
        return attachment is not null && offset >= 0 && length >= 0 && offset + length <= attachment.Length
            ? attachment.AsSpan((int)offset, (int)length).ToArray()
            : [];
    }
}

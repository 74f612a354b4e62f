using System.Text.Json;
using SecureQueue.Gateway.Sqs.Protocol;

namespace SecureQueue.Gateway.Sqs.Messages;

/// <summary>A message as its send event holds it: what a receive returns besides the projection's counters.</summary>
public sealed record StoredMessage(
    Guid MessageId, string Body, IReadOnlyDictionary<string, MessageAttributeValue> Attributes, string? TraceHeader, string? GroupId);

/// <summary>Writes the messages of a send into the event detail and reads one back for a receive.</summary>
public static class StoredMessages
{
    public static void Write(Utf8JsonWriter json, long queueId, string senderId, IReadOnlyList<StoredMessage> messages)
    {
        json.WriteNumber("queueId", queueId);
        json.WriteString("senderId", senderId);
        json.WriteStartArray("messages");
        foreach (var message in messages)
        {
            json.WriteStartObject();
            json.WriteString("id", message.MessageId);
            json.WriteString("body", message.Body);
            if (message.TraceHeader is not null)
            {
                json.WriteString("traceHeader", message.TraceHeader);
            }

            if (message.GroupId is not null)
            {
                json.WriteString("groupId", message.GroupId);
            }

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

        json.WriteEndArray();
    }

    /// <summary>The message at <paramref name="index"/> of a send event, and who sent it.</summary>
    public static (StoredMessage Message, string SenderId) Read(byte[] eventData, int index)
    {
        using var document = JsonDocument.Parse(eventData);
        var detail = document.RootElement.GetProperty("detail");
        var message = detail.GetProperty("messages")[index];
        var attributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal);
        foreach (var attribute in message.GetProperty("attributes").EnumerateObject())
        {
            var value = attribute.Value;
            attributes[attribute.Name] = new MessageAttributeValue(
                value.GetProperty("type").GetString()!,
                value.TryGetProperty("string", out var text) ? text.GetString() : null,
                value.TryGetProperty("binary", out var binary) ? binary.GetBytesFromBase64() : null);
        }

        return (new StoredMessage(
            message.GetProperty("id").GetGuid(),
            message.GetProperty("body").GetString()!,
            attributes,
            message.TryGetProperty("traceHeader", out var trace) ? trace.GetString() : null,
            message.TryGetProperty("groupId", out var group) ? group.GetString() : null),
            detail.GetProperty("senderId").GetString()!);
    }
}

using System.Text.Json;

namespace SecureQueue.Trail.Records;

/// <summary>
/// CloudTrail's <c>responseElements</c>: null for calls that change nothing and for failed calls, as at AWS; for the rest,
/// what the event's detail holds that the caller was answered with (the ids of sent messages, a created queue's URL).
/// </summary>
internal static class ResponseElements
{
    public static void Write(Utf8JsonWriter json, EventView view)
    {
        json.WritePropertyName("responseElements");
        var detail = view.Element("detail");
        if (!view.Succeeded || view.Bool("readOnly") == true || detail is null)
        {
            json.WriteNullValue();
            return;
        }

        switch (view.Text("type"))
        {
            case "MessagesSent" when detail.Value.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array:
                Sent(json, view, messages);
                break;
            case "QueueCreated" or "QueueExisted" when view.Resource is { } queue:
                json.WriteStartObject();
                json.WriteString("queueUrl", $"https://{view.Text("host") ?? "localhost"}/{queue.AccountId}/{queue.Name}");
                json.WriteEndObject();
                break;
            default:
                json.WriteNullValue();
                break;
        }
    }

    private static void Sent(Utf8JsonWriter json, EventView view, JsonElement messages)
    {
        json.WriteStartObject();
        if (view.Text("action") == "SendMessage" && messages.GetArrayLength() == 1)
        {
            json.WriteString("messageId", messages[0].GetProperty("id").GetString());
        }
        else
        {
            json.WriteStartArray("successful");
            foreach (var message in messages.EnumerateArray())
            {
                json.WriteStartObject();
                json.WriteString("messageId", message.GetProperty("id").GetString());
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}

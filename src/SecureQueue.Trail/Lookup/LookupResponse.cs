using System.Buffers;
using System.Text.Json;
using SecureQueue.Trail.Records;

namespace SecureQueue.Trail.Lookup;

/// <summary>
/// LookupEvents' answer: each event's summary fields read from the same stored fields its CloudTrail record shows,
/// and the record itself, rendered by <see cref="CloudTrailRecord"/>, as a JSON string in <c>CloudTrailEvent</c> (the
/// shape <c>--query 'Events[].CloudTrailEvent'</c> and <c>jq</c> pipelines expect). Times are epoch seconds.
/// </summary>
internal static class LookupResponse
{
    public static byte[] Write(LookupPage page, string? nextToken, TrailSettings settings)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("Events");
            foreach (var stored in page.Events)
            {
                WriteEvent(json, stored, settings);
            }

            json.WriteEndArray();
            if (nextToken is not null)
            {
                json.WriteString("NextToken", nextToken);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteEvent(Utf8JsonWriter json, StoredEvent stored, TrailSettings settings)
    {
        using var document = JsonDocument.Parse(stored.Data);
        var view = new EventView(document.RootElement, settings);
        json.WriteStartObject();
        json.WriteString("EventId", stored.EventId);
        json.WriteString("EventName", view.Text("action") ?? "Unknown");
        if (view.Bool("readOnly") is { } readOnly)
        {
            json.WriteString("ReadOnly", readOnly ? "true" : "false");
        }

        CloudTrailRecord.WriteOptional(json, "AccessKeyId", view.Text("accessKeyId"));
        // Whole seconds, as the record's eventTime and as CloudTrail times events.
        json.WriteNumber("EventTime", view.EventTime.ToUnixTimeSeconds());
        json.WriteString("EventSource", view.EventSource);
        CloudTrailRecord.WriteOptional(json, "Username", view.AuthenticationText("userName"));
        json.WriteStartArray("Resources");
        if (view.Resource is { } resource)
        {
            json.WriteStartObject();
            json.WriteString("ResourceType", resource.Type);
            json.WriteString("ResourceName", resource.Arn);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("CloudTrailEvent", CloudTrailRecord.Render(stored, settings).AsSpan());
        json.WriteEndObject();
    }
}

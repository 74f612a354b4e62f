using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace SecureQueue.Trail.Records;

/// <summary>
/// Renders a log event as a CloudTrail record (<c>eventVersion</c> 1.11): the one shape LookupEvents, exports and the
/// report read. Everything comes from what the event stored; nothing is looked up, so a record reads the same for as
/// long as the log is kept. Where SecureQueue knows more than CloudTrail's schema has room for (the authorization
/// decision, how the caller authenticated, the event's position in the sealed chain) it goes in
/// <c>additionalEventData</c>. Message bodies, attribute values, receipt handles and policy documents were never
/// stored; <c>requestParameters</c> names each one that was sent as <c>HIDDEN_DUE_TO_SECURITY_REASONS</c>.
/// </summary>
internal static class CloudTrailRecord
{
    public const string EventVersion = "1.11";

    /// <summary>The event source of the gateway's own work (key creation, retention sweeps) and of its operators' tools.</summary>
    public const string InternalSource = "securequeue.internal";

    public static byte[] Render(StoredEvent stored, TrailSettings settings)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, stored, settings);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter json, StoredEvent stored, TrailSettings settings)
    {
        using var document = JsonDocument.Parse(stored.Data);
        var view = new EventView(document.RootElement, settings);
        json.WriteStartObject();
        json.WriteString("eventVersion", EventVersion);
        UserIdentity.Write(json, view);
        json.WriteString("eventTime", view.EventTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        json.WriteString("eventSource", view.EventSource);
        json.WriteString("eventName", view.Text("action") ?? "Unknown");
        json.WriteString("awsRegion", view.Region);
        json.WriteString("sourceIPAddress", view.Text("sourceIp") ?? "unknown");
        WriteOptional(json, "userAgent", view.Text("userAgent"));
        WriteOptional(json, "errorCode", view.Text("errorCode"));
        WriteOptional(json, "errorMessage", view.Text("errorMessage"));
        WriteElement(json, "requestParameters", view.Element("requestParameters"));
        ResponseElements.Write(json, view);
        AdditionalData(json, view, stored);
        if (view.IsInternal && view.Element("detail") is { } detail)
        {
            // CloudTrail's field for what a service event (work nobody called for) did.
            json.WritePropertyName("serviceEventDetails");
            detail.WriteTo(json);
        }

        json.WriteString("requestID", view.Text("requestId"));
        json.WriteString("eventID", stored.EventId);
        if (view.Bool("readOnly") is { } readOnly)
        {
            json.WriteBoolean("readOnly", readOnly);
        }

        Resources(json, view);
        json.WriteString("eventType", view.IsInternal ? "AwsServiceEvent" : "AwsApiCall");
        json.WriteBoolean("managementEvent", !view.IsDataEvent);
        json.WriteString("recipientAccountId", settings.AccountId);
        json.WriteString("eventCategory", view.IsDataEvent ? "Data" : "Management");
        TlsDetails(json, view);
        json.WriteEndObject();
    }

    private static void AdditionalData(Utf8JsonWriter json, EventView view, StoredEvent stored)
    {
        json.WriteStartObject("additionalEventData");
        if (stored.Position is { } position)
        {
            json.WriteNumber("logPosition", position);
        }

        json.WriteNumber("logSequence", stored.SeqId);
        json.WriteString("eventType", view.Text("type"));
        if (view.Element("authentication") is { } authentication)
        {
            json.WritePropertyName("authentication");
            authentication.WriteTo(json);
        }

        if (view.Element("authorization") is { } authorization)
        {
            json.WritePropertyName("authorization");
            authorization.WriteTo(json);
        }

        json.WriteEndObject();
    }

    private static void Resources(Utf8JsonWriter json, EventView view)
    {
        if (view.Resource is not { } resource)
        {
            return;
        }

        json.WriteStartArray("resources");
        json.WriteStartObject();
        json.WriteString("accountId", resource.AccountId);
        json.WriteString("type", resource.Type);
        json.WriteString("ARN", resource.Arn);
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void TlsDetails(Utf8JsonWriter json, EventView view)
    {
        if (view.Text("tlsVersion") is not { } version)
        {
            return;
        }

        json.WriteStartObject("tlsDetails");
        json.WriteString("tlsVersion", version);
        WriteOptional(json, "cipherSuite", view.Text("tlsCipher"));
        WriteOptional(json, "clientProvidedHostHeader", view.Text("host"));
        json.WriteEndObject();
    }

    internal static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteElement(Utf8JsonWriter json, string name, JsonElement? value)
    {
        json.WritePropertyName(name);
        if (value is { } element)
        {
            element.WriteTo(json);
        }
        else
        {
            json.WriteNullValue();
        }
    }
}

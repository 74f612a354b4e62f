using System.Globalization;
using System.Net;
using System.Text.Json;
using SecureQueue.Trail.Records;

namespace SecureQueue.Trail.Exports.Ocsf;

/// <summary>
/// A log event as an OCSF 1.1 API Activity event (class 6003, category 6), mapped from its CloudTrail record as the
/// ocsf/examples CloudTrail mapping does, so both exports say the same thing. SecureQueue's additions: the
/// authorization decision and matched statements in <c>actor.authorizations</c>, every error a Failure
/// (<c>status_id</c> 2, the code in <c>status_code</c>), denials of severity Medium, the log position in
/// <c>metadata.sequence</c>, <c>time</c> to the millisecond from the stored event; what OCSF has no place for stays in
/// <c>unmapped</c> under its CloudTrail name.
/// </summary>
internal static class OcsfRecord
{
    public const string SchemaVersion = "1.1.0";
    public const int ClassUid = 6003;
    public const int CategoryUid = 6;

    private static readonly string ProductVersion = typeof(OcsfRecord).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static void Write(Utf8JsonWriter json, StoredEvent stored, TrailSettings settings)
    {
        using var record = JsonDocument.Parse(CloudTrailRecord.Render(stored, settings));
        using var data = JsonDocument.Parse(stored.Data);
        var ct = record.RootElement;
        var operation = Text(ct, "eventName");
        var activity = OcsfActivity.Of(operation);
        var errorCode = Text(ct, "errorCode");
        var denied = IsDenied(data.RootElement, errorCode);

        json.WriteStartObject();
        json.WriteNumber("class_uid", ClassUid);
        json.WriteString("class_name", "API Activity");
        json.WriteNumber("category_uid", CategoryUid);
        json.WriteString("category_name", "Application Activity");
        json.WriteNumber("activity_id", activity);
        json.WriteString("activity_name", OcsfActivity.Name(activity));
        json.WriteNumber("type_uid", (ClassUid * 100) + activity);
        json.WriteString("type_name", $"API Activity: {OcsfActivity.Name(activity)}");
        json.WriteNumber("time", Time(data.RootElement, ct).ToUnixTimeMilliseconds());
        json.WriteNumber("severity_id", denied ? 3 : errorCode is null ? 1 : 2);
        json.WriteString("severity", denied ? "Medium" : errorCode is null ? "Informational" : "Low");
        json.WriteNumber("status_id", errorCode is null ? 1 : 2);
        json.WriteString("status", errorCode is null ? "Success" : "Failure");
        CloudTrailRecord.WriteOptional(json, "status_code", errorCode);
        CloudTrailRecord.WriteOptional(json, "status_detail", Text(ct, "errorMessage"));
        Actor(json, ct.GetProperty("userIdentity"), data.RootElement);
        Api(json, ct, operation);
        Endpoints(json, ct);
        Cloud(json, ct, settings);
        Resources(json, ct);
        Metadata(json, ct, stored);
        Unmapped(json, ct);
        json.WriteEndObject();
    }

    private static bool IsDenied(JsonElement data, string? errorCode) =>
        errorCode is "AccessDenied" or "AccessDeniedException"
        || (data.TryGetProperty("authorization", out var authorization) && authorization.TryGetProperty("decision", out var decision)
            && decision.GetString()?.Contains("Deny", StringComparison.Ordinal) == true);

    private static DateTimeOffset Time(JsonElement data, JsonElement ct) => DateTimeOffset.Parse(
        Text(data, "time") ?? Text(ct, "eventTime")!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static void Actor(Utf8JsonWriter json, JsonElement identity, JsonElement data)
    {
        var type = Text(identity, "type") ?? "Unknown";
        json.WriteStartObject("actor");
        json.WriteStartObject("user");
        CloudTrailRecord.WriteOptional(json, "uid", Text(identity, "arn") ?? Text(identity, "invokedBy"));
        CloudTrailRecord.WriteOptional(json, "uid_alt", Text(identity, "principalId"));
        CloudTrailRecord.WriteOptional(json, "name", Text(identity, "userName"));
        json.WriteString("type", type);
        json.WriteNumber("type_id", type switch
        {
            "Unknown" => 0,
            "Root" => 2,
            "AWSService" => 3,
            _ => 1,
        });
        CloudTrailRecord.WriteOptional(json, "credential_uid", Text(identity, "accessKeyId"));
        if (Text(identity, "accountId") is { } account)
        {
            json.WriteStartObject("account");
            json.WriteString("uid", account);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        CloudTrailRecord.WriteOptional(json, "invoked_by", Text(identity, "invokedBy"));
        if (Text(identity, "identityProvider") is { } provider)
        {
            json.WriteStartObject("idp");
            json.WriteString("name", provider);
            json.WriteEndObject();
        }

        Authorizations(json, data);
        json.WriteEndObject();
    }

    private static void Authorizations(Utf8JsonWriter json, JsonElement data)
    {
        if (!data.TryGetProperty("authorization", out var authorization) || Text(authorization, "decision") is not { } decision)
        {
            return;
        }

        json.WriteStartArray("authorizations");
        var statements = authorization.TryGetProperty("matchedStatements", out var matched) && matched.ValueKind == JsonValueKind.Array
            ? matched.EnumerateArray().Select(s => s.GetString()).OfType<string>().ToList()
            : [];
        foreach (var statement in statements.Count == 0 ? [null] : statements.Cast<string?>())
        {
            json.WriteStartObject();
            json.WriteString("decision", decision);
            if (statement is not null)
            {
                json.WriteStartObject("policy");
                json.WriteString("name", statement);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void Api(Utf8JsonWriter json, JsonElement ct, string? operation)
    {
        json.WriteStartObject("api");
        json.WriteString("operation", operation ?? "Unknown");
        json.WriteStartObject("service");
        json.WriteString("name", Text(ct, "eventSource"));
        json.WriteEndObject();
        json.WriteStartObject("request");
        CloudTrailRecord.WriteOptional(json, "uid", Text(ct, "requestID"));
        Copy(json, "data", ct, "requestParameters");
        json.WriteEndObject();
        var error = Text(ct, "errorCode");
        var response = ct.TryGetProperty("responseElements", out var elements) && elements.ValueKind == JsonValueKind.Object;
        if (error is not null || response)
        {
            json.WriteStartObject("response");
            CloudTrailRecord.WriteOptional(json, "error", error);
            CloudTrailRecord.WriteOptional(json, "message", Text(ct, "errorMessage"));
            Copy(json, "data", ct, "responseElements");
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void Endpoints(Utf8JsonWriter json, JsonElement ct)
    {
        var source = Text(ct, "sourceIPAddress") ?? "unknown";
        json.WriteStartObject("src_endpoint");
        json.WriteString(IPAddress.TryParse(source, out _) ? "ip" : "domain", source);
        json.WriteEndObject();
        if (Text(ct, "userAgent") is { } agent)
        {
            json.WriteStartObject("http_request");
            json.WriteString("user_agent", agent);
            json.WriteEndObject();
        }
    }

    private static void Cloud(Utf8JsonWriter json, JsonElement ct, TrailSettings settings)
    {
        json.WriteStartObject("cloud");
        json.WriteString("provider", "SecureQueue");
        json.WriteString("region", Text(ct, "awsRegion") ?? settings.Region);
        json.WriteStartObject("account");
        json.WriteString("uid", settings.AccountId);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Resources(Utf8JsonWriter json, JsonElement ct)
    {
        if (!ct.TryGetProperty("resources", out var resources))
        {
            return;
        }

        json.WriteStartArray("resources");
        foreach (var resource in resources.EnumerateArray())
        {
            var arn = Text(resource, "ARN");
            json.WriteStartObject();
            json.WriteString("uid", arn);
            CloudTrailRecord.WriteOptional(json, "name", ResourceName.Parse(arn)?.Name);
            json.WriteString("type", Text(resource, "type"));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void Metadata(Utf8JsonWriter json, JsonElement ct, StoredEvent stored)
    {
        json.WriteStartObject("metadata");
        json.WriteString("version", SchemaVersion);
        json.WriteString("uid", Text(ct, "eventID"));
        if (stored.Position is { } position)
        {
            json.WriteNumber("sequence", position);
        }

        CloudTrailRecord.WriteOptional(json, "correlation_uid", Text(ct, "requestID"));
        json.WriteString("log_name", "SecureQueue audit log");
        json.WriteString("event_code", Text(ct, "eventType"));
        json.WriteStartArray("profiles");
        json.WriteStringValue("cloud");
        json.WriteEndArray();
        json.WriteStartObject("product");
        json.WriteString("name", "SecureQueue");
        json.WriteString("vendor_name", "SecureQueue");
        json.WriteString("version", ProductVersion);
        json.WriteStartObject("feature");
        json.WriteString("name", Text(ct, "eventCategory"));
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Unmapped(Utf8JsonWriter json, JsonElement ct)
    {
        json.WriteStartObject("unmapped");
        foreach (var name in (string[])["eventVersion", "eventType", "eventCategory", "managementEvent", "readOnly", "recipientAccountId", "tlsDetails", "additionalEventData"])
        {
            if (ct.TryGetProperty(name, out var value))
            {
                json.WritePropertyName(name);
                value.WriteTo(json);
            }
        }

        json.WriteEndObject();
    }

    private static void Copy(Utf8JsonWriter json, string name, JsonElement from, string property)
    {
        if (from.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            json.WritePropertyName(name);
            value.WriteTo(json);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

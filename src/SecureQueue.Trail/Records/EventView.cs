using System.Globalization;
using System.Text.Json;

namespace SecureQueue.Trail.Records;

/// <summary>Typed reads over one event's stored JSON, with the defaults that records of events written before a field existed need.</summary>
internal sealed class EventView(JsonElement root, TrailSettings settings)
{
    public TrailSettings Settings => settings;

    public DateTimeOffset EventTime => DateTimeOffset.Parse(Text("time")!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Work the gateway did on its own (<c>secq:system</c>) or an operator's tool did (<c>secq:operator/…</c>).</summary>
    public bool IsInternal => Text("principalArn")?.StartsWith("secq:", StringComparison.Ordinal) == true;

    public string EventSource => Text("eventSource") ?? (IsInternal ? CloudTrailRecord.InternalSource : "sqs.amazonaws.com");

    public string Region => Text("region") ?? settings.Region;

    public bool IsDataEvent => Bool("dataEvent") == true;

    public bool Succeeded => Text("errorCode") is null;

    public ResourceName? Resource => ResourceName.Parse(Text("resourceArn"));

    public string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public bool? Bool(string name) => root.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    public JsonElement? Element(string name) => root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public string? AuthenticationText(string name) =>
        Element("authentication") is { } authentication && authentication.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

/// <summary>A resource ARN split as CloudTrail's <c>resources</c> entries name it.</summary>
internal sealed record ResourceName(string Arn, string Service, string AccountId, string Name)
{
    /// <summary>CloudTrail's resource type (<c>AWS::SQS::Queue</c>); services SecureQueue does not know get <c>AWS::&lt;service&gt;::Resource</c>.</summary>
    public string Type => Service switch
    {
        "sqs" => "AWS::SQS::Queue",
        "kms" => "AWS::KMS::Key",
        "execute-api" => "AWS::ApiGateway::Route",
        _ => $"AWS::{Service}::Resource",
    };

    /// <summary>The service whose resources <see cref="Type"/> names <paramref name="type"/>; null for a type no resource has.</summary>
    public static string? ServiceOf(string type) => type switch
    {
        "AWS::SQS::Queue" => "sqs",
        "AWS::KMS::Key" => "kms",
        "AWS::ApiGateway::Route" => "execute-api",
        _ when type.Split("::") is ["AWS", { Length: > 0 } service, "Resource"] && new ResourceName(string.Empty, service, string.Empty, string.Empty).Type == type => service,
        _ => null,
    };

    /// <summary>The parts of <c>arn:partition:service:region:account:resource</c>; null for anything else (e.g. <c>*</c>).</summary>
    public static ResourceName? Parse(string? arn)
    {
        var parts = arn?.Split(':', 6);
        return parts is { Length: 6 } && parts[0] == "arn" ? new ResourceName(arn!, parts[2], parts[4], parts[5]) : null;
    }
}

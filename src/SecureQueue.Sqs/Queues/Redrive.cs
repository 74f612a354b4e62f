using System.Globalization;
using System.Text.Json;
using SecureQueue.Sqs.Errors;

namespace SecureQueue.Sqs.Queues;

/// <summary>
/// A source queue's <c>RedrivePolicy</c>: where a message goes once it has been received <see cref="MaxReceiveCount"/>
/// times without being deleted. Stored in canonical form (<see cref="ToJson"/>); the count may arrive as a number or a
/// numeric string, as SQS accepts it.
/// </summary>
internal sealed record RedrivePolicy(string DeadLetterTargetArn, int MaxReceiveCount)
{
    public const string Attribute = "RedrivePolicy";
    public const int MaxCount = 1000;

    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["deadLetterTargetArn"] = DeadLetterTargetArn,
        ["maxReceiveCount"] = MaxReceiveCount,
    });

    /// <summary>Parses and checks a policy against its own queue: the target must be a queue ARN of the same account and region.</summary>
    public static RedrivePolicy Parse(string json, string sourceArn)
    {
        var root = RedriveJson.Object(json, Attribute);
        var target = root.TryGetProperty("deadLetterTargetArn", out var arn) && arn.ValueKind == JsonValueKind.String
            ? arn.GetString()!
            : throw Invalid(json, "Redrive policy does not contain mandatory attribute: deadLetterTargetArn.");
        if (!root.TryGetProperty("maxReceiveCount", out var count))
        {
            throw Invalid(json, "Redrive policy does not contain mandatory attribute: maxReceiveCount.");
        }

        var text = count.ValueKind switch
        {
            JsonValueKind.Number => count.GetRawText(),
            JsonValueKind.String => count.GetString()!,
            _ => string.Empty,
        };
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var maxReceiveCount) || maxReceiveCount is < 1 or > MaxCount)
        {
            throw Invalid(json, $"Invalid value for maxReceiveCount: {Cut(text)}, valid values are from 1 to {MaxCount} both inclusive.");
        }

        if (root.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n is not ("deadLetterTargetArn" or "maxReceiveCount")) is { } unknown)
        {
            throw Invalid(json, $"Unknown attribute in redrive policy: {Cut(unknown)}.");
        }

        var source = QueueArn.Parse(sourceArn)!;
        if (QueueArn.Parse(target) is not { } parsed || parsed.Account != source.Account || parsed.Region != source.Region)
        {
            throw Invalid(json, "Dead-letter target must be the ARN of a queue of the same account and region.");
        }

        return target == sourceArn
            ? throw Invalid(json, "A queue cannot be its own dead-letter queue.")
            : new RedrivePolicy(target, maxReceiveCount);
    }

    internal static SqsException Invalid(string json, string reason) =>
        SqsErrors.InvalidParameterValue($"Value {Cut(json)} for parameter {Attribute} is invalid. Reason: {reason}");

    internal static string Cut(string text) => text.Length <= 256 ? text : text[..256] + "…";
}

/// <summary>
/// A dead-letter queue's <c>RedriveAllowPolicy</c>: which source queues may name it (<c>allowAll</c>, the default, any
/// queue of its account and region; <c>denyAll</c> none; <c>byQueue</c> the listed ARNs, at most 10).
/// </summary>
internal sealed record RedriveAllowPolicy(string Permission, IReadOnlyList<string> SourceQueueArns)
{
    public const string Attribute = "RedriveAllowPolicy";
    public const int MaxSources = 10;
    public static readonly RedriveAllowPolicy AllowAll = new("allowAll", []);

    public bool Admits(string sourceArn) => Permission switch
    {
        "allowAll" => true,
        "byQueue" => SourceQueueArns.Contains(sourceArn, StringComparer.Ordinal),
        _ => false,
    };

    public string ToJson() => Permission == "byQueue"
        ? JsonSerializer.Serialize(new Dictionary<string, object> { ["redrivePermission"] = Permission, ["sourceQueueArns"] = SourceQueueArns })
        : JsonSerializer.Serialize(new Dictionary<string, object> { ["redrivePermission"] = Permission });

    public static RedriveAllowPolicy Of(IReadOnlyDictionary<string, string> attributes) =>
        attributes.TryGetValue(Attribute, out var json) ? Parse(json) : AllowAll;

    public static RedriveAllowPolicy Parse(string json)
    {
        var root = RedriveJson.Object(json, Attribute);
        var permission = root.TryGetProperty("redrivePermission", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
        if (permission is not ("allowAll" or "denyAll" or "byQueue"))
        {
            throw Invalid(json, "redrivePermission must be one of allowAll, denyAll, byQueue.");
        }

        var hasSources = root.TryGetProperty("sourceQueueArns", out var sources);
        if (permission != "byQueue")
        {
            return hasSources ? throw Invalid(json, "sourceQueueArns can only be given when redrivePermission is byQueue.") : new RedriveAllowPolicy(permission, []);
        }

        if (!hasSources || sources.ValueKind != JsonValueKind.Array || sources.GetArrayLength() is 0 or > MaxSources
            || sources.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String || QueueArn.Parse(s.GetString()!) is null))
        {
            throw Invalid(json, $"byQueue needs sourceQueueArns: 1 to {MaxSources} queue ARNs.");
        }

        return new RedriveAllowPolicy(permission, sources.EnumerateArray().Select(s => s.GetString()!).Distinct(StringComparer.Ordinal).ToList());
    }

    private static SqsException Invalid(string json, string reason) =>
        SqsErrors.InvalidParameterValue($"Value {RedrivePolicy.Cut(json)} for parameter {Attribute} is invalid. Reason: {reason}");
}

/// <summary>A queue ARN taken apart: <c>arn:aws:sqs:REGION:ACCOUNT:NAME</c>.</summary>
internal sealed record QueueArn(string Region, string Account, string Name)
{
    public static QueueArn? Parse(string arn) =>
        arn.Split(':') is ["arn", "aws", "sqs", { Length: > 0 } region, { Length: 12 } account, { } name] && QueueNames.CouldExist(name)
            ? new QueueArn(region, account, name)
            : null;
}

internal static class RedriveJson
{
    public static JsonElement Object(string json, string attribute)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw SqsErrors.InvalidParameterValue($"Value {RedrivePolicy.Cut(json)} for parameter {attribute} is invalid. Reason: It must be a JSON object.");
        }
        catch (JsonException)
        {
            throw SqsErrors.InvalidParameterValue($"Value {RedrivePolicy.Cut(json)} for parameter {attribute} is invalid. Reason: It is not valid JSON.");
        }
    }
}

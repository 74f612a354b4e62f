using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SecureQueue.Trail.Lookup;

/// <summary>
/// A decoded LookupEvents request, checked as CloudTrail checks it: at most one lookup attribute, inclusive times with
/// start not after end, MaxResults 1–50 (default 50), EventCategory only <c>insight</c>. Members CloudTrail does not
/// define are ignored, as its JSON protocol does.
/// </summary>
internal sealed record LookupRequest(LookupAttribute? Attribute, DateTimeOffset? StartTime, DateTimeOffset? EndTime, int MaxResults, string? EventCategory, string? NextToken)
{
    public const int DefaultMaxResults = 50;

    /// <summary>Events are timed to the second, as CloudTrail records them: the first instant a lookup includes.</summary>
    public DateTimeOffset? From => StartTime is { } start ? Ceiling(start) : null;

    /// <summary>The first instant after the last second a lookup includes.</summary>
    public DateTimeOffset? Before => EndTime is { } end ? Floor(end).AddSeconds(1) : null;

    public static LookupRequest Decode(ReadOnlyMemory<byte> body)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw TrailErrors.Serialization("The request body must be a JSON object.");
        }

        var attribute = ReadAttribute(Member(root, "LookupAttributes", JsonValueKind.Array));
        var start = Time(Member(root, "StartTime", JsonValueKind.Number), "StartTime");
        var end = Time(Member(root, "EndTime", JsonValueKind.Number), "EndTime");
        if (start > end)
        {
            throw TrailErrors.InvalidTimeRange("StartTime must not be after EndTime.");
        }

        var maxResults = DefaultMaxResults;
        if (Member(root, "MaxResults", JsonValueKind.Number) is { } max && (!max.TryGetInt32(out maxResults) || maxResults is < 1 or > 50))
        {
            throw TrailErrors.InvalidMaxResults();
        }

        var category = Text(root, "EventCategory");
        var token = Text(root, "NextToken");
        return new LookupRequest(attribute, start, end, maxResults, category, token);
    }

    /// <summary>Everything that decides which events a lookup returns, in one canonical text a NextToken is bound to.</summary>
    public string Canonical()
    {
        var builder = new StringBuilder("LookupEvents\n");
        Attribute?.WriteCanonical(builder);
        builder.Append("start=").Append(StartTime?.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        builder.Append("end=").Append(EndTime?.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        builder.Append("max=").Append(MaxResults.ToString(CultureInfo.InvariantCulture)).Append('\n');
        builder.Append("category=").Append(EventCategory).Append('\n');
        return builder.ToString();
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return JsonDocument.Parse("{}");
        }

        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            throw TrailErrors.Serialization("The request body is not valid JSON.");
        }
    }

    /// <summary>A member of the expected JSON type, or null when absent or null; any other type is the JSON protocol's SerializationException.</summary>
    private static JsonElement? Member(JsonElement root, string name, JsonValueKind kind)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == kind ? value : throw TrailErrors.Serialization($"{name} must be a JSON {kind.ToString().ToLowerInvariant()}.");
    }

    private static string? Text(JsonElement parent, string name)
    {
        try
        {
            return Member(parent, name, JsonValueKind.String)?.GetString();
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate: JSON allows it, no string can hold it.
            throw TrailErrors.Serialization($"{name} is not valid text.");
        }
    }

    private static LookupAttribute? ReadAttribute(JsonElement? list)
    {
        if (list is not { } attributes || attributes.GetArrayLength() == 0)
        {
            return null;
        }

        if (attributes.GetArrayLength() > 1)
        {
            throw TrailErrors.InvalidLookupAttributes("LookupAttributes can contain only one item.");
        }

        var item = attributes[0];
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw TrailErrors.Serialization("Each LookupAttributes item must be a JSON object.");
        }

        return LookupAttribute.Parse(Text(item, "AttributeKey"), Text(item, "AttributeValue"));
    }

    // Epoch seconds, possibly fractional, as every AWS JSON protocol sends timestamps.
    private static DateTimeOffset? Time(JsonElement? value, string name)
    {
        if (value is not { } number)
        {
            return null;
        }

        var seconds = number.GetDouble();
        if (!double.IsFinite(seconds) || seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds >= DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw TrailErrors.InvalidTimeRange($"{name} is outside the range of possible times.");
        }

        return DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
    }

    private static DateTimeOffset Floor(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static DateTimeOffset Ceiling(DateTimeOffset time) => time.UtcTicks % TimeSpan.TicksPerSecond == 0 ? time : Floor(time).AddSeconds(1);
}

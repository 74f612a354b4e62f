using System.Text;

namespace SecureQueue.Trail.Lookup;

/// <summary>CloudTrail's eight lookup attribute keys (case-sensitive, as the API takes them).</summary>
internal enum LookupAttributeKey
{
    EventId,
    EventName,
    ReadOnly,
    Username,
    ResourceType,
    ResourceName,
    EventSource,
    AccessKeyId,
}

/// <summary>The one attribute a lookup may filter on, checked against CloudTrail's rules when decoded.</summary>
internal sealed record LookupAttribute(LookupAttributeKey Key, string Value)
{
    public const int MaxValueLength = 2000;

    /// <summary>CloudTrail's length rule: at most 2,000 characters, where <c>_</c>, space, <c>,</c> and a newline count twice.</summary>
    public static int WeightedLength(string value)
    {
        var length = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            length += rune.Value is '_' or ' ' or ',' or '\n' ? 2 : 1;
        }

        return length;
    }

    public static LookupAttribute Parse(string? key, string? value)
    {
        // Exact names only: Enum.Parse would also take " EventName", "1" and "EventId,EventName".
        if (key is null || !Enum.GetNames<LookupAttributeKey>().Contains(key, StringComparer.Ordinal))
        {
            throw TrailErrors.InvalidLookupAttributes(
                $"AttributeKey must be one of {string.Join(", ", Enum.GetNames<LookupAttributeKey>())}.");
        }

        if (string.IsNullOrEmpty(value) || WeightedLength(value) > MaxValueLength)
        {
            throw TrailErrors.InvalidLookupAttributes(
                $"AttributeValue must be 1 to {MaxValueLength} characters long ('_', ' ', ',' and newlines count as two).");
        }

        var parsed = Enum.Parse<LookupAttributeKey>(key);

        // An auditor who types ReadOnly=False and is told "no events" would read it as "no writes".
        if (parsed == LookupAttributeKey.ReadOnly && !value.Equals("true", StringComparison.OrdinalIgnoreCase) && !value.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            throw TrailErrors.InvalidLookupAttributes("The ReadOnly attribute takes true or false.");
        }

        return new LookupAttribute(parsed, parsed == LookupAttributeKey.ReadOnly ? value.ToLowerInvariant() : value);
    }

    /// <summary>The attribute's canonical bytes for the NextToken binding: key and value, length-prefixed.</summary>
    public void WriteCanonical(StringBuilder builder) => builder.Append(Key).Append('\n').Append(Value.Length).Append(':').Append(Value).Append('\n');
}

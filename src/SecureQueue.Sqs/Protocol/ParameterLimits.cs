using SecureQueue.Sqs.Errors;

namespace SecureQueue.Sqs.Protocol;

/// <summary>How many items one list or map parameter may hold, and the AWS error for more.</summary>
internal sealed record ListLimit(int Max, Func<int, SqsException> TooMany);

/// <summary>
/// The one table of decoding limits. Every list and map is counted against its limit before any of its
/// entries is looked at, so a request's decoding cost is bounded by these numbers, not by its size.
/// </summary>
internal static class ParameterLimits
{
    /// <summary>More than any valid request needs: a full SendMessageBatch (10 entries, 10 attributes each) has about 400.</summary>
    public const int MaxQueryParameters = 1_000;

    /// <summary>
    /// JSON elements (strings, separators, opening brackets) in one request: a full SendMessageBatch with ten
    /// attributes per entry has about 1,400.
    /// </summary>
    public const int MaxJsonElements = 4_000;

    /// <summary>The longest valid Query name (a batch entry's attribute list value) is under 80 characters.</summary>
    public const int MaxQueryNameLength = 256;

    private static readonly ListLimit Names = new(32, n => SqsErrors.InvalidParameterValue($"Too many attribute names: {n}; at most 32 may be given."));
    private static readonly ListLimit Tags = new(SqsLimits.MaxTags, n => SqsErrors.InvalidParameterValue($"Too many tags: {n}; a queue can have at most {SqsLimits.MaxTags}."));
    private static readonly ListLimit MessageAttributes = new(
        SqsLimits.MaxMessageAttributes, n => SqsErrors.InvalidParameterValue($"Number of message attributes [{n}] exceeds the allowed maximum [{SqsLimits.MaxMessageAttributes}]."));

    private static readonly Dictionary<string, ListLimit> Lists = new(StringComparer.Ordinal)
    {
        ["MessageAttributes"] = MessageAttributes,
        ["MessageSystemAttributes"] = MessageAttributes,
        ["Entries"] = new(SqsLimits.MaxBatchEntries, SqsErrors.TooManyEntries),
        ["Attributes"] = new(32, n => SqsErrors.InvalidAttributeName($"Too many attributes: {n}; at most 32 may be given.")),
        ["AttributeNames"] = Names,
        ["MessageSystemAttributeNames"] = Names,
        ["MessageAttributeNames"] = Names,
        ["Tags"] = Tags,
        ["tags"] = Tags,
        ["TagKeys"] = Tags,
        ["AWSAccountIds"] = new(50, n => SqsErrors.InvalidParameterValue($"Too many account ids: {n}; a queue policy may name at most 50 principals.")),
        ["Actions"] = new(32, n => SqsErrors.InvalidParameterValue($"Too many actions: {n}; at most 32 may be given.")),
    };

    /// <summary>The limit of a list or map, by its JSON member name (the same list's Query spelling shares it).</summary>
    public static ListLimit For(string jsonName) =>
        Lists.TryGetValue(jsonName, out var limit)
            ? limit
            : throw new InvalidOperationException($"No decoding limit is defined for the list parameter {jsonName}.");

    /// <summary>Refuses <paramref name="count"/> items beyond the limit of <paramref name="jsonName"/>.</summary>
    public static void Check(string jsonName, int count)
    {
        var limit = For(jsonName);
        if (count > limit.Max)
        {
            throw limit.TooMany(count);
        }
    }
}

using System.Globalization;
using System.Text;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Queues;

/// <summary>
/// Queue tags. Policies match tag keys case-insensitively (aws:RequestTag/*, aws:ResourceTag/*), so keys that differ only by
/// case would be one condition key with two values; like IAM's own tags, such keys are refused rather than merged.
/// </summary>
internal static class QueueTags
{
    private const string AllowedCharacters = "Tag keys and values may contain only Unicode letters, digits, white space and _ . : / = + - @.";

    /// <summary>Keys of 1–128 and values of 0–256 characters, no two differing only by case; the <c>aws:</c> prefix is reserved.</summary>
    public static IReadOnlyDictionary<string, string> Validate(IReadOnlyDictionary<string, string> tags)
    {
        // A request's own tags are counted when decoded; this covers a queue's tags after a TagQueue adds to them.
        ParameterLimits.Check("Tags", tags.Count);

        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in tags.Keys)
        {
            if (!seen.TryAdd(key, key))
            {
                throw CaseCollision(seen[key], key);
            }
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128 || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw SqsErrors.InvalidParameterValue($"Tag key '{key}' is invalid: 1 to 128 characters, not starting with 'aws:'.");
            }

            if (value.Length > 256)
            {
                throw SqsErrors.InvalidParameterValue($"The value of tag '{key}' is longer than 256 characters.");
            }

            CheckCharacters(key, value);
        }

        return tags;
    }

    /// <summary>
    /// AWS's tagging rule: Unicode letters, digits and spaces, and <c>_ . : / = + - @</c>. This also keeps control
    /// characters, which no Query (XML) response could carry, out of the queue's stored tags.
    /// </summary>
    private static void CheckCharacters(string key, string value)
    {
        if (!IsTagText(key))
        {
            throw SqsErrors.InvalidParameterValue($"Tag key '{key}' contains a character that is not allowed. {AllowedCharacters}");
        }

        if (!IsTagText(value))
        {
            throw SqsErrors.InvalidParameterValue($"The value of tag '{key}' contains a character that is not allowed. {AllowedCharacters}");
        }
    }

    // A lone surrogate enumerates as U+FFFD, a symbol, and so is refused too.
    private static bool IsTagText(string text) =>
        text.EnumerateRunes().All(r => Rune.IsLetterOrDigit(r) || Rune.GetUnicodeCategory(r) is UnicodeCategory.SpaceSeparator
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            || r.Value is '_' or '.' or ':' or '/' or '=' or '+' or '-' or '@');

    /// <summary>
    /// The queue's tags with <paramref name="added"/> applied: a key already present in the same case is overwritten, as in
    /// SQS; one present in another case is refused (not renamed), so what a policy matched stays what is stored.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Merge(IReadOnlyDictionary<string, string> existing, IReadOnlyDictionary<string, string> added)
    {
        var merged = new Dictionary<string, string>(existing, StringComparer.Ordinal);
        foreach (var (key, value) in added)
        {
            if (!merged.ContainsKey(key) && existing.Keys.FirstOrDefault(k => k.Equals(key, StringComparison.OrdinalIgnoreCase)) is { } other)
            {
                throw CaseCollision(other, key);
            }

            merged[key] = value;
        }

        return Validate(merged);
    }

    private static SqsException CaseCollision(string first, string second) => SqsErrors.InvalidParameterValue(
        $"Tag keys '{first}' and '{second}' differ only by case; tag keys are case-insensitive in policies, so a queue can hold only one of them.");
}

using System.Globalization;
using System.Text;
using SecureQueue.Gateway.Sqs.Errors;

namespace SecureQueue.Gateway.Sqs.Queues;

public static class QueueTags
{
    public const int MaxTags = 50;

    /// <summary>Keys of 1–128 and values of 0–256 characters; the <c>aws:</c> prefix is reserved.</summary>
    public static IReadOnlyDictionary<string, string> Validate(IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count > MaxTags)
        {
            throw SqsErrors.InvalidParameterValue($"Too many tags: a queue can have at most {MaxTags}.");
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

    private const string AllowedCharacters = "Tag keys and values may contain only Unicode letters, digits, white space and _ . : / = + - @.";

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
}

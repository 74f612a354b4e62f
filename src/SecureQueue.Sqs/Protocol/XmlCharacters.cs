using System.Text;

namespace SecureQueue.Sqs.Protocol;

/// <summary>
/// The characters of XML 1.0: #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD | #x10000–#x10FFFF. SQS accepts only these
/// in bodies and string values, and a Query response may contain nothing else, or clients fail to parse it.
/// </summary>
internal static class XmlCharacters
{
    public const char Replacement = '\uFFFD';

    public static bool IsValid(string text) => IndexOfInvalid(text) < 0;

    /// <summary>The index of the first UTF-16 unit that is not (part of) an XML character, or -1.</summary>
    public static int IndexOfInvalid(string text)
    {
        // Most text is #x20–#xD7FF throughout: one vectorized scan finds where the unit-by-unit check has to start.
        var start = text.AsSpan().IndexOfAnyExceptInRange('\u0020', '\uD7FF');
        if (start < 0)
        {
            return -1;
        }

        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!IsValidUnit(c))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The text with every character outside XML 1.0 (controls, U+FFFE/U+FFFF, a lone surrogate) replaced by U+FFFD, so
    /// whatever a response echoes (caller input in an error message, data stored before it was checked) stays well-formed.
    /// </summary>
    public static string Replace(string text)
    {
        var first = IndexOfInvalid(text);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(IsValidUnit(c) ? c : Replacement);
            }
        }

        return builder.ToString();
    }

    // A surrogate reaching here is unpaired.
    private static bool IsValidUnit(char c) => c is '\t' or '\n' or '\r' or (>= '\u0020' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD');
}

using System.Buffers;
using System.Text.Unicode;
using SecureQueue.Sqs.Errors;

namespace SecureQueue.Sqs.Protocol;

/// <summary>
/// What must hold of a JSON body before a document is built for it, checked in one vectorized pass over the raw
/// bytes: valid UTF-8, no escaped lone surrogate (the one thing a JSON reader leaves to whoever unescapes a
/// string), and no more elements (strings, separators, opening brackets) than any valid request has, so no
/// request pays for a document of hundreds of thousands of members. Syntax is left to the parser.
/// </summary>
internal static class JsonShape
{
    private static readonly SearchValues<byte> OutsideStrings = SearchValues.Create("\",:{["u8);
    private static readonly SearchValues<byte> InsideStrings = SearchValues.Create("\"\\"u8);

    public static void Check(ReadOnlySpan<byte> body, int maxElements)
    {
        if (!Utf8.IsValid(body))
        {
            throw SqsErrors.Serialization("The request body is not valid UTF-8.");
        }

        if (Elements(body, maxElements) < 0)
        {
            throw SqsErrors.Serialization("The request body holds a string with an unpaired surrogate escape.");
        }
    }

    /// <summary>
    /// The number of elements outside strings plus strings, or -1 on an unpaired surrogate escape; stops with
    /// SQS's error as soon as there are more than <paramref name="maxElements"/>.
    /// </summary>
    public static int Elements(ReadOnlySpan<byte> body, int maxElements)
    {
        var elements = 0;
        var i = 0;
        while (i < body.Length)
        {
            var next = body[i..].IndexOfAny(OutsideStrings);
            if (next < 0)
            {
                break;
            }

            if (++elements > maxElements)
            {
                throw SqsErrors.Serialization($"The request body has more than {maxElements} JSON elements.");
            }

            i += next + 1;
            if (body[i - 1] == '"' && (i = StringEnd(body, i)) < 0)
            {
                return -1;
            }
        }

        return elements;
    }

    /// <summary>Where the string whose content starts at <paramref name="i"/> ends (after its quote), or -1 on an unpaired surrogate escape.</summary>
    private static int StringEnd(ReadOnlySpan<byte> body, int i)
    {
        var lowExpectedAt = -1;
        while (i < body.Length)
        {
            // Escapes often follow one another: look at the next byte before paying for a search.
            var next = body[i] is (byte)'"' or (byte)'\\' ? 0 : body[i..].IndexOfAny(InsideStrings);
            if (next < 0)
            {
                return body.Length;
            }

            i += next;
            if (body[i] == '"')
            {
                return lowExpectedAt < 0 ? i + 1 : -1;
            }

            var unit = i + 5 < body.Length && body[i + 1] == 'u' ? CodeUnit(body.Slice(i + 2, 4)) : -1;
            var isLow = unit is >= 0xDC00 and <= 0xDFFF;
            if (isLow != (lowExpectedAt == i))
            {
                return -1;
            }

            lowExpectedAt = unit is >= 0xD800 and <= 0xDBFF ? i + 6 : -1;
            i += unit >= 0 ? 6 : 2;
        }

        return lowExpectedAt < 0 ? body.Length : -1;
    }

    private static int CodeUnit(ReadOnlySpan<byte> hex)
    {
        var unit = 0;
        foreach (var c in hex)
        {
            var digit = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return -1;
            }

            unit = (unit << 4) | digit;
        }

        return unit;
    }
}

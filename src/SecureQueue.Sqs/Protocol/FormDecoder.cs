using System.Buffers;
using System.Text;
using SecureQueue.Sqs.Errors;

namespace SecureQueue.Sqs.Protocol;

/// <summary>
/// Decodes <c>name=value&amp;…</c> text (a form body or a query string) in one linear pass, refusing more
/// parameters or longer names than any valid request has before decoding them, and invalid UTF-8.
/// </summary>
internal static class FormDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// A form body spells a space <c>+</c>; a query string does not: SigV4 canonicalizes its <c>+</c> as a literal plus,
    /// so decoding it otherwise would store a value other than the one that was signed.
    /// </summary>
    public static List<KeyValuePair<string, string>> Decode(ReadOnlySpan<byte> text, bool plusIsSpace)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(Math.Max(text.Length, 1));
        try
        {
            return Decode(text, plusIsSpace, scratch);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch, clearArray: true);
        }
    }

    private static List<KeyValuePair<string, string>> Decode(ReadOnlySpan<byte> text, bool plusIsSpace, byte[] scratch)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        var segments = 0;
        while (!text.IsEmpty)
        {
            // Empty segments (a run of '&') count too, so no request can make this loop long.
            if (++segments > ParameterLimits.MaxQueryParameters)
            {
                throw SqsErrors.InvalidParameterValue($"A request may carry at most {ParameterLimits.MaxQueryParameters} parameters.");
            }

            var end = text.IndexOf((byte)'&');
            var pair = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf((byte)'=');
            var name = equals < 0 ? pair : pair[..equals];
            if (name.Length > 3 * ParameterLimits.MaxQueryNameLength)
            {
                throw TooLongName();
            }

            var decodedName = Unescape(name, plusIsSpace, scratch);
            if (decodedName.Length > ParameterLimits.MaxQueryNameLength)
            {
                throw TooLongName();
            }

            pairs.Add(new(decodedName, equals < 0 ? string.Empty : Unescape(pair[(equals + 1)..], plusIsSpace, scratch)));
        }

        return pairs;
    }

    private static string Unescape(ReadOnlySpan<byte> encoded, bool plusIsSpace, byte[] scratch)
    {
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == '%' && i + 2 < encoded.Length && HexValue(encoded[i + 1]) is var high and >= 0 && HexValue(encoded[i + 2]) is var low and >= 0)
            {
                scratch[length++] = (byte)((high << 4) | low);
                i += 2;
            }
            else
            {
                scratch[length++] = b == '+' && plusIsSpace ? (byte)' ' : b;
            }
        }

        try
        {
            return StrictUtf8.GetString(scratch, 0, length);
        }
        catch (DecoderFallbackException)
        {
            throw SqsErrors.InvalidParameterValue("A parameter name or value is not valid UTF-8 once percent-decoded.");
        }
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static SqsException TooLongName() =>
        SqsErrors.InvalidParameterValue($"Parameter names may be at most {ParameterLimits.MaxQueryNameLength} characters long.");
}

using System.Text;

namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>The byte-level encoding rules of SigV4, written to match botocore rather than any .NET URI helper.</summary>
internal static class SigV4Encoding
{
    private const string UpperHex = "0123456789ABCDEF";

    /// <summary>
    /// Percent-encodes every byte except the RFC 3986 unreserved set (and '/' when asked), with uppercase hex. An
    /// existing '%' becomes "%25": for paths this is botocore's deliberate second encoding.
    /// </summary>
    public static string Encode(ReadOnlySpan<byte> bytes, bool keepSlash)
    {
        var builder = new StringBuilder(bytes.Length + 8);
        foreach (var b in bytes)
        {
            if (IsUnreserved(b) || (keepSlash && b == (byte)'/'))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(UpperHex[b >> 4]).Append(UpperHex[b & 0xF]);
            }
        }

        return builder.ToString();
    }

    public static string Encode(string value, bool keepSlash) => Encode(Encoding.UTF8.GetBytes(value), keepSlash);

    /// <summary>
    /// Decodes "%XX" escapes to bytes. '+' stays a literal '+' (it only means space in HTML forms, and SigV4 signers
    /// encode space as "%20"), and a '%' without two hex digits stays literal, as Python's unquote leaves it.
    /// Working on bytes keeps escapes of invalid UTF-8 exact through the re-encoding.
    /// </summary>
    public static byte[] Decode(string value)
    {
        var input = Encoding.UTF8.GetBytes(value);
        var output = new byte[input.Length];
        var length = 0;
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] == (byte)'%' && i + 2 < input.Length && IsHex(input[i + 1]) && IsHex(input[i + 2]))
            {
                output[length++] = (byte)((HexValue(input[i + 1]) << 4) | HexValue(input[i + 2]));
                i += 2;
            }
            else
            {
                output[length++] = input[i];
            }
        }

        return output.AsSpan(0, length).ToArray();
    }

    /// <summary>
    /// botocore's <c>remove_dot_segments</c>: RFC 3986 dot-segment removal plus collapsing empty segments ("//"),
    /// keeping a trailing slash only when something is left. Applied to the still-encoded path, so "%2E%2E" is
    /// an ordinary segment exactly as it is for the client.
    /// </summary>
    public static string RemoveDotSegments(string path)
    {
        if (path.Length == 0)
        {
            return "/";
        }

        var output = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }
            }
            else
            {
                output.Add(segment);
            }
        }

        var first = path[0] == '/' ? "/" : string.Empty;
        var last = path[^1] == '/' && output.Count > 0 ? "/" : string.Empty;
        return first + string.Join('/', output) + last;
    }

    /// <summary>An RFC 9110 token, the only legal header name.</summary>
    public static bool IsToken(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));

    public static bool IsLowerHex(string value, int length) =>
        value.Length == length && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private static bool IsUnreserved(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';

    private static bool IsHex(byte b) =>
        b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

    private static int HexValue(byte b) => b switch
    {
        <= (byte)'9' => b - '0',
        <= (byte)'F' => b - 'A' + 10,
        _ => b - 'a' + 10,
    };
}

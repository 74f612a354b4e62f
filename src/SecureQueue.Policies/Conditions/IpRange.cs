using System.Globalization;
using System.Net;

namespace SecureQueue.Policies.Conditions;

/// <summary>An IPv4 or IPv6 CIDR range; a bare address is a /32 or /128.</summary>
internal sealed class IpRange
{
    private readonly byte[] network;
    private readonly int prefixLength;

    private IpRange(byte[] network, int prefixLength)
    {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /// <summary>
    /// Parses "203.0.113.0/24", "2001:db8::/32" or a bare address. Host bits below the prefix are allowed and ignored
    /// (IAM accepts them; Access Analyzer only suggests tidying them).
    /// </summary>
    public static IpRange? Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text.AsSpan() : text.AsSpan(0, slash);
        Span<byte> bytes = stackalloc byte[16];
        if (!TryParseAddress(addressText, bytes, mapIPv4: false, out var length))
        {
            return null;
        }

        var prefix = length * 8;
        if (slash >= 0)
        {
            var prefixText = text.AsSpan(slash + 1);
            if (prefixText.Length is 0 or > 3 || !prefixText.ContainsOnlyDigits() || !int.TryParse(prefixText, out prefix) || prefix > length * 8)
            {
                return null;
            }
        }

        return new IpRange(bytes[..length].ToArray(), prefix);
    }

    public bool Contains(ReadOnlySpan<byte> address)
    {
        if (address.Length != network.Length)
        {
            return false;
        }

        var whole = prefixLength / 8;
        if (!address[..whole].SequenceEqual(network.AsSpan(0, whole)))
        {
            return false;
        }

        var bits = prefixLength % 8;
        if (bits == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - bits));
        return (address[whole] & mask) == (network[whole] & mask);
    }

    /// <summary>
    /// Strict address parsing: dotted-quad IPv4 only (no "10.1" or octal forms, which IPAddress.Parse would accept) or
    /// IPv6 without a zone. With <paramref name="mapIPv4"/>, "::ffff:a.b.c.d" becomes IPv4, as dual-stack sockets report it.
    /// </summary>
    public static bool TryParseAddress(ReadOnlySpan<char> text, Span<byte> bytes, bool mapIPv4, out int length)
    {
        length = 0;
        if (text.Contains(':'))
        {
            if (text.Contains('%') || !IPAddress.TryParse(text, out var v6))
            {
                return false;
            }

            if (mapIPv4 && v6.IsIPv4MappedToIPv6)
            {
                v6 = v6.MapToIPv4();
            }

            return v6.TryWriteBytes(bytes, out length);
        }

        var octet = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (octet == 4 || part.Length is 0 or > 3 || !part.ContainsOnlyDigits() || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }

            var value = int.Parse(part, CultureInfo.InvariantCulture);
            if (value > 255)
            {
                return false;
            }

            bytes[octet++] = (byte)value;
        }

        length = 4;
        return octet == 4;
    }
}

/// <summary>Span helpers for the strict parsers.</summary>
internal static class DigitSpans
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('0', '9');
}

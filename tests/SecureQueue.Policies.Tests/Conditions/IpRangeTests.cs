using SecureQueue.Policies.Conditions;

namespace SecureQueue.Policies.Tests.Conditions;

public sealed class IpRangeTests
{
    [Theory]
    [InlineData("192.0.2.0/24", "192.0.2.77", "192.0.3.1")]
    [InlineData("192.0.2.1", "192.0.2.1", "192.0.2.2")]
    [InlineData("0.0.0.0/0", "203.0.113.9", "2001:db8::1")]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", "2001:db9::1")]
    [InlineData("2001:DB8:0:0:0:0:0:1", "2001:db8::1", "2001:db8::2")]
    [InlineData("::1", "::1", "::2")]
    [InlineData("::ffff:192.0.2.1/128", "::ffff:192.0.2.1", "192.0.2.1")]
    public void Parse_ValidRange_HoldsItsAddressesOnly(string text, string inside, string outside)
    {
        var range = IpRange.Parse(text);

        Assert.NotNull(range);
        Assert.True(range.Contains(Address(inside)), inside);
        Assert.False(range.Contains(Address(outside)), outside);
    }

    private static byte[] Address(string text)
    {
        var bytes = new byte[16];
        Assert.True(IpRange.TryParseAddress(text, bytes, mapIPv4: false, out var length));
        return bytes[..length];
    }

    [Theory]
    [InlineData("")]
    [InlineData("192.0.2")]
    [InlineData("192.0.2.0.1")]
    [InlineData("192.0.2.01")]
    [InlineData("192.0.2.256")]
    [InlineData("192.0.2.0/-1")]
    [InlineData("192.0.2.0/+8")]
    [InlineData("192.0.2.0/1000")]
    [InlineData("192.0.2.0/24/8")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("2001:db8::/x")]
    [InlineData("fe80::1%1")]
    [InlineData("2001:db8:::1")]
    public void Parse_InvalidRange_ReturnsNull(string text)
    {
        Assert.Null(IpRange.Parse(text));
    }

    [Theory]
    [InlineData("::ffff:10.0.0.1", true, 4)]
    [InlineData("::ffff:10.0.0.1", false, 16)]
    [InlineData("10.0.0.1", true, 4)]
    [InlineData("2001:db8::1", true, 16)]
    public void TryParseAddress_MappedIPv4_MapsOnlyWhenAsked(string text, bool map, int length)
    {
        Span<byte> bytes = stackalloc byte[16];

        Assert.True(IpRange.TryParseAddress(text, bytes, map, out var written));
        Assert.Equal(length, written);
    }
}

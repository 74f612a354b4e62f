using System.Security.Cryptography;
using SecureQueue.Crypto.Keys;
using SecureQueue.Crypto.Receipts;

namespace SecureQueue.Crypto.Tests.Receipts;

public sealed class ReceiptHandleCodecTests
{
    private static readonly ReceiptHandleCodec Codec = new(MasterKey.FromBase64(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "test"));

    [Fact]
    public void Encode_Decode_RoundTrips()
    {
        var parts = new ReceiptHandleParts(42, 123_456_789, 9, 987_654_321);
        Assert.True(Codec.TryDecode(Codec.Encode(parts), out var decoded));
        Assert.Equal(parts, decoded);
    }

    [Fact]
    public void Encode_WithReceiveTime_RoundTripsInWholeSecondsWithinSixtyFourCharacters()
    {
        var parts = new ReceiptHandleParts(42, 123_456_789, 9, 987_654_321) { ReceivedAt = DateTimeOffset.FromUnixTimeSeconds(1_796_000_000) };

        var handle = Codec.Encode(parts);

        Assert.True(Codec.TryDecode(handle, out var decoded));
        Assert.Equal(parts, decoded);
        Assert.True(handle.Length <= 64, handle);
        Assert.NotEqual(Codec.Encode(parts with { ReceivedAt = null }), handle);
    }

    [Fact]
    public void Decode_HandleWithoutReceiveTime_HasNone()
    {
        Assert.True(Codec.TryDecode(Codec.Encode(new ReceiptHandleParts(1, 2, 3, 4)), out var decoded));

        Assert.Null(decoded.ReceivedAt);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decode_AnyChangedCharacter_IsRejected(bool timed)
    {
        var handle = Codec.Encode(new ReceiptHandleParts(1, 2, 3, 4) { ReceivedAt = timed ? DateTimeOffset.FromUnixTimeSeconds(1_796_000_000) : null });
        for (var i = 0; i < handle.Length; i++)
        {
            var changed = handle[..i] + (handle[i] == 'A' ? 'B' : 'A') + handle[(i + 1)..];
            Assert.False(Codec.TryDecode(changed, out _), $"changed at {i}");
        }
    }

    [Fact]
    public void Decode_OtherKey_IsRejected()
    {
        var other = new ReceiptHandleCodec(MasterKey.FromBase64(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "test"));
        Assert.False(Codec.TryDecode(other.Encode(new ReceiptHandleParts(1, 2, 3, 4)), out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("!!!!")]
    [InlineData("AQAAAAAAAAABAAAAAAAAAAIAAAAAAAAAAAAD5t3-m1yoyQFsEVj3nBRZVgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Decode_Garbage_IsRejected(string handle) => Assert.False(Codec.TryDecode(handle, out _));
}

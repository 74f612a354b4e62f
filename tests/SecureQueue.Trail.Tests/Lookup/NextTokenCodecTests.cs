using System.Security.Cryptography;
using SecureQueue.Crypto.Keys;
using SecureQueue.Log.Audit;
using SecureQueue.Trail.Lookup;

namespace SecureQueue.Trail.Tests.Lookup;

public sealed class NextTokenCodecTests
{
    private static readonly NextTokenCodec Codec = new(MasterKey.FromBase64(Convert.ToBase64String(new byte[32]), "test"));
    private static readonly LookupRequest Request = LookupRequest.Decode("""{"MaxResults":5}"""u8.ToArray());
    private static readonly AuditCursor End = new(new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero).AddTicks(1_234_560), 123_456);

    [Fact]
    public void Decode_ATokenForTheSameParameters_ReturnsWhereThePageEnded()
    {
        Assert.Equal(End, Codec.Decode(Codec.Encode(End, Request), Request));
    }

    [Fact]
    public void Decode_WithOtherParameters_IsInvalidNextToken()
    {
        var token = Codec.Encode(End, Request);
        var other = LookupRequest.Decode("""{"MaxResults":6}"""u8.ToArray());

        Assert.Equal("InvalidNextTokenException", Assert.Throws<TrailException>(() => Codec.Decode(token, other)).ErrorCode);
    }

    [Fact]
    public void Decode_EveryAlteredCharacter_IsInvalidNextToken()
    {
        var token = Codec.Encode(End, Request);
        for (var i = 0; i < token.Length; i++)
        {
            var altered = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            Assert.Throws<TrailException>(() => Codec.Decode(altered, Request));
        }

        Assert.Throws<TrailException>(() => Codec.Decode(token + "A", Request));
        Assert.Throws<TrailException>(() => Codec.Decode(string.Empty, Request));
    }

    [Fact]
    public void Decode_UnderAnotherMasterKey_IsInvalidNextToken()
    {
        var other = new NextTokenCodec(MasterKey.FromBase64(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "test"));

        Assert.Throws<TrailException>(() => Codec.Decode(other.Encode(End, Request), Request));
    }
}

using System.Security.Cryptography;
using SecureQueue.Crypto.Keys;
using SecureQueue.Trail.Lookup;

namespace SecureQueue.Trail.Tests.Lookup;

public sealed class NextTokenCodecTests
{
    private static readonly NextTokenCodec Codec = new(MasterKey.FromBase64(Convert.ToBase64String(new byte[32]), "test"));
    private static readonly LookupRequest Request = LookupRequest.Decode("""{"MaxResults":5}"""u8.ToArray());

    [Fact]
    public void Decode_ATokenForTheSameParameters_ReturnsWhereThePageEnded()
    {
        Assert.Equal(123_456L, Codec.Decode(Codec.Encode(123_456, Request), Request));
    }

    [Fact]
    public void Decode_WithOtherParameters_IsInvalidNextToken()
    {
        var token = Codec.Encode(10, Request);
        var other = LookupRequest.Decode("""{"MaxResults":6}"""u8.ToArray());

        Assert.Equal("InvalidNextTokenException", Assert.Throws<TrailException>(() => Codec.Decode(token, other)).ErrorCode);
    }

    [Fact]
    public void Decode_EveryAlteredCharacter_IsInvalidNextToken()
    {
        var token = Codec.Encode(10, Request);
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

        Assert.Throws<TrailException>(() => Codec.Decode(other.Encode(10, Request), Request));
    }
}

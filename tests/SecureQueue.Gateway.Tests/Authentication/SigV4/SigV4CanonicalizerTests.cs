using SecureQueue.Gateway.Authentication.SigV4;

namespace SecureQueue.Gateway.Tests.Authentication.SigV4;

public sealed class SigV4CanonicalizerTests
{
    public static TheoryData<string> SuiteNames => AwsSigV4Suite.Names;

    [Theory]
    [MemberData(nameof(SuiteNames))]
    public void CanonicalRequest_SuiteVector_MatchesPublishedCreq(string name)
    {
        var vector = AwsSigV4Suite.Named(name);
        var request = RawHttpRequest.Parse(vector.Request);

        var canonical = SigV4Canonicalizer.CanonicalRequest(
            request, vector.SignedHeaders.Split(';'), SigV4Canonicalizer.PayloadHash(request.Body.Span), false);

        Assert.Equal(vector.CanonicalRequest, canonical);
    }

    [Theory]
    [MemberData(nameof(SuiteNames))]
    public void StringToSign_SuiteVector_MatchesPublishedSts(string name)
    {
        var vector = AwsSigV4Suite.Named(name);

        var stringToSign = SigV4Canonicalizer.StringToSign(vector.AmzDate, vector.Scope, vector.CanonicalRequest);

        Assert.Equal($"AWS4-HMAC-SHA256\n{vector.AmzDate}\n{vector.Scope}\n{vector.StringToSignHash}", stringToSign);
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData("/a/b/../c/./d", "/a/c/d")]
    [InlineData("/a/b/", "/a/b/")]
    [InlineData("/../..", "/")]
    [InlineData("/123456789012/my%20queue", "/123456789012/my%2520queue")]
    [InlineData("/%2E%2E/a", "/%252E%252E/a")]
    [InlineData("/a%2Fb", "/a%252Fb")]
    [InlineData("/a b+c", "/a%20b%2Bc")]
    [InlineData("/a?x=1", "/a")]
    [InlineData("http://example.amazonaws.com/a//b?x=1", "/a/b")]
    [InlineData("/a.b/c~d_e-f/", "/a.b/c~d_e-f/")]
    [InlineData("/a/.", "/a")]
    [InlineData("/a/..", "/")]
    [InlineData("/a//", "/a/")]
    [InlineData("//a", "/a")]
    [InlineData("/.a/b..", "/.a/b..")]
    public void CanonicalPath_RawTarget_NormalizesThenEncodesLikeBotocore(string rawTarget, string expected) =>
        Assert.Equal(expected, SigV4Canonicalizer.CanonicalPath(rawTarget));

    [Theory]
    [InlineData("/", "")]
    [InlineData("/?", "")]
    [InlineData("/?b=2&a=2&a=1", "a=1&a=2&b=2")]
    [InlineData("/?a+b=c+d", "a%2Bb=c%2Bd")]
    [InlineData("/?a=b c", "a=b%20c")]
    [InlineData("/?a=b%20c", "a=b%20c")]
    [InlineData("/?flag", "flag=")]
    [InlineData("/?a=%7e%7E", "a=~~")]
    [InlineData("/?a=%2f", "a=%2F")]
    [InlineData("/?a=%zz&b=%4", "a=%25zz&b=%254")]
    [InlineData("/?a=%FF", "a=%FF")]
    [InlineData("/?a=1&&b=2&", "a=1&b=2")]
    [InlineData("/?a=x=y", "a=x%3Dy")]
    [InlineData("/?~a.b-c_d=Az09&=x&b=", "=x&b=&~a.b-c_d=Az09")]
    [InlineData("/?a==", "a=%3D")]
    public void CanonicalQuery_RawQuery_DecodesAndReencodesStrictly(string rawTarget, string expected) =>
        Assert.Equal(expected, SigV4Canonicalizer.CanonicalQuery(rawTarget, excludeSignature: false));

    [Fact]
    public void CanonicalQuery_NameIsPrefixOfAnother_SortsByNameBeforeValue()
    {
        // Sorting whole "name=value" strings would put "a-b=1" first, because '-' sorts before '='.
        Assert.Equal("a=2&a-b=1", SigV4Canonicalizer.CanonicalQuery("/?a-b=1&a=2", excludeSignature: false));
    }

    [Theory]
    [InlineData(true, "X-Amz-Date=1&a=1")]
    [InlineData(false, "X-Amz-Date=1&X-Amz-Signature=abc&a=1")]
    public void CanonicalQuery_PresignedFlag_ExcludesOnlyTheSignature(bool excludeSignature, string expected) =>
        Assert.Equal(
            expected, SigV4Canonicalizer.CanonicalQuery("/?a=1&X-Amz-Signature=abc&X-Amz-Date=1", excludeSignature));

    [Fact]
    public void CanonicalHeaders_MixedCaseTabsAndRepeats_TrimsCollapsesAndJoinsInArrivalOrder()
    {
        KeyValuePair<string, string>[] headers =
        [
            new("X-Custom", "\t b \t c  "), new("HOST", "example.com"), new("x-custom", "a"), new("Other", "ignored"),
        ];

        var canonical = SigV4Canonicalizer.CanonicalHeaders(headers, ["host", "x-custom"]);

        Assert.Equal("host:example.com\nx-custom:b c,a\n", canonical);
    }

    [Fact]
    public void CanonicalRequest_LongQueryAndNonAsciiHeader_IsTheWholeRequestInUtf8()
    {
        var body = new string('m', 5000);
        var request = new SigV4Request(
            "GET", $"/000000000000/q?MessageBody={body}&Action=SendMessage", [new("Host", "h"), new("X-Note", " café \t au  lait ")], default);

        var canonical = SigV4Canonicalizer.CanonicalRequest(request, ["host", "x-note"], "e3b0", presigned: false);

        Assert.Equal($"GET\n/000000000000/q\nAction=SendMessage&MessageBody={body}\nhost:h\nx-note:café au lait\n\nhost;x-note\ne3b0", canonical);
    }

    [Fact]
    public void CanonicalHeaders_SignedHeaderAbsent_ContributesEmptyValue() =>
        Assert.Equal("host:h\nx-amz-date:\n", SigV4Canonicalizer.CanonicalHeaders([new("Host", "h")], ["host", "x-amz-date"]));

    [Fact]
    public void CanonicalRequest_LowercaseMethod_IsUppercased()
    {
        var request = new SigV4Request("post", "/", [new("Host", "h")], ReadOnlyMemory<byte>.Empty);

        var canonical = SigV4Canonicalizer.CanonicalRequest(request, ["host"], AwsSigV4Suite.EmptyHash, false);

        Assert.StartsWith("POST\n/\n\nhost:h\n\nhost\n", canonical, StringComparison.Ordinal);
    }

    [Fact]
    public void PayloadHash_EmptyBody_IsTheWellKnownEmptyHash() =>
        Assert.Equal(AwsSigV4Suite.EmptyHash, SigV4Canonicalizer.PayloadHash([]));
}

using SecureQueue.Gateway.Authentication.SigV4;

namespace SecureQueue.Gateway.Tests.Authentication.SigV4;

public sealed partial class SigV4VerifierTests
{
    [Theory]
    [InlineData(15 * 60)]
    [InlineData(-15 * 60)]
    [InlineData(0)]
    public void Verify_SkewWithinFifteenMinutes_Succeeds(int skewSeconds)
    {
        clock.Now = SignedAt.AddSeconds(skewSeconds);

        Assert.True(Verifier().Verify(Signer.Sign(SqsRequest(), SignedAt)).Succeeded);
    }

    [Fact]
    public void Verify_SignedJustOverFifteenMinutesAgo_ReturnsRequestExpired()
    {
        clock.Now = SignedAt.AddMinutes(15).AddSeconds(1);

        var result = Verifier().Verify(Signer.Sign(SqsRequest(), SignedAt));

        Assert.Equal(SigV4Failure.RequestExpired, result.Failure);
        Assert.Equal(
            "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T125101Z - 15 min.)",
            result.Message);
        Assert.Equal("AKIDEXAMPLE", result.AccessKeyId);
    }

    [Fact]
    public void Verify_SignedJustOverFifteenMinutesAhead_ReturnsRequestExpired()
    {
        clock.Now = SignedAt.AddMinutes(-15).AddSeconds(-1);

        var result = Verifier().Verify(Signer.Sign(SqsRequest(), SignedAt));

        Assert.Equal(SigV4Failure.RequestExpired, result.Failure);
        Assert.Equal(
            "Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T122059Z + 15 min.)",
            result.Message);
    }

    [Fact]
    public void Verify_StricterSkewOption_RejectsWhatAwsWouldAccept()
    {
        clock.Now = SignedAt.AddMinutes(6);

        var result = Verifier(new SigV4Options("us-east-1") { MaxClockSkew = TimeSpan.FromMinutes(5) })
            .Verify(Signer.Sign(SqsRequest(), SignedAt));

        Assert.Equal(SigV4Failure.RequestExpired, result.Failure);
        Assert.EndsWith("(20150830T124200Z - 5 min.)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_PresignedWithinExpiry_SucceedsAsPresigned()
    {
        clock.Now = SignedAt.AddSeconds(299);

        var result = Verifier().Verify(Signer.Presign(GetRequest(), SignedAt, 300));

        Assert.True(result.Succeeded, result.Message);
        Assert.True(result.Presigned);
        Assert.Equal("AKIDEXAMPLE", result.AccessKeyId);
    }

    [Fact]
    public void Verify_PresignedOlderThanSkewButWithinExpiry_Succeeds()
    {
        clock.Now = SignedAt.AddDays(6);

        Assert.True(Verifier().Verify(Signer.Presign(GetRequest(), SignedAt, 7 * 24 * 3600)).Succeeded);
    }

    [Fact]
    public void Verify_PresignedPastExpiry_ReturnsRequestExpired()
    {
        clock.Now = SignedAt.AddSeconds(301);

        var result = Verifier().Verify(Signer.Presign(GetRequest(), SignedAt, 300));

        Assert.Equal(SigV4Failure.RequestExpired, result.Failure);
        Assert.Equal("Request has expired.", result.Message);
    }

    [Fact]
    public void Verify_PresignedFromTheFuture_ReturnsRequestExpired()
    {
        clock.Now = SignedAt.AddMinutes(-16);

        Assert.Equal(SigV4Failure.RequestExpired, Verifier().Verify(Signer.Presign(GetRequest(), SignedAt, 300)).Failure);
    }

    [Theory]
    [InlineData("604801", "X-Amz-Expires must be less than or equal to 604800 seconds.")]
    [InlineData("abc", "X-Amz-Expires should be a non-negative number of seconds.")]
    [InlineData("-1", "X-Amz-Expires should be a non-negative number of seconds.")]
    [InlineData("1.5", "X-Amz-Expires should be a non-negative number of seconds.")]
    [InlineData("99999999999999999999", "X-Amz-Expires should be a non-negative number of seconds.")]
    public void Verify_PresignedExpiresOutOfRange_ReturnsIncompleteSignature(string expires, string expectedMessage)
    {
        var request = Signer.Presign(GetRequest(), SignedAt, 300);
        request = request with { RawTarget = request.RawTarget.Replace("X-Amz-Expires=300", "X-Amz-Expires=" + expires, StringComparison.Ordinal) };

        var result = Verifier().Verify(request);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Equal(expectedMessage, result.Message);
    }

    [Theory]
    [InlineData("&X-Amz-Expires=300", "AWS query-string parameters must include 'X-Amz-Expires'. Re-examine the query-string parameters.")]
    [InlineData("&X-Amz-Date=20150830T123600Z", "AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.")]
    [InlineData("X-Amz-Algorithm=AWS4-HMAC-SHA256", "Unsupported AWS 'algorithm': only 'AWS4-HMAC-SHA256' is accepted.")]
    public void Verify_PresignedParameterMissingOrWrong_ReturnsIncompleteSignature(string remove, string expectedMessage)
    {
        var request = Signer.Presign(GetRequest(), SignedAt, 300);
        var replacement = remove.StartsWith("X-Amz-Algorithm", StringComparison.Ordinal) ? "X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256" : "";
        request = request with { RawTarget = request.RawTarget.Replace(remove, replacement, StringComparison.Ordinal) };

        var result = Verifier().Verify(request);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Equal(expectedMessage, result.Message);
    }

    [Fact]
    public void Verify_PresignedDuplicateSignature_ReturnsIncompleteSignature()
    {
        var request = Signer.Presign(GetRequest(), SignedAt, 300);

        var result = Verifier().Verify(request with { RawTarget = request.RawTarget + "&X-Amz-Signature=" + new string('0', 64) });

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
    }

    [Fact]
    public void Verify_PresignedTamperedQuery_ReturnsSignatureDoesNotMatch()
    {
        var request = Signer.Presign(GetRequest(), SignedAt, 300);

        var tampered = request with { RawTarget = request.RawTarget.Replace("ReceiveMessage", "DeleteQueue", StringComparison.Ordinal) };

        Assert.Equal(SigV4Failure.SignatureDoesNotMatch, Verifier().Verify(tampered).Failure);
    }

    [Fact]
    public void Verify_PresignedWithSessionToken_ReturnsInvalidClientTokenId()
    {
        var request = Signer.Presign(GetRequest("/?X-Amz-Security-Token=abc"), SignedAt, 300);

        Assert.Equal(SigV4Failure.InvalidClientTokenId, Verifier().Verify(request).Failure);
    }

    [Theory]
    [InlineData(16, 7 * 24 * 60)]
    [InlineData(0, 7 * 24 * 60)]
    [InlineData(15, 7 * 24 * 60 + 1)]
    public void Constructor_LooserThanAwsOrZeroLimits_Throws(int skewMinutes, int expiryMinutes)
    {
        var options = new SigV4Options("us-east-1")
        {
            MaxClockSkew = TimeSpan.FromMinutes(skewMinutes),
            MaxPresignedExpiry = TimeSpan.FromMinutes(expiryMinutes),
        };

        Assert.Throws<ArgumentException>(() => Verifier(options));
    }

    [Theory]
    [InlineData("", "sqs")]
    [InlineData("US-EAST-1", "sqs")]
    [InlineData("us-east-1", "SQS")]
    [InlineData("us-east-1", "sqs/x")]
    public void Constructor_InvalidScopeNames_Throws(string region, string service) =>
        Assert.Throws<ArgumentException>(() => Verifier(new SigV4Options(region, service)));
}

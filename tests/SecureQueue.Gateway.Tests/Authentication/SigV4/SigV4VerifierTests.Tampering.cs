using System.Text;
using SecureQueue.Gateway.Authentication.SigV4;

namespace SecureQueue.Gateway.Tests.Authentication.SigV4;

public sealed partial class SigV4VerifierTests
{
    [Fact]
    public void Verify_TamperedBody_ReturnsSignatureDoesNotMatch()
    {
        var request = Signer.Sign(SqsRequest(), SignedAt) with { Body = Encoding.UTF8.GetBytes("""{"QueueName":"evil"}""") };

        var result = Verifier().Verify(request);

        Assert.Equal(SigV4Failure.SignatureDoesNotMatch, result.Failure);
        Assert.Equal(
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
            + "Access Key and signing method. Consult the service documentation for details.",
            result.Message);
        Assert.Equal("AKIDEXAMPLE", result.AccessKeyId);
    }

    [Theory]
    [InlineData("X-Amz-Target", "AmazonSQS.DeleteQueue")]
    [InlineData("Content-Type", "application/x-amz-json-1.1")]
    [InlineData("Host", "sqs.eu-west-1.amazonaws.com")]
    public void Verify_TamperedSignedHeader_ReturnsSignatureDoesNotMatch(string name, string value)
    {
        var request = SigV4TestSigner.ReplaceHeader(Signer.Sign(SqsRequest(), SignedAt), name, value);

        Assert.Equal(SigV4Failure.SignatureDoesNotMatch, Verifier().Verify(request).Failure);
    }

    [Theory]
    [InlineData("/123456789012/orders")]
    [InlineData("/?Action=DeleteQueue")]
    public void Verify_TamperedTarget_ReturnsSignatureDoesNotMatch(string target)
    {
        var request = Signer.Sign(SqsRequest(), SignedAt) with { RawTarget = target };

        Assert.Equal(SigV4Failure.SignatureDoesNotMatch, Verifier().Verify(request).Failure);
    }

    [Theory]
    [InlineData("XCredential=AKIDEXAMPLE/20150830/eu-west-1/sqs/aws4_request, ", true)]
    [InlineData("Credentials=AKIDEXAMPLE/20150830/eu-west-1/sqs/aws4_request, ", true)]
    [InlineData("Note=Credential=AKIDEXAMPLE/20150830/eu-west-1/sqs/aws4_request, ", true)]
    [InlineData("Signature=x Credential=AKIDEXAMPLE/20150830/eu-west-1/sqs/aws4_request, ", false)]
    public void Verify_DecoyBeforeTheCredential_TheCallsRegionIsTheVerifiedOne(string decoy, bool verifies)
    {
        // The header itself is not signed, so a decoy costs the signature nothing: the region the call runs in (read
        // before verification) must come from the very parameter the verifier checked; a header it refuses names none.
        var request = Signer.Sign(SqsRequest(), SignedAt);
        var authorization = Authorization(request).Replace("AWS4-HMAC-SHA256 ", "AWS4-HMAC-SHA256 " + decoy, StringComparison.Ordinal);
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext().Request;
        http.Headers.Authorization = authorization;

        var result = Verifier().Verify(SigV4TestSigner.ReplaceHeader(request, "Authorization", authorization));

        Assert.Equal(verifies, result.Succeeded);
        Assert.Equal(verifies ? "us-east-1" : null, CredentialScope.RegionOf(http));
    }

    [Fact]
    public void Verify_UnsignedHeaderAddedInFlight_StillSucceeds()
    {
        var request = SigV4TestSigner.WithHeader(Signer.Sign(SqsRequest(), SignedAt), "X-Forwarded-For", "10.0.0.1");

        Assert.True(Verifier().Verify(request).Succeeded);
    }

    [Fact]
    public void Verify_UnsignedAmzHeader_ReturnsIncompleteSignature()
    {
        var request = Signer.Sign(SqsRequest(), SignedAt, "content-type;host;x-amz-date");

        var result = Verifier().Verify(request);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Equal("There were headers present in the request which were not signed: X-Amz-Target.", result.Message);
    }

    [Fact]
    public void Verify_HostNotSigned_ReturnsIncompleteSignature()
    {
        var result = Verifier().Verify(Signer.Sign(SqsRequest(), SignedAt, "content-type;x-amz-date;x-amz-target"));

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Equal("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", result.Message);
    }

    [Fact]
    public void Verify_MatchingContentSha256Header_Succeeds()
    {
        var unsigned = SqsRequest();
        var hash = SigV4Canonicalizer.PayloadHash(unsigned.Body.Span);

        var result = Verifier().Verify(Signer.Sign(SigV4TestSigner.WithHeader(unsigned, "X-Amz-Content-Sha256", hash), SignedAt));

        Assert.True(result.Succeeded, result.Message);
    }

    [Fact]
    public void Verify_ContentSha256HeaderOfAnotherBody_ReturnsSignatureDoesNotMatch()
    {
        // Signed consistently by the client, but the header vouches for a body that is not the one received.
        var request = SigV4TestSigner.WithHeader(SqsRequest(), "X-Amz-Content-Sha256", AwsSigV4Suite.EmptyHash);

        var result = Verifier().Verify(Signer.Sign(request, SignedAt));

        Assert.Equal(SigV4Failure.SignatureDoesNotMatch, result.Failure);
        Assert.Equal("The provided 'x-amz-content-sha256' header does not match what was computed.", result.Message);
    }

    [Theory]
    [InlineData("UNSIGNED-PAYLOAD")]
    [InlineData("STREAMING-AWS4-HMAC-SHA256-PAYLOAD")]
    [InlineData("STREAMING-UNSIGNED-PAYLOAD-TRAILER")]
    public void Verify_UnsignedOrStreamingPayload_ReturnsIncompleteSignature(string mode)
    {
        var request = Signer.Sign(SigV4TestSigner.WithHeader(SqsRequest(), "X-Amz-Content-Sha256", mode), SignedAt);

        var result = Verifier().Verify(request);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Contains("the payload must be signed", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_UnsignedPayloadAllowed_BodyNotPartOfTheSignature()
    {
        var request = Signer.Sign(SigV4TestSigner.WithHeader(SqsRequest(), "X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"), SignedAt, payloadHash: "UNSIGNED-PAYLOAD");
        var verifier = Verifier(new SigV4Options("us-east-1") { AllowUnsignedPayload = true });

        Assert.True(verifier.Verify(request).Succeeded);
        Assert.True(verifier.Verify(request with { Body = "another body"u8.ToArray() }).Succeeded);
        Assert.Equal(SigV4Failure.IncompleteSignature, Verifier().Verify(request).Failure);
    }

    [Fact]
    public void Verify_UnsignedPayloadAllowed_SignatureOverTheBodyHashDoesNotVerifyAsUnsigned()
    {
        // The header says UNSIGNED-PAYLOAD but the signature was made over the body's hash: the canonical requests differ.
        var request = Signer.Sign(SigV4TestSigner.WithHeader(SqsRequest(), "X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"), SignedAt);
        var result = Verifier(new SigV4Options("us-east-1") { AllowUnsignedPayload = true }).Verify(request);

        Assert.Equal(SigV4Failure.SignatureDoesNotMatch, result.Failure);
    }

    [Fact]
    public void Verify_UnsignedPayloadAllowed_SignedBodyHashStillChecked()
    {
        var request = Signer.Sign(SqsRequest(), SignedAt);
        var verifier = Verifier(new SigV4Options("us-east-1") { AllowUnsignedPayload = true });

        Assert.True(verifier.Verify(request).Succeeded);
        Assert.Equal(SigV4Failure.SignatureDoesNotMatch, verifier.Verify(request with { Body = "tampered"u8.ToArray() }).Failure);
    }

    [Fact]
    public void Verify_SignedSessionToken_ReturnsInvalidClientTokenId()
    {
        var request = Signer.Sign(SigV4TestSigner.WithHeader(SqsRequest(), "X-Amz-Security-Token", "token"), SignedAt);

        var result = Verifier().Verify(request);

        Assert.Equal(SigV4Failure.InvalidClientTokenId, result.Failure);
        Assert.Equal("AKIDEXAMPLE", result.AccessKeyId);
    }

    [Fact]
    public void Verify_SignatureMismatch_MessageHoldsNoCanonicalRequestSignatureOrSecret()
    {
        var request = Signer.Sign(SqsRequest(), SignedAt) with { RawTarget = "/tampered" };

        var message = Verifier().Verify(request).Message;

        Assert.DoesNotContain(AwsSigV4Suite.Secret, message, StringComparison.Ordinal);
        Assert.DoesNotContain("AWS4-HMAC-SHA256", message, StringComparison.Ordinal);
        Assert.DoesNotContain("sqs.us-east-1.amazonaws.com", message, StringComparison.Ordinal);
        Assert.DoesNotContain("/tampered", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Authorization(request)[^64..], message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Amz-Date", "20150830T123600Z", "The request must not contain more than one 'x-amz-date' header.")]
    [InlineData("X-Amz-Content-Sha256", AwsSigV4Suite.EmptyHash,
        "The request must not contain more than one 'x-amz-content-sha256' header.")]
    public void Verify_RepeatedSingletonHeader_ReturnsIncompleteSignature(string name, string value, string expected)
    {
        var request = SigV4TestSigner.WithHeader(SqsRequest(string.Empty), "X-Amz-Content-Sha256", AwsSigV4Suite.EmptyHash);
        request = SigV4TestSigner.WithHeader(Signer.Sign(request, SignedAt), name, value);

        var result = Verifier().Verify(request);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Equal(expected, result.Message);
    }
}

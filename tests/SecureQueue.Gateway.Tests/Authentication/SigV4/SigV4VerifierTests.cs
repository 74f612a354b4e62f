using System.Text;
using SecureQueue.Gateway.Authentication.SigV4;

namespace SecureQueue.Gateway.Tests.Authentication.SigV4;

public sealed partial class SigV4VerifierTests
{
    private const string InvalidToken = "The security token included in the request is invalid.";
    private static readonly DateTimeOffset SignedAt = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    private static readonly SigV4TestSigner Signer = SigV4TestSigner.Example;
    private readonly FakeTimeProvider clock = new(SignedAt);

    public static TheoryData<string> SuiteNames => AwsSigV4Suite.Names;

    [Theory]
    [MemberData(nameof(SuiteNames))]
    public void Verify_SuiteVector_AcceptsPublishedSignature(string name)
    {
        var vector = AwsSigV4Suite.Named(name);
        var (verifier, request) = SuiteCase(vector);

        var result = verifier.Verify(request);

        // The gateway issues no session tokens, so the token vectors are pinned by the canonicalizer tests and
        // must be refused here.
        Assert.Equal(vector.SessionToken ? SigV4Failure.InvalidClientTokenId : null, result.Failure);
        Assert.Equal(vector.SessionToken ? InvalidToken : string.Empty, result.Message);
        Assert.Equal(AwsSigV4Suite.AccessKeyId, result.AccessKeyId);
    }

    [Theory]
    [MemberData(nameof(SuiteNames))]
    public void Verify_SuiteVectorWithOneSignatureDigitChanged_ReturnsSignatureDoesNotMatch(string name)
    {
        var vector = AwsSigV4Suite.Named(name);
        var flipped = vector.Signature[..^1] + (vector.Signature[^1] == '0' ? '1' : '0');
        var (verifier, request) = SuiteCase(vector with { Signature = flipped, SessionToken = false });
        request = SigV4TestSigner.WithoutHeader(request, "X-Amz-Security-Token");

        var result = verifier.Verify(request);

        Assert.Equal(SigV4Failure.SignatureDoesNotMatch, result.Failure);
    }

    [Fact]
    public void Verify_StsTokenAddedAfterSigning_ReturnsIncompleteSignature()
    {
        var (verifier, request) = SuiteCase(AwsSigV4Suite.Named("post-sts-token/post-sts-header-after"));
        request = SigV4TestSigner.WithHeader(request, "X-Amz-Security-Token", "AQoDYXdzEPT//////////wEXAMPLE");

        var result = verifier.Verify(request);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Equal(
            "There were headers present in the request which were not signed: X-Amz-Security-Token.", result.Message);
    }

    [Fact]
    public void Verify_SignedSqsRequest_ReportsKeyTimeAndHeaderForm()
    {
        var result = Verifier().Verify(Signer.Sign(SqsRequest(), SignedAt));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("AKIDEXAMPLE", result.AccessKeyId);
        Assert.Equal(SignedAt, result.SignedAt);
        Assert.False(result.Presigned);
        Assert.Null(result.Failure);
    }

    [Fact]
    public void Verify_PresignedSendOfSeveralKilobytes_SucceedsAndFailsWithOneCharacterChanged()
    {
        var body = new string('m', 6000);
        var request = Signer.Presign(GetRequest($"/123456789012/orders?Action=SendMessage&MessageBody={body}"), SignedAt, 900);
        var changed = request with { RawTarget = request.RawTarget.Replace("mmmm&", "mmmn&", StringComparison.Ordinal) };

        Assert.True(Verifier().Verify(request).Succeeded);
        Assert.Equal(SigV4Failure.SignatureDoesNotMatch, Verifier().Verify(changed).Failure);
    }

    [Fact]
    public void Verify_AuthorizationWithoutSpacesAfterCommas_Succeeds()
    {
        var request = Signer.Sign(SqsRequest(), SignedAt);
        var compact = Authorization(request).Replace(", ", ",", StringComparison.Ordinal);

        var result = Verifier().Verify(SigV4TestSigner.ReplaceHeader(request, "Authorization", compact));

        Assert.True(result.Succeeded, result.Message);
    }

    [Fact]
    public void Verify_HeaderNamesInUnusualCase_Succeeds()
    {
        var request = Signer.Sign(SqsRequest(), SignedAt);
        request = request with
        {
            Headers = [.. request.Headers.Select(h => new KeyValuePair<string, string>(h.Key.ToUpperInvariant(), h.Value))],
        };

        Assert.True(Verifier().Verify(request).Succeeded);
    }

    [Fact]
    public void Verify_SameKeyTwice_SucceedsFromTheSigningKeyCache()
    {
        var verifier = Verifier();

        Assert.True(verifier.Verify(Signer.Sign(SqsRequest("first"), SignedAt)).Succeeded);
        Assert.True(verifier.Verify(Signer.Sign(SqsRequest("second"), SignedAt)).Succeeded);
    }

    [Fact]
    public void Verify_SecretRotatedAfterCachedSuccess_RejectsTheOldSecret()
    {
        var secret = AwsSigV4Suite.Secret;
        var verifier = new SigV4Verifier(new SigV4Options("us-east-1"), _ => secret, clock);
        Assert.True(verifier.Verify(Signer.Sign(SqsRequest(), SignedAt)).Succeeded);

        secret = "rotated-secret-rotated-secret-rotated-0";
        var stale = verifier.Verify(Signer.Sign(SqsRequest(), SignedAt));
        var fresh = verifier.Verify((Signer with { Secret = secret }).Sign(SqsRequest(), SignedAt));

        Assert.Equal(SigV4Failure.SignatureDoesNotMatch, stale.Failure);
        Assert.True(fresh.Succeeded, fresh.Message);
    }

    private (SigV4Verifier Verifier, SigV4Request Request) SuiteCase(AwsSuiteVector vector)
    {
        clock.Now = DateTimeOffset.ParseExact(
            vector.AmzDate, "yyyyMMdd'T'HHmmss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal);
        var verifier = new SigV4Verifier(
            new SigV4Options("us-east-1", vector.Service), id => id == "AKIDEXAMPLE" ? AwsSigV4Suite.Secret : null, clock);
        var request = SigV4TestSigner.WithHeader(RawHttpRequest.Parse(vector.Request), "Authorization", vector.Authorization);
        return (verifier, request);
    }

    private SigV4Verifier Verifier(SigV4Options? options = null) =>
        new(options ?? new SigV4Options("us-east-1"), id => id == "AKIDEXAMPLE" ? AwsSigV4Suite.Secret : null, clock);

    private static SigV4Request SqsRequest(string body = """{"QueueName":"orders"}""", string target = "/") =>
        new("POST", target,
            [
                new("Host", "sqs.us-east-1.amazonaws.com"),
                new("Content-Type", "application/x-amz-json-1.0"),
                new("X-Amz-Target", "AmazonSQS.CreateQueue"),
            ],
            Encoding.UTF8.GetBytes(body));

    private static SigV4Request GetRequest(string target = "/123456789012/orders?Action=ReceiveMessage") =>
        new("GET", target, [new("Host", "sqs.us-east-1.amazonaws.com")], ReadOnlyMemory<byte>.Empty);

    private static string Authorization(SigV4Request request) =>
        request.Headers.Single(h => h.Key == "Authorization").Value;
}

using SecureQueue.Gateway.Authentication.SigV4;

namespace SecureQueue.Gateway.Tests.Authentication.SigV4;

public sealed partial class SigV4VerifierTests
{
    private const string Credential = "Credential=AKIDEXAMPLE/20150830/us-east-1/sqs/aws4_request";
    private const string GoodSignature = "Signature=0000000000000000000000000000000000000000000000000000000000000000";
    private const string SignedHeaders = "SignedHeaders=content-type;host;x-amz-date;x-amz-target";

    [Fact]
    public void Verify_NoAuthentication_ReturnsMissingAuthenticationToken()
    {
        var result = Verifier().Verify(SqsRequest());

        Assert.Equal(SigV4Failure.MissingAuthenticationToken, result.Failure);
        Assert.Equal("Request is missing Authentication Token", result.Message);
        Assert.Null(result.AccessKeyId);
    }

    [Fact]
    public void Verify_HeaderAndQueryAuthentication_ReturnsIncompleteSignature()
    {
        var presigned = Signer.Presign(SqsRequest(), SignedAt, 300);
        var both = Signer.Sign(presigned, SignedAt);

        var result = Verifier().Verify(both);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Contains("Only one authentication mechanism is allowed", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TwoAuthorizationHeaders_ReturnsIncompleteSignature()
    {
        var request = Signer.Sign(SqsRequest(), SignedAt);

        var result = Verifier().Verify(SigV4TestSigner.WithHeader(request, "authorization", Authorization(request)));

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
    }

    [Theory]
    [InlineData($"AWS4-HMAC-SHA256 {Credential}, {SignedHeaders}",
        "Authorization header requires 'Signature' parameter.")]
    [InlineData("AWS4-HMAC-SHA256",
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. "
        + "Authorization header requires 'SignedHeaders' parameter.")]
    [InlineData("AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=", "Unsupported AWS 'algorithm'")]
    [InlineData($"AWS4-HMAC-SHA512 {Credential}, {SignedHeaders}, {GoodSignature}", "Unsupported AWS 'algorithm'")]
    [InlineData($"AWS4-HMAC-SHA256 {Credential}, SignedHeaders, {GoodSignature}", "(missing equal-sign)")]
    [InlineData($"AWS4-HMAC-SHA256 {Credential}, {Credential}, {SignedHeaders}, {GoodSignature}", "'Credential' only once")]
    [InlineData($"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sqs, {SignedHeaders}, {GoodSignature}",
        "Credential must have exactly 5 slash-delimited elements")]
    [InlineData($"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE//us-east-1/sqs/aws4_request, {SignedHeaders}, {GoodSignature}",
        "Credential must have exactly 5 slash-delimited elements")]
    [InlineData($"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/2015-830/us-east-1/sqs/aws4_request, {SignedHeaders}, {GoodSignature}",
        "Credential scope date must be in the form YYYYMMDD.")]
    [InlineData($"AWS4-HMAC-SHA256 {Credential}, {SignedHeaders}, Signature=ABCDEF", "Signature must be 64 lowercase")]
    [InlineData($"AWS4-HMAC-SHA256 {Credential}, {SignedHeaders}, Signature=E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "Signature must be 64 lowercase")]
    [InlineData($"AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;content-type;x-amz-date;x-amz-target, {GoodSignature}",
        "SignedHeaders must be")]
    [InlineData($"AWS4-HMAC-SHA256 {Credential}, SignedHeaders=Content-Type;Host;X-Amz-Date;X-Amz-Target, {GoodSignature}",
        "SignedHeaders must be")]
    [InlineData($"AWS4-HMAC-SHA256 {Credential}, SignedHeaders=content-type;host;;x-amz-date;x-amz-target, {GoodSignature}",
        "SignedHeaders must be")]
    [InlineData($"AWS4-HMAC-SHA256 {Credential}, SignedHeaders=content-type;host;host;x-amz-date;x-amz-target, {GoodSignature}",
        "SignedHeaders must be")]
    public void Verify_MalformedAuthorization_ReturnsIncompleteSignature(string authorization, string expectedMessage)
    {
        var request = SigV4TestSigner.ReplaceHeader(Signer.Sign(SqsRequest(), SignedAt), "Authorization", authorization);

        var result = Verifier().Verify(request);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Contains(expectedMessage, result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(authorization, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_MissingDateAndSignature_ReportsBothInOneMessage()
    {
        var request = SigV4TestSigner.WithoutHeader(Signer.Sign(SqsRequest(), SignedAt), "X-Amz-Date");
        request = SigV4TestSigner.ReplaceHeader(request, "Authorization", $"AWS4-HMAC-SHA256 {Credential}, {SignedHeaders}");

        var result = Verifier().Verify(request);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Equal(
            "Authorization header requires 'Signature' parameter. "
            + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
            result.Message);
    }

    [Theory]
    [InlineData("2015-08-30T12:36:00Z")]
    [InlineData("20150830T123600")]
    [InlineData("20150830T123600.000Z")]
    [InlineData("20151330T123600Z")]
    public void Verify_MalformedAmzDate_ReturnsIncompleteSignature(string amzDate)
    {
        var request = SigV4TestSigner.ReplaceHeader(Signer.Sign(SqsRequest(), SignedAt), "X-Amz-Date", amzDate);

        var result = Verifier().Verify(request);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Equal("X-Amz-Date must be in the ISO-8601 basic format YYYYMMDD'T'HHMMSS'Z'.", result.Message);
        Assert.Equal("AKIDEXAMPLE", result.AccessKeyId);
    }

    [Fact]
    public void Verify_UnknownAccessKey_ReturnsInvalidClientTokenIdWithTheKey()
    {
        var result = Verifier().Verify((Signer with { AccessKeyId = "AKIDUNKNOWN" }).Sign(SqsRequest(), SignedAt));

        Assert.Equal(SigV4Failure.InvalidClientTokenId, result.Failure);
        Assert.Equal(InvalidToken, result.Message);
        Assert.Equal("AKIDUNKNOWN", result.AccessKeyId);
    }

    [Theory]
    [InlineData("AKID\r\nINJECTED")]
    [InlineData("AKID EXAMPLE")]
    [InlineData("AKID%41")]
    public void Verify_AccessKeyIdNotAlphanumeric_ReturnsInvalidClientTokenIdWithoutEchoingIt(string accessKeyId)
    {
        var request = Signer.Sign(SqsRequest(), SignedAt);
        var forged = Authorization(request).Replace("AKIDEXAMPLE", accessKeyId, StringComparison.Ordinal);

        var result = Verifier().Verify(SigV4TestSigner.ReplaceHeader(request, "Authorization", forged));

        Assert.Equal(SigV4Failure.InvalidClientTokenId, result.Failure);
        Assert.Null(result.AccessKeyId);
    }

    [Theory]
    [InlineData("us-west-2", "sqs", "aws4_request", "Credential should be scoped to a valid region.")]
    [InlineData("us-east-1", "sns", "aws4_request", "Credential should be scoped to correct service: 'sqs'.")]
    [InlineData("us-east-1", "sqs", "aws5_request", "Credential should be scoped with a valid terminator: 'aws4_request'.")]
    public void Verify_WrongCredentialScope_ReturnsSignatureDoesNotMatch(
        string region, string service, string terminator, string expectedMessage)
    {
        var signer = Signer with { Region = region, Service = service };
        var request = signer.Sign(SqsRequest(), SignedAt);
        var scoped = Authorization(request).Replace("/aws4_request", "/" + terminator, StringComparison.Ordinal);

        var result = Verifier().Verify(SigV4TestSigner.ReplaceHeader(request, "Authorization", scoped));

        Assert.Equal(SigV4Failure.SignatureDoesNotMatch, result.Failure);
        Assert.Equal(expectedMessage, result.Message);
        Assert.Equal("AKIDEXAMPLE", result.AccessKeyId);
    }

    [Theory]
    [InlineData("us-east-1", true)]
    [InlineData("eu-west-1", true)]
    [InlineData("us-west-2", false)]
    public void Verify_SeveralServedRegions_AcceptsEachAndOnlyThem(string region, bool accepted)
    {
        var request = (Signer with { Region = region }).Sign(SqsRequest(), SignedAt);

        var result = Verifier(new SigV4Options("us-east-1") { Regions = ["us-east-1", "eu-west-1"] }).Verify(request);

        Assert.Equal(accepted, result.Succeeded);
        Assert.Equal(accepted ? string.Empty : "Credential should be scoped to a valid region.", result.Message);
    }

    [Fact]
    public void Verify_ScopeDateDiffersFromAmzDate_ReturnsSignatureDoesNotMatch()
    {
        var request = Signer.Sign(SqsRequest(), SignedAt);
        var shifted = Authorization(request).Replace("/20150830/", "/20150829/", StringComparison.Ordinal);

        var result = Verifier().Verify(SigV4TestSigner.ReplaceHeader(request, "Authorization", shifted));

        Assert.Equal(SigV4Failure.SignatureDoesNotMatch, result.Failure);
        Assert.Equal(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            + "'20150829' != '20150830', from '20150830T123600Z'.",
            result.Message);
    }
}

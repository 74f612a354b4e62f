using Microsoft.AspNetCore.Http;
using SecureQueue.Proxy.Calls;

namespace SecureQueue.Proxy.Tests.Calls;

public sealed class RequestStreamingTests
{
    private const string SigV4 = "AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00";

    [Theory]
    [InlineData(null, null, "", true)]
    [InlineData("Bearer abc", null, "", true)]
    [InlineData("bearer abc", null, "", true)]
    [InlineData(SigV4, "UNSIGNED-PAYLOAD", "", true)]
    [InlineData(SigV4, " UNSIGNED-PAYLOAD ", "", true)]
    [InlineData(SigV4, null, "", false)]
    [InlineData(SigV4, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "", false)]
    [InlineData(SigV4, "unsigned-payload", "", false)]
    [InlineData(SigV4, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "", false)]
    [InlineData("Basic dXNlcjpwYXNz", null, "", false)]
    [InlineData(null, null, "?X-Amz-Signature=00", false)]
    [InlineData(null, "UNSIGNED-PAYLOAD", "?X-Amz-Credential=AKIA", false)]
    public void CanStream_OnlyBodiesNoSignatureCovers(string? authorization, string? contentSha256, string query, bool expected)
    {
        var http = new DefaultHttpContext();
        http.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        if (authorization is not null)
        {
            http.Request.Headers.Authorization = authorization;
        }

        if (contentSha256 is not null)
        {
            http.Request.Headers["x-amz-content-sha256"] = contentSha256;
        }

        Assert.Equal(expected, RequestStreaming.CanStream(http.Request));
    }

    [Fact]
    public void CanStream_TwoAuthorizationHeadersOrTwoPayloadHashes_Buffered()
    {
        var twoAuthorizations = new DefaultHttpContext();
        twoAuthorizations.Request.Headers.Authorization = new(["Bearer a", SigV4]);
        Assert.False(RequestStreaming.CanStream(twoAuthorizations.Request));

        var twoHashes = new DefaultHttpContext();
        twoHashes.Request.Headers.Authorization = SigV4;
        twoHashes.Request.Headers["x-amz-content-sha256"] = new(["UNSIGNED-PAYLOAD", "UNSIGNED-PAYLOAD"]);
        Assert.False(RequestStreaming.CanStream(twoHashes.Request));
    }

    [Fact]
    public async Task StreamedBody_PastLimit_CutOffAndCounted()
    {
        var body = new StreamedRequestBody(new MemoryStream(new byte[100]), 64);
        var buffer = new byte[40];
        await body.ReadExactlyAsync(buffer);
        await Assert.ThrowsAsync<RequestBodyTooLargeException>(async () => await body.ReadExactlyAsync(buffer));
        Assert.True(body.OverLimit);
        Assert.Equal(80, body.BytesRead);
    }

    [Fact]
    public async Task StreamedBody_AtLimit_PassedWhole()
    {
        var body = new StreamedRequestBody(new MemoryStream(new byte[64]), 64);
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy);
        Assert.Equal((64L, 64L, false), (copy.Length, body.BytesRead, body.OverLimit));
    }

    [Fact]
    public void IsTooLarge_FoundWhereverYarpAndHttpClientWrapIt()
    {
        var kestrel = new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        Assert.True(StreamedRequestBody.IsTooLarge(new AggregateException(new InvalidOperationException("sent 0"), new HttpRequestException("send", new IOException("read", kestrel)))));
        Assert.True(StreamedRequestBody.IsTooLarge(new IOException("read", new RequestBodyTooLargeException())));
        Assert.False(StreamedRequestBody.IsTooLarge(new AggregateException(new HttpRequestException("send", new IOException("reset")))));
        Assert.False(StreamedRequestBody.IsTooLarge(new BadHttpRequestException("bad chunk", StatusCodes.Status400BadRequest)));
        Assert.False(StreamedRequestBody.IsTooLarge(null));
    }
}

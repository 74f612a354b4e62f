using System.Net.Http.Headers;
using SecureQueue.FunctionalTests.Authentication;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.Gateway.Authentication.SigV4;
using SecureQueue.Gateway.Tests.Authentication.SigV4;

namespace SecureQueue.FunctionalTests.Proxy;

/// <summary>
/// Request bodies on the <c>stream</c> route (limit 16 MiB, four times the gateway's own 4 MiB): bodies no signature covers
/// reach the upstream while the client is still sending them; a SigV4 body hash is verified on the whole body before
/// anything is forwarded; a body over the limit is 413, audited.
/// </summary>
public sealed class FrontDoorStreamingTests(FrontDoorFixture fixture) : IClassFixture<FrontDoorFixture>
{
    private const long Large = 6 * 1024 * 1024;

    [Theory]
    [InlineData("bearer")]
    [InlineData("certificate")]
    [InlineData("anonymous")]
    [InlineData("unsigned-payload")]
    public async Task UnsignedBody_LargerThanTheGatewayBuffer_StreamedToTheUpstream(string caller)
    {
        var id = Guid.NewGuid().ToString("N");
        var received = fixture.Orders.Signals.GetOrAdd(id, _ => new()).Task;
        using var client = fixture.Client(caller == "certificate" ? TestCertificates.Client(fixture.ClientCa, "CN=batch-job, O=SecureQueue Tests") : null);
        using var request = Request(caller, "/stream/" + caller, new StreamedContent(Large, received));
        request.Headers.Add("X-Test-Signal", id);
        using var response = await client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        var seen = ProxyClients.Seen(await response.Content.ReadAsStringAsync());
        Assert.Equal((Large, StreamedContent.Sha256Of(Large)), (seen.GetProperty("bodyBytes").GetInt64(), seen.GetProperty("bodySha256").GetString()));
        var audit = await ProxyAudit.ForAsync(fixture.Database, response);
        Assert.Equal(("RequestForwarded", Large), (audit.EventType, audit.Detail.GetProperty("requestBytes").GetInt64()));
    }

    [Fact]
    public async Task CurlUnsignedPayload_LargeFile_StreamedAndAuditedUnderTheCaller()
    {
        var file = Path.Combine(fixture.Files.Directory, "upload-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllBytes(file, Body(Large));
        var (status, headers, body) = await ProxyClients.CurlAsync(
            fixture, FrontDoorFixture.Caller, "/stream/curl", "POST", dataFile: file, extraHeaders: ["x-amz-content-sha256: UNSIGNED-PAYLOAD", "Content-Type: application/octet-stream"]);
        File.Delete(file);
        Assert.Equal(200, status);
        var seen = ProxyClients.Seen(body);
        Assert.Equal((Large, StreamedContent.Sha256Of(Large), FrontDoorFixture.Caller.Arn),
            (seen.GetProperty("bodyBytes").GetInt64(), seen.GetProperty("bodySha256").GetString(), seen.GetProperty("principal").GetString()));
        var audit = await ProxyAudit.ForAsync(fixture.Database, headers["x-amzn-requestid"]);
        Assert.Equal((FrontDoorFixture.Caller.Arn, Large), (audit.Principal, audit.Detail.GetProperty("requestBytes").GetInt64()));
    }

    [Fact]
    public async Task SignedBody_Large_VerifiedWholeThenForwarded()
    {
        var body = Body(Large);
        using var client = new SignedClient(fixture.Gateway.Endpoint, fixture.Files.CaFile);
        using var response = await client.SendAsync(HttpMethod.Post, "/stream/signed", [], body, FrontDoorFixture.Caller, service: "execute-api");
        Assert.Equal(200, (int)response.StatusCode);
        var seen = ProxyClients.Seen(await response.Content.ReadAsStringAsync());
        Assert.Equal((Large, StreamedContent.Sha256Of(Large)), (seen.GetProperty("bodyBytes").GetInt64(), seen.GetProperty("bodySha256").GetString()));
    }

    [Fact]
    public async Task SignedBody_Tampered_RefusedAndNothingForwarded()
    {
        var body = Body(Large);
        using var client = new SignedClient(fixture.Gateway.Endpoint, fixture.Files.CaFile);
        using var response = await client.SendAsync(HttpMethod.Post, "/stream/tampered", [], body, FrontDoorFixture.Caller, service: "execute-api",
            tamper: signed => signed with { Body = Flipped(body, body.Length - 1) });
        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("InvalidSignatureException", (await ProxyAudit.ForAsync(fixture.Database, response)).ErrorCode);
        Assert.DoesNotContain("/stream/tampered", fixture.Orders.Paths);
    }

    [Fact]
    public async Task SignedBody_OverTheRouteLimit_413AndNothingForwarded()
    {
        using var client = new SignedClient(fixture.Gateway.Endpoint, fixture.Files.CaFile);
        using var response = await client.SendAsync(HttpMethod.Post, "/stream/signed-too-large", [], Body(FrontDoorFixture.StreamLimit + 1), FrontDoorFixture.Caller, service: "execute-api");
        Assert.Equal(413, (int)response.StatusCode);
        Assert.Equal("RequestEntityTooLarge", (await ProxyAudit.ForAsync(fixture.Database, response)).ErrorCode);
        Assert.DoesNotContain("/stream/signed-too-large", fixture.Orders.Paths);
    }

    [Fact]
    public async Task StreamedBody_DeclaredLengthOverTheLimit_413BeforeAnythingIsForwarded()
    {
        using var client = fixture.Client();
        using var request = Request("anonymous", "/stream/declared-too-large", new ByteArrayContent(new byte[FrontDoorFixture.StreamLimit + 1]));
        request.Headers.ExpectContinue = true;
        using var response = await client.SendAsync(request);
        Assert.Equal(413, (int)response.StatusCode);
        Assert.Equal("RequestEntityTooLarge", (await ProxyAudit.ForAsync(fixture.Database, response)).ErrorCode);
        Assert.DoesNotContain("/stream/declared-too-large", fixture.Orders.Paths);
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("unsigned-payload")]
    public async Task StreamedBody_ChunkedPastTheLimit_413AndAuditedUnderTheCaller(string caller)
    {
        using var client = fixture.Client();
        using var request = Request(caller, "/stream/chunked-too-large", new StreamedContent(FrontDoorFixture.StreamLimit + (64 * 1024)));
        using var response = await client.SendAsync(request);
        Assert.Equal(413, (int)response.StatusCode);
        var audit = await ProxyAudit.ForAsync(fixture.Database, response);
        Assert.Equal("RequestEntityTooLarge", audit.ErrorCode);
        Assert.NotNull(audit.Principal);
    }

    private HttpRequestMessage Request(string caller, string path, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (caller == "bearer")
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ProxyClients.Token(fixture));
        }
        else if (caller == "unsigned-payload")
        {
            // Signed as an SDK signs an unsigned payload: the literal UNSIGNED-PAYLOAD stands for the body in the signature.
            var unsigned = new SigV4Request("POST", path, [new("Host", fixture.Gateway.Endpoint.Authority), new("x-amz-content-sha256", "UNSIGNED-PAYLOAD")], ReadOnlyMemory<byte>.Empty);
            var signed = new SigV4TestSigner(FrontDoorFixture.Caller.AccessKeyId, FrontDoorFixture.Caller.SecretAccessKey, "us-east-1", "execute-api")
                .Sign(unsigned, DateTimeOffset.UtcNow, payloadHash: "UNSIGNED-PAYLOAD");
            foreach (var (name, value) in signed.Headers.Where(h => h.Key != "Host"))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    private static byte[] Body(long length)
    {
        var body = new byte[length];
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = (byte)(i % 251);
        }

        return body;
    }

    private static byte[] Flipped(byte[] body, int index)
    {
        var copy = (byte[])body.Clone();
        copy[index] ^= 0xFF;
        return copy;
    }
}

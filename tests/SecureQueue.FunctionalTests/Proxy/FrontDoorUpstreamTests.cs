using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Proxy;

/// <summary>The front door's upstream side: plain HTTP by opt-in, an upstream that is down, failover by health checks, rate limits and WebSockets.</summary>
public sealed class FrontDoorUpstreamTests(FrontDoorFixture fixture) : IClassFixture<FrontDoorFixture>
{
    [Fact]
    public async Task PlainHttpUpstream_OptedIn_ForwardedWithAssertionForItsCluster()
    {
        var (status, _, body) = await ProxyClients.CurlAsync(fixture, FrontDoorFixture.Caller, "/plain/ping");
        Assert.Equal(200, status);
        var seen = ProxyClients.Seen(body);
        Assert.Equal(("plain", FrontDoorFixture.Caller.Arn, "plain"), (seen.GetProperty("upstream").GetString(), seen.GetProperty("principal").GetString(), seen.GetProperty("audience").GetString()));
    }

    [Fact]
    public async Task UpstreamDown_502AndAudited()
    {
        var (status, headers, body) = await ProxyClients.CurlAsync(fixture, FrontDoorFixture.Caller, "/down/anything");
        Assert.Equal(502, status);
        Assert.Equal("BadGateway", headers["x-amzn-errortype"]);
        Assert.Contains("could not be reached", body, StringComparison.Ordinal);
        var audit = await ProxyAudit.ForAsync(fixture.Database, headers["x-amzn-requestid"]);
        Assert.Equal(("BadGateway", "Allowed", FrontDoorFixture.Caller.Arn), (audit.ErrorCode, audit.Decision, audit.Principal));
    }

    [Fact]
    public async Task UpstreamCertificateNotFromTheClusterCa_NotForwardedAnd502()
    {
        var (status, headers, body) = await ProxyClients.CurlAsync(fixture, FrontDoorFixture.Caller, "/untrusted/anything");
        Assert.Equal(502, status);
        Assert.DoesNotContain("principal", body, StringComparison.Ordinal);
        Assert.Equal("BadGateway", (await ProxyAudit.ForAsync(fixture.Database, headers["x-amzn-requestid"])).ErrorCode);
    }

    [Fact]
    public async Task HealthChecks_DeadDestinationLeftOut_EveryRequestReachesTheLiveOne()
    {
        using var client = new SignedClient(fixture.Gateway.Endpoint, fixture.Files.CaFile);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var streak = 0;
        while (streak < 6 && DateTime.UtcNow < deadline)
        {
            using var response = await client.SendAsync(HttpMethod.Get, "/failover/work", [], [], FrontDoorFixture.Caller, service: "execute-api");
            streak = (int)response.StatusCode == 200 ? streak + 1 : 0;
            if (streak == 0)
            {
                await Task.Delay(250);
                continue;
            }

            Assert.Equal("live", ProxyClients.Seen(await response.Content.ReadAsStringAsync()).GetProperty("upstream").GetString());
            Assert.Equal("live", (await ProxyAudit.ForAsync(fixture.Database, response)).Detail.GetProperty("destination").GetString());
        }

        Assert.Equal(6, streak);
    }

    [Fact]
    public async Task RateLimit_ThirdRequestInAMinute_429AndAudited()
    {
        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var (status, headers, _) = await ProxyClients.CurlAsync(fixture, FrontDoorFixture.Caller, "/limited/x");
            statuses.Add(status);
            if (status == 429)
            {
                Assert.Equal("60", headers["retry-after"]);
                Assert.Equal("TooManyRequestsException", (await ProxyAudit.ForAsync(fixture.Database, headers["x-amzn-requestid"])).ErrorCode);
            }
        }

        Assert.Equal([200, 200, 429], statuses);

        // Another principal has permits of its own.
        using var other = fixture.Client(Authentication.TestCertificates.Client(fixture.ClientCa, "CN=batch-job, O=SecureQueue Tests"));
        using var response = await other.GetAsync("/limited/x");
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task WebSocket_AfterAuthorization_RelaysBothWays()
    {
        using var socket = Socket(ProxyClients.Token(fixture));
        await socket.ConnectAsync(new Uri($"wss://{fixture.Gateway.Endpoint.Authority}/orders/ws"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        var reply = ProxyClients.Seen(Encoding.UTF8.GetString(buffer, 0, received.Count));
        Assert.Equal(("arn:aws:iam::000000000000:role/web-svc", "hello"), (reply.GetProperty("principal").GetString(), reply.GetProperty("echo").GetString()));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task WebSocket_WithoutCredentials_RefusedBeforeTheUpgrade()
    {
        using var socket = Socket(token: null);
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"wss://{fixture.Gateway.Endpoint.Authority}/orders/ws"), CancellationToken.None));
        Assert.Equal(401, (int)socket.HttpStatusCode);
        var id = Assert.Single(socket.HttpResponseHeaders!["x-amzn-RequestId"]);
        Assert.Equal("MissingAuthenticationToken", (await ProxyAudit.ForAsync(fixture.Database, id)).ErrorCode);
    }

    [Theory]
    [InlineData("x", true)]
    [InlineData("websocket", true)]
    [InlineData("x", false)]
    public async Task UpgradeHeader_NotAWebSocket_AnsweredAndNextRequestOnTheConnectionServed(string upgrade, bool signed)
    {
        using var client = new SignedClient(fixture.Gateway.Endpoint, fixture.Files.CaFile);
        using (var first = await client.SendAsync(HttpMethod.Get, "/orders/up", [new("Connection", "Upgrade"), new("Upgrade", upgrade)], [], signed ? FrontDoorFixture.Caller : null, service: "execute-api"))
        {
            Assert.True((int)first.StatusCode < 500, $"{first.StatusCode}");
        }

        using var second = await client.SendAsync(HttpMethod.Get, "/orders/after", [], [], FrontDoorFixture.Caller, service: "execute-api");
        Assert.Equal(200, (int)second.StatusCode);
    }

    private ClientWebSocket Socket(string? token)
    {
        var socket = new ClientWebSocket();
        var ca = X509CertificateLoader.LoadCertificateFromFile(fixture.Files.CaFile);
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(new X509Certificate2(certificate));
        };
        if (token is not null)
        {
            socket.Options.SetRequestHeader("Authorization", new AuthenticationHeaderValue("Bearer", token).ToString());
        }

        return socket;
    }
}

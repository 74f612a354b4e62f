using SecureQueue.FunctionalTests.Authentication;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Proxy;

/// <summary>
/// A front door listener of its own (<c>SecureQueue:FrontDoor:Url</c>) beside the API's: the routes answer only there, the SQS
/// API only on its own listener, both under the same TLS certificate and client-certificate rules; the JWKS on both.
/// </summary>
public sealed class FrontDoorListenerTests(FrontDoorFixture fixture) : IClassFixture<FrontDoorFixture>
{
    [Fact]
    public async Task OwnListener_RoutesOnlyThere_SqsOnlyOnItsOwn()
    {
        var port = FrontDoorFixture.ClosedPort();
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["SecureQueue:FrontDoor:Url"] = $"https://127.0.0.1:{port}" };
        await using var gateway = await fixture.StartAnotherAsync("listener", settings);
        var frontDoor = new Uri($"https://localhost:{port}/");
        Assert.NotEqual(frontDoor.Port, gateway.Endpoint.Port);

        using var onFrontDoor = new SignedClient(frontDoor, fixture.Files.CaFile);
        using var proxied = await onFrontDoor.SendAsync(HttpMethod.Get, "/orders/own-listener", [], [], FrontDoorFixture.Caller, service: "execute-api");
        Assert.Equal(200, (int)proxied.StatusCode);
        Assert.Equal("orders", ProxyClients.Seen(await proxied.Content.ReadAsStringAsync()).GetProperty("upstream").GetString());
        using var sqsOnFrontDoor = await onFrontDoor.JsonAsync("ListQueues", "{}", TestIdentity.Admin);
        Assert.Equal(404, (int)sqsOnFrontDoor.StatusCode);

        using var onApi = new SignedClient(gateway.Endpoint, fixture.Files.CaFile);
        using var sqs = await onApi.JsonAsync("ListQueues", "{}", TestIdentity.Admin);
        Assert.Equal(200, (int)sqs.StatusCode);
        using var routeOnApi = await onApi.SendAsync(HttpMethod.Get, "/orders/api-listener", [], [], FrontDoorFixture.Caller, service: "execute-api");
        Assert.DoesNotContain("\"upstream\"", await routeOnApi.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("/orders/api-listener", fixture.Orders.Paths);

        foreach (var endpoint in new[] { frontDoor, gateway.Endpoint })
        {
            using var jwks = await fixture.Client(endpoint: endpoint).GetAsync("/.well-known/secq/jwks.json");
            Assert.Equal(200, (int)jwks.StatusCode);
        }
    }

    [Fact]
    public async Task OwnListener_ClientCertificate_SameRulesAsTheApi()
    {
        var port = FrontDoorFixture.ClosedPort();
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["SecureQueue:FrontDoor:Url"] = $"https://127.0.0.1:{port}" };
        await using var gateway = await fixture.StartAnotherAsync("listener-mtls", settings);
        using var trusted = fixture.Client(TestCertificates.Client(fixture.ClientCa, "CN=batch-job, O=SecureQueue Tests"), new Uri($"https://localhost:{port}/"));
        using var response = await trusted.GetAsync("/orders/mtls");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("arn:aws:iam::000000000000:user/batch-job", ProxyClients.Seen(await response.Content.ReadAsStringAsync()).GetProperty("principal").GetString());

        // As on the API listener, a certificate from another CA fails the TLS handshake.
        using var stranger = fixture.Client(TestCertificates.Client(TestCertificates.Authority("CN=Stranger CA"), "CN=batch-job, O=SecureQueue Tests"), new Uri($"https://localhost:{port}/"));
        await Assert.ThrowsAsync<HttpRequestException>(() => stranger.GetAsync("/orders/mtls-stranger"));
        Assert.DoesNotContain("/orders/mtls-stranger", fixture.Orders.Paths);
    }
}

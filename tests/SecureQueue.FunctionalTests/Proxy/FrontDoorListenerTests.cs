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
        var port = TestPorts.Next();
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["SecureQueue:FrontDoor:Url"] = $"https://127.0.0.1:{port}" };
        await using var gateway = await fixture.StartAnotherAsync("listener", settings);
        var frontDoor = new Uri($"https://localhost:{port}/");
        Assert.NotEqual(frontDoor.Port, gateway.Endpoint.Port);

        using var onFrontDoor = new SignedClient(frontDoor, fixture.Files.CaFile);
        using var proxied = await onFrontDoor.SendAsync(HttpMethod.Get, "/orders/own-listener", [], [], FrontDoorFixture.Caller, service: "execute-api");
        Assert.Equal(200, (int)proxied.StatusCode);
        Assert.Equal("orders", ProxyClients.Seen(await proxied.Content.ReadAsStringAsync()).GetProperty("upstream").GetString());
        // Not served there: signed for sqs, not execute-api, it fails identification as any request for another service would.
        using var sqsOnFrontDoor = await onFrontDoor.JsonAsync("ListQueues", "{}", TestIdentity.Admin);
        Assert.Equal(403, (int)sqsOnFrontDoor.StatusCode);
        Assert.DoesNotContain("QueueUrls", await sqsOnFrontDoor.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(TestIdentity.Admin.AccessKeyId, (await ProxyAudit.ForAsync(fixture.Database, sqsOnFrontDoor)).Data.GetProperty("accessKeyId").GetString());

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

    /// <summary>Nothing but the routes answers on the front door's own listener, and what no route matches is audited too.</summary>
    [Fact]
    public async Task OwnListener_NoRouteMatches_404AuditedUnderTheCaller()
    {
        var port = TestPorts.Next();
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["SecureQueue:FrontDoor:Url"] = $"https://127.0.0.1:{port}" };
        await using var gateway = await fixture.StartAnotherAsync("listener-unmatched", settings);
        using var onFrontDoor = new SignedClient(new Uri($"https://localhost:{port}/"), fixture.Files.CaFile);

        using var signed = await onFrontDoor.SendAsync(HttpMethod.Post, "/admin/setup.php", [], [], FrontDoorFixture.Caller, service: "execute-api");
        Assert.Equal((404, "NotFoundException"), ((int)signed.StatusCode, Assert.Single(signed.Headers.GetValues("x-amzn-ErrorType"))));
        Assert.Contains("No route", await signed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var audit = await ProxyAudit.ForAsync(fixture.Database, signed);
        Assert.Equal(("Invoke", FrontDoorFixture.Caller.Arn, "NotFoundException"), (audit.Action, audit.Principal, audit.ErrorCode));
        var parameters = audit.Data.GetProperty("requestParameters");
        Assert.Equal(("POST", "/admin/setup.php"), (parameters.GetProperty("httpMethod").GetString(), parameters.GetProperty("path").GetString()));

        using var anonymous = fixture.Client(endpoint: new Uri($"https://localhost:{port}/"));
        using var unsigned = await anonymous.GetAsync("/.env");
        Assert.Equal((401, "MissingAuthenticationToken"), ((int)unsigned.StatusCode, Assert.Single(unsigned.Headers.GetValues("x-amzn-ErrorType"))));
        var refused = await ProxyAudit.ForAsync(fixture.Database, unsigned);
        Assert.Equal(("Invoke", null, "MissingAuthenticationToken"), (refused.Action, refused.Principal, refused.ErrorCode));
        Assert.DoesNotContain("/admin/setup.php", fixture.Orders.Paths);
    }

    [Fact]
    public async Task OwnListener_ClientCertificate_SameRulesAsTheApi()
    {
        var port = TestPorts.Next();
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

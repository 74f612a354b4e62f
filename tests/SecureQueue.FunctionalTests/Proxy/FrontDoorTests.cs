using System.Net.Http.Headers;
using SecureQueue.FunctionalTests.Authentication;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Proxy;

/// <summary>
/// The front door with real clients over TLS (curl --aws-sigv4, bearer tokens, a client certificate) and a real HTTPS
/// upstream that verifies the gateway's assertion: who gets through, who does not, and one audit event for each request.
/// </summary>
public sealed class FrontDoorTests(FrontDoorFixture fixture) : IClassFixture<FrontDoorFixture>
{
    private const string OrdersArn = "arn:aws:execute-api:us-east-1:000000000000:orders/$default";

    [Fact]
    public async Task CurlSigV4_Allowed_UpstreamVerifiesAssertionAndRequestAudited()
    {
        var (status, headers, body) = await ProxyClients.CurlAsync(fixture, FrontDoorFixture.Caller, "/orders/items");
        Assert.Equal(200, status);
        var seen = ProxyClients.Seen(body);
        Assert.Equal(("orders", FrontDoorFixture.Caller.Arn, "orders", "orders"),
            (seen.GetProperty("upstream").GetString(), seen.GetProperty("principal").GetString(), seen.GetProperty("audience").GetString(), seen.GetProperty("route").GetString()));
        Assert.Equal("", seen.GetProperty("authorization").GetString());

        var audit = await ProxyAudit.ForAsync(fixture.Database, headers["x-amzn-requestid"]);
        Assert.Equal(("Invoke", FrontDoorFixture.Caller.Arn, null, "RequestForwarded", OrdersArn + "/GET/orders/items", "Allowed"),
            (audit.Action, audit.Principal, audit.ErrorCode, audit.EventType, audit.Resource, audit.Decision));
        Assert.Equal("execute-api.amazonaws.com", audit.Data.GetProperty("eventSource").GetString());
        Assert.Equal(200, audit.Detail.GetProperty("upstreamStatus").GetInt32());
        Assert.Equal(body.Length, audit.Detail.GetProperty("responseBytes").GetInt64());
    }

    [Fact]
    public async Task CurlSigV4_PostWithBody_SignedBodyForwardedWhole()
    {
        var (status, headers, body) = await ProxyClients.CurlAsync(fixture, FrontDoorFixture.Caller, "/orders/items", "POST", """{"sku":"a-1","count":2}""");
        Assert.Equal(200, status);
        Assert.Equal(23, ProxyClients.Seen(body).GetProperty("bodyBytes").GetInt32());
        var audit = await ProxyAudit.ForAsync(fixture.Database, headers["x-amzn-requestid"]);
        Assert.Equal(23, audit.Detail.GetProperty("requestBytes").GetInt32());
        Assert.DoesNotContain("a-1", audit.Data.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CurlSigV4_WrongSecret_RefusedAndAudited()
    {
        var (status, headers, body) = await ProxyClients.CurlAsync(fixture, FrontDoorFixture.Caller, "/orders/items", secret: "wrongSecretKey0123456789abcdefghijklmnop");
        Assert.Equal(403, status);
        Assert.Equal("InvalidSignatureException", headers["x-amzn-errortype"]);
        Assert.DoesNotContain("upstream", body, StringComparison.Ordinal);
        var audit = await ProxyAudit.ForAsync(fixture.Database, headers["x-amzn-requestid"]);
        Assert.Equal(("InvalidSignatureException", null), (audit.ErrorCode, audit.Principal));
    }

    [Fact]
    public async Task IdentityPolicy_NoInvokePermission_AccessDeniedAndAudited()
    {
        var (status, headers, body) = await ProxyClients.CurlAsync(fixture, TestIdentity.Sender, "/orders/items");
        Assert.Equal(403, status);
        Assert.Equal("AccessDeniedException", headers["x-amzn-errortype"]);
        Assert.Contains("execute-api:Invoke", body, StringComparison.Ordinal);
        var audit = await ProxyAudit.ForAsync(fixture.Database, headers["x-amzn-requestid"]);
        Assert.Equal((TestIdentity.Sender.Arn, "AccessDeniedException", "ImplicitDeny"), (audit.Principal, audit.ErrorCode, audit.Decision));
    }

    [Fact]
    public async Task RoutePolicy_DenyDelete_BeatsIdentityAllow()
    {
        using var client = new SignedClient(fixture.Gateway.Endpoint, fixture.Files.CaFile);
        using var response = await client.SendAsync(HttpMethod.Delete, "/orders/items/7", [], [], FrontDoorFixture.Caller, service: "execute-api");
        Assert.Equal(403, (int)response.StatusCode);
        Assert.Contains("explicit deny", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var audit = await ProxyAudit.ForAsync(fixture.Database, response);
        Assert.Equal((OrdersArn + "/DELETE/orders/items/7", "ExplicitDeny"), (audit.Resource, audit.Decision));
        Assert.Contains(audit.Data.GetProperty("authorization").GetProperty("matchedStatements").EnumerateArray(), s => s.GetString()!.EndsWith("#NoDeletes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Guardrail_SecretPath_DeniedForEveryone()
    {
        using var client = new SignedClient(fixture.Gateway.Endpoint, fixture.Files.CaFile);
        using var response = await client.SendAsync(HttpMethod.Get, "/orders/secret-plans", [], [], FrontDoorFixture.Caller, service: "execute-api");
        Assert.Equal(403, (int)response.StatusCode);
        var audit = await ProxyAudit.ForAsync(fixture.Database, response);
        Assert.Equal("ExplicitDeny", audit.Decision);
        Assert.Contains(audit.Data.GetProperty("authorization").GetProperty("matchedStatements").EnumerateArray(), s => s.GetString()!.EndsWith("#NoSecretPaths", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Guardrail_SecretPathInOtherCase_DeniedForEveryone()
    {
        // YARP matched the route without case, and the upstream could serve /Orders/Secret-Plans as /orders/secret-plans.
        using var client = new SignedClient(fixture.Gateway.Endpoint, fixture.Files.CaFile);
        using var response = await client.SendAsync(HttpMethod.Get, "/Orders/Secret-Plans", [], [], FrontDoorFixture.Caller, service: "execute-api");
        Assert.Equal(403, (int)response.StatusCode);
        var audit = await ProxyAudit.ForAsync(fixture.Database, response);
        Assert.Equal((OrdersArn + "/GET/Orders/Secret-Plans", "ExplicitDeny"), (audit.Resource, audit.Decision));
    }

    [Theory]
    [InlineData("/orders/hidden-separator%2Fadmin")]
    [InlineData("/orders/hidden-separator%2fadmin")]
    [InlineData("/orders/hidden-separator%5Cadmin")]
    public async Task HiddenSeparatorInPath_400AuditedNotForwarded(string path)
    {
        // The reader may GET anything under /orders, so only the separator check stands between this path and the upstream.
        using var client = fixture.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ProxyClients.Token(fixture));

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("BadRequestException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal("BadRequestException", (await ProxyAudit.ForAsync(fixture.Database, response)).ErrorCode);
        Assert.DoesNotContain(fixture.Upstreams.SelectMany(u => u.Paths), p => p.Contains("hidden-separator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SigV4_SignedForAnotherService_Refused()
    {
        using var client = new SignedClient(fixture.Gateway.Endpoint, fixture.Files.CaFile);
        using var response = await client.SendAsync(HttpMethod.Get, "/orders/items", [], [], FrontDoorFixture.Caller, service: "sqs");
        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("InvalidSignatureException", (await ProxyAudit.ForAsync(fixture.Database, response)).ErrorCode);
    }

    [Fact]
    public async Task Jwt_ReaderToken_GetAllowedPostDenied()
    {
        using var client = fixture.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ProxyClients.Token(fixture));
        using var read = await client.GetAsync("/orders/items");
        Assert.Equal(200, (int)read.StatusCode);
        Assert.Equal("arn:aws:iam::000000000000:role/web-svc", ProxyClients.Seen(await read.Content.ReadAsStringAsync()).GetProperty("principal").GetString());
        using var write = await client.PostAsync("/orders/items", new StringContent("{}"));
        Assert.Equal(403, (int)write.StatusCode);
        Assert.Equal("ImplicitDeny", (await ProxyAudit.ForAsync(fixture.Database, write)).Decision);
    }

    [Fact]
    public async Task Jwt_UnknownSubject_401WithChallengeAndAudited()
    {
        using var client = fixture.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ProxyClients.Token(fixture, "nobody"));
        using var response = await client.GetAsync("/orders/items");
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("InvalidToken", (await ProxyAudit.ForAsync(fixture.Database, response)).ErrorCode);
    }

    [Fact]
    public async Task NoCredentials_401AndAudited()
    {
        using var client = fixture.Client();
        using var response = await client.GetAsync("/orders/items");
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("MissingAuthenticationToken", (await ProxyAudit.ForAsync(fixture.Database, response)).ErrorCode);
    }

    [Fact]
    public async Task ClientCertificate_MappedSubject_Allowed()
    {
        using var client = fixture.Client(TestCertificates.Client(fixture.ClientCa, "CN=batch-job, O=SecureQueue Tests"));
        using var response = await client.GetAsync("/orders/items");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("arn:aws:iam::000000000000:user/batch-job", ProxyClients.Seen(await response.Content.ReadAsStringAsync()).GetProperty("principal").GetString());
        Assert.Equal("ClientCertificate", (await ProxyAudit.ForAsync(fixture.Database, response)).Data.GetProperty("authentication").GetProperty("method").GetString());
    }

    [Fact]
    public async Task SpoofedIdentityHeaders_StrippedBeforeTheUpstream()
    {
        using var client = fixture.Client();
        using var request = new HttpRequestMessage(
            HttpMethod.Get, "/orders/items?page=2&X-Amz-Credential=AKIDEXAMPLE%2F20261202%2Fus-east-1%2Fexecute-api%2Faws4_request&X-Amz-Signature=abc&x=y");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ProxyClients.Token(fixture));
        request.Headers.Add("X-SecureQueue-Assertion", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhcm46YXdzOmlhbTo6MDAwMDAwMDAwMDAwOnVzZXIvYWRtaW4ifQ.");
        request.Headers.Add("X-Forwarded-Client-Cert", "Hash=abc;Subject=\"CN=admin\"");
        request.Headers.Add("X-Forwarded-User", "admin");
        request.Headers.Add("X-Forwarded-For", "6.6.6.6");
        using var response = await client.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        var seen = ProxyClients.Seen(await response.Content.ReadAsStringAsync());
        Assert.Equal("arn:aws:iam::000000000000:role/web-svc", seen.GetProperty("principal").GetString());
        Assert.Equal(("", "", ""), (seen.GetProperty("clientCert").GetString(), seen.GetProperty("forwardedUser").GetString(), seen.GetProperty("authorization").GetString()));
        Assert.DoesNotContain("6.6.6.6", seen.GetProperty("forwardedFor").GetString(), StringComparison.Ordinal);
        Assert.Equal("?page=2&x=y", seen.GetProperty("query").GetString());
    }

    [Fact]
    public async Task BodyOverRouteLimit_413AuditedAndConnectionClosed()
    {
        using var client = new SignedClient(fixture.Gateway.Endpoint, fixture.Files.CaFile);
        using var response = await client.SendAsync(HttpMethod.Post, "/orders/items", [], new byte[70_000], FrontDoorFixture.Caller, service: "execute-api");
        Assert.Equal(413, (int)response.StatusCode);
        // Found by the fuzz run: the unread rest of the body leaves the connection unusable, so the client must be told.
        Assert.True(response.Headers.ConnectionClose);
        Assert.Equal("RequestEntityTooLarge", (await ProxyAudit.ForAsync(fixture.Database, response)).ErrorCode);
    }

    [Fact]
    public async Task Jwks_ServesThePublicKeyOnly()
    {
        using var client = fixture.Client();
        var jwks = ProxyClients.Seen(await client.GetStringAsync("/.well-known/secq/jwks.json"));
        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray());
        Assert.Equal(("EC", "P-256", "ES256"), (key.GetProperty("kty").GetString(), key.GetProperty("crv").GetString(), key.GetProperty("alg").GetString()));
        Assert.False(key.TryGetProperty("d", out _));
    }

    [Fact]
    public async Task ProxiedEvents_InTheVerifiedChain()
    {
        var (status, _, _) = await ProxyClients.CurlAsync(fixture, FrontDoorFixture.Caller, "/orders/chain");
        Assert.Equal(200, status);
        await fixture.Database.WaitSealedAsync();
        await AuditVerify.AssertIntactAsync(fixture.Workspace, fixture.Files.CheckpointFile);
    }

    [Fact]
    public async Task LookupEvents_ProxiedRequest_AsACloudTrailRecordOfTheRoute()
    {
        var (status, headers, _) = await ProxyClients.CurlAsync(fixture, FrontDoorFixture.Caller, "/orders/looked-up");
        Assert.Equal(200, status);
        await ProxyAudit.WaitAsync(fixture.Database, [Guid.Parse(headers["x-amzn-requestid"])]);
        using var client = new SignedClient(fixture.Gateway.Endpoint, fixture.Files.CaFile);
        var (events, _) = await Trail.TrailClient.LookupAsync(client, Trail.TrailClient.Attribute("ResourceName", OrdersArn + "/GET/orders/looked-up"));
        var record = Trail.TrailClient.Record(Assert.Single(events));
        Assert.Equal(("execute-api.amazonaws.com", "Invoke", headers["x-amzn-requestid"]),
            (record.GetProperty("eventSource").GetString(), record.GetProperty("eventName").GetString(), record.GetProperty("requestID").GetString()));
        Assert.Equal("AWS::ApiGateway::Route", Assert.Single(record.GetProperty("resources").EnumerateArray()).GetProperty("type").GetString());
        Assert.Equal("/orders/looked-up", record.GetProperty("requestParameters").GetProperty("path").GetString());
    }
}

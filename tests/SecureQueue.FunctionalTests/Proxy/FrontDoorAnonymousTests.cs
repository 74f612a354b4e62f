using System.Net.Http.Headers;

namespace SecureQueue.FunctionalTests.Proxy;

/// <summary>
/// Anonymous access: only on a route that opted in (<c>SecureQueue.AllowAnonymous</c>) and only as far as its resource policy's
/// <c>"Principal": "*"</c> statements allow, under the guardrails, audited as the anonymous principal.
/// </summary>
public sealed class FrontDoorAnonymousTests(FrontDoorFixture fixture) : IClassFixture<FrontDoorFixture>
{
    [Fact]
    public async Task NoCredentials_OptedInRoute_ForwardedAsAnonymousAndAudited()
    {
        using var client = fixture.Client();
        using var response = await client.GetAsync("/public/status");
        Assert.Equal(200, (int)response.StatusCode);
        var seen = ProxyClients.Seen(await response.Content.ReadAsStringAsync());
        Assert.Equal(("anonymous", "public", null), (seen.GetProperty("principal").GetString(), seen.GetProperty("route").GetString(), seen.GetProperty("assertionError").GetString()));

        var audit = await ProxyAudit.ForAsync(fixture.Database, response);
        Assert.Equal(("anonymous", "RequestForwarded", "Allowed", "arn:aws:execute-api:us-east-1:000000000000:public/$default/GET/public/status"),
            (audit.Principal, audit.EventType, audit.Decision, audit.Resource));
        Assert.Equal("Anonymous", audit.Data.GetProperty("authentication").GetProperty("method").GetString());
        Assert.Contains(audit.Data.GetProperty("authorization").GetProperty("matchedStatements").EnumerateArray(), s => s.GetString()!.EndsWith("#AnyoneReads", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoCredentials_MethodTheRoutePolicyDoesNotAllow_AccessDeniedAndAudited()
    {
        using var client = fixture.Client();
        using var response = await client.PostAsync("/public/post-denied", new StringContent("{}"));
        Assert.Equal(403, (int)response.StatusCode);
        var audit = await ProxyAudit.ForAsync(fixture.Database, response);
        Assert.Equal(("anonymous", "AccessDeniedException", "ImplicitDeny"), (audit.Principal, audit.ErrorCode, audit.Decision));
        Assert.DoesNotContain("/public/post-denied", fixture.Orders.Paths);
    }

    [Fact]
    public async Task NoCredentials_GuardrailDeny_AppliesToAnonymousToo()
    {
        using var client = fixture.Client();
        using var response = await client.GetAsync("/public/admin/users");
        Assert.Equal(403, (int)response.StatusCode);
        var audit = await ProxyAudit.ForAsync(fixture.Database, response);
        Assert.Equal(("anonymous", "ExplicitDeny"), (audit.Principal, audit.Decision));
        Assert.Contains(audit.Data.GetProperty("authorization").GetProperty("matchedStatements").EnumerateArray(), s => s.GetString()!.EndsWith("#NoPublicAdmin", StringComparison.Ordinal));
        Assert.DoesNotContain("/public/admin/users", fixture.Orders.Paths);
    }

    [Fact]
    public async Task NoCredentials_RouteWithoutOptIn_StillMissingAuthenticationToken()
    {
        using var client = fixture.Client();
        using var response = await client.GetAsync("/orders/anonymous-try");
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("MissingAuthenticationToken", (await ProxyAudit.ForAsync(fixture.Database, response)).ErrorCode);
        Assert.DoesNotContain("/orders/anonymous-try", fixture.Orders.Paths);
    }

    [Fact]
    public async Task BadCredential_OptedInRoute_RefusedNotMadeAnonymous()
    {
        var (status, headers, _) = await ProxyClients.CurlAsync(fixture, FrontDoorFixture.Caller, "/public/status", secret: "wrongSecretKey0123456789abcdefghijklmnop");
        Assert.Equal(403, status);
        Assert.Equal("InvalidSignatureException", headers["x-amzn-errortype"]);

        using var client = fixture.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ProxyClients.Token(fixture, "nobody"));
        using var response = await client.GetAsync("/public/status");
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("InvalidToken", (await ProxyAudit.ForAsync(fixture.Database, response)).ErrorCode);
    }

    [Fact]
    public async Task Credentials_OptedInRoute_CallerStaysItself()
    {
        var (status, _, body) = await ProxyClients.CurlAsync(fixture, FrontDoorFixture.Caller, "/public/status");
        Assert.Equal(200, status);
        Assert.Equal(FrontDoorFixture.Caller.Arn, ProxyClients.Seen(body).GetProperty("principal").GetString());
    }
}

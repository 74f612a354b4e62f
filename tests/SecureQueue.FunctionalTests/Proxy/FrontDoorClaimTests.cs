using System.Net.Http.Headers;

namespace SecureQueue.FunctionalTests.Proxy;

/// <summary>
/// A bearer caller's verified token claims as condition keys (<c>execute-api:JwtClaim/&lt;name&gt;</c>): the fixture's web-svc
/// identity may POST only with a <c>roles</c> claim holding <c>writer</c> and PUT only with <c>tenant</c> <c>acme</c>.
/// </summary>
public sealed class FrontDoorClaimTests(FrontDoorFixture fixture) : IClassFixture<FrontDoorFixture>
{
    [Fact]
    public async Task ArrayClaimHoldsWriter_PostAllowed()
    {
        using var response = await SendAsync(HttpMethod.Post, new() { ["roles"] = new[] { "reader", "writer" } });
        Assert.Equal(200, (int)response.StatusCode);
        var audit = await ProxyAudit.ForAsync(fixture.Database, response);
        Assert.Contains(audit.Data.GetProperty("authorization").GetProperty("matchedStatements").EnumerateArray(), s => s.GetString()!.EndsWith("#WritersPost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ArrayClaimWithoutWriter_PostDenied()
    {
        using var response = await SendAsync(HttpMethod.Post, new() { ["roles"] = new[] { "reader" } });
        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("ImplicitDeny", (await ProxyAudit.ForAsync(fixture.Database, response)).Decision);
    }

    [Fact]
    public async Task ClaimMissing_ConditionNotMet_Denied()
    {
        using var post = await SendAsync(HttpMethod.Post, []);
        Assert.Equal(403, (int)post.StatusCode);
        using var put = await SendAsync(HttpMethod.Put, new() { ["roles"] = new[] { "writer" } });
        Assert.Equal(403, (int)put.StatusCode);
    }

    [Theory]
    [InlineData("acme", 200)]
    [InlineData("globex", 403)]
    [InlineData("ACME", 403)]
    public async Task ScalarClaim_StringEquals_DecidesPut(string tenant, int expected)
    {
        using var response = await SendAsync(HttpMethod.Put, new() { ["tenant"] = tenant });
        Assert.Equal(expected, (int)response.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Dictionary<string, object> claims)
    {
        using var client = fixture.Client();
        using var request = new HttpRequestMessage(method, "/orders/items/1") { Content = new StringContent("{}") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ProxyClients.Token(fixture, claims: claims));
        return await client.SendAsync(request);
    }
}

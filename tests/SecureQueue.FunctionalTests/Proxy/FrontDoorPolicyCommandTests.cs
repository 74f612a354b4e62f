using System.Text.Json;
using SecureQueue.Cli.Commands;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Proxy;

/// <summary><c>secq policy simulate/test/lint/replay</c> on front door requests: <c>execute-api:Invoke</c> on route ARNs, route policies under <c>routes/</c>.</summary>
public sealed class FrontDoorPolicyCommandTests(FrontDoorFixture fixture) : IClassFixture<FrontDoorFixture>
{
    private static readonly string Policies = Path.Combine(ClientProcess.RepositoryRoot, "policies");

    [Theory]
    [InlineData("GET", "orders", PolicyCommand.Ok)]
    [InlineData("DELETE", "orders", PolicyCommand.Findings)]
    [InlineData("GET", "billing", PolicyCommand.Findings)]
    public async Task Simulate_Invoke_DecidedWithRoutePolicyAndHeaderCondition(string method, string team, int expected)
    {
        var (code, output) = await RunAsync(
            "simulate", "--principal", "arn:aws:iam::000000000000:user/orders-api-client", "--action", "execute-api:Invoke",
            "--resource", $"arn:aws:execute-api:us-east-1:000000000000:orders-api/$default/{method}/orders/42",
            "--identity-policy", Path.Combine(Policies, "identities", "orders-api-client.json"), "--queue-policy", Path.Combine(Policies, "routes", "orders-api.json"),
            "--no-guardrails", "--context", $"execute-api:RequestHeader/x-team={team}");
        Assert.True(code == expected, output);
    }

    [Fact]
    public async Task TestAndLint_RepositoryRoutePolicies_PassAsResourcePolicies()
    {
        var (tested, testOutput) = await RunAsync("test", Path.Combine(Policies, "routes"));
        Assert.True(tested == PolicyCommand.Ok, testOutput);
        Assert.Contains("PASS: 7/7", testOutput, StringComparison.Ordinal);
        var (linted, lintOutput) = await RunAsync("lint", Path.Combine(Policies, "routes", "orders-api.json"));
        Assert.True(linted == PolicyCommand.Ok, lintOutput);
    }

    [Theory]
    [InlineData(new[] { "orders-reader", "orders-writer" }, PolicyCommand.Ok)]
    [InlineData(new[] { "orders-reader" }, PolicyCommand.Findings)]
    [InlineData(new string[0], PolicyCommand.Findings)]
    public async Task Simulate_JwtClaimCondition_MultivaluedClaimDecides(string[] roles, int expected)
    {
        var (code, output) = await RunAsync([
            "simulate", "--principal", "arn:aws:iam::000000000000:role/orders-web", "--action", "execute-api:Invoke",
            "--resource", "arn:aws:execute-api:us-east-1:000000000000:orders-api/$default/POST/orders/new",
            "--identity-policy", Path.Combine(Policies, "identities", "orders-web.json"), "--no-guardrails",
            .. roles.SelectMany(r => new[] { "--context", "execute-api:JwtClaim/roles=" + r })]);
        Assert.True(code == expected, output);
    }

    [Fact]
    public async Task Lint_JwtClaimKey_KnownToTheLinter()
    {
        var (linted, output) = await RunAsync("lint", Path.Combine(Policies, "identities", "orders-web.json"));
        Assert.True(linted == PolicyCommand.Ok, output);
        Assert.DoesNotContain("execute-api:JwtClaim", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_ProposedRoutePolicyDeniesReads_ProxiedRequestNewlyDenied()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var (status, headers, _) = await ProxyClients.CurlAsync(fixture, FrontDoorFixture.Caller, "/orders/replayed");
        Assert.Equal(200, status);
        // The forwarded request's event is committed after its answer went out: the replay must not run before it lands.
        await ProxyAudit.WaitAsync(fixture.Database, [Guid.Parse(headers["x-amzn-requestid"])]);

        var proposed = Directory.CreateTempSubdirectory("secq-proposed-").FullName;
        foreach (var file in Directory.GetFiles(fixture.Files.PoliciesDirectory))
        {
            File.Copy(file, Path.Combine(proposed, Path.GetFileName(file)));
        }

        Directory.CreateDirectory(Path.Combine(proposed, "routes"));
        File.WriteAllText(Path.Combine(proposed, "routes", "orders.json"),
            """{"Version":"2012-10-17","Statement":[{"Sid":"NoReads","Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:000000000000:orders/*/GET/*"}]}""");
        var (code, output) = await RunAsync(
            "replay", "--from", from.ToString("O"), "--to", DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"), "--policies", proposed,
            "--identities", fixture.Files.IdentitiesFile, "--connection", fixture.Database.GatewayConnectionString, "--json");
        Directory.Delete(proposed, recursive: true);

        Assert.Equal(PolicyCommand.Findings, code);
        var change = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("changes").EnumerateArray());
        Assert.Equal(
            (FrontDoorFixture.Caller.Arn, "execute-api:Invoke", "arn:aws:execute-api:us-east-1:000000000000:orders/$default/GET/orders/replayed", "Allowed", "ExplicitDeny"),
            (change.GetProperty("principal").GetString(), change.GetProperty("action").GetString(), change.GetProperty("resource").GetString(),
                change.GetProperty("recorded").GetString(), change.GetProperty("proposed").GetString()));
    }

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PolicyCommand.RunAsync(args, output, error);
        return (code, output.ToString() + error);
    }
}

using System.Text.Json;
using static SecureQueue.FunctionalTests.Cli.PolicyWorkspace;

namespace SecureQueue.FunctionalTests.Cli;

public sealed partial class PolicyCommandTests
{
    private const string Producer = "arn:aws:iam::000000000000:user/orders-producer";
    private const string Orders = "arn:aws:sqs:us-east-1:000000000000:orders";

    private static string RepositoryFile(string relative) => System.IO.Path.Combine(RepositoryPolicies, relative);

    private static Task<(int Code, string Output, string Error)> SimulateAsync(params string[] extra) => RunAsync(
        ["simulate", "--principal", Producer, "--action", "sqs:SendMessage", "--resource", Orders,
         "--identity-policy", RepositoryFile("identities/orders-producer.json"), "--queue-policy", RepositoryFile("queues/orders.json"),
         "--guardrails", RepositoryFile("guardrails"), .. extra]);

    [Fact]
    public async Task Simulate_Allowed_ExitsZeroWithMatchedStatements()
    {
        var (code, output, _) = await SimulateAsync("--context", "aws:SecureTransport=true", "--context", "aws:SourceIp=10.0.0.1");

        Assert.True(code == 0, output);
        Assert.Contains("EvalDecision: allowed", output, StringComparison.Ordinal);
        Assert.Contains("identities/orders-producer.json:4:5 Statement[0] (Sid SendOrders) Allow", output, StringComparison.Ordinal);
        Assert.Contains("queues/orders.json:15:5 Statement[1] (Sid ProducerSend) Allow", output, StringComparison.Ordinal);
        Assert.Contains("queues/orders.json:22:5 Statement[2] (Sid PartnerMonitorRead) Allow: principal does not match", output, StringComparison.Ordinal);
        Assert.Contains("queues/orders.json:29:5 Statement[3] (Sid DenyPurgeExceptAdmin) Deny: action does not match", output, StringComparison.Ordinal);
        Assert.Contains("MissingContextValues: none", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_ExplicitDeny_ExitsOneWithReasonAndMissingKeys()
    {
        var (code, output, _) = await SimulateAsync("--context", "aws:SecureTransport=false");

        Assert.Equal(1, code);
        Assert.Contains("EvalDecision: explicitDeny", output, StringComparison.Ordinal);
        Assert.Contains("with an explicit deny in a service control policy", output, StringComparison.Ordinal);
        Assert.Contains("policies/guardrails/deny-non-tls.json:4:5 Statement[0] (Sid DenyNonTls) Deny: matched", output, StringComparison.Ordinal);
        Assert.Contains("MissingContextValues: aws:SourceIp", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_ConditionMismatch_NamesOperatorAndKey()
    {
        var (code, output, _) = await RunAsync(
            "simulate", "--principal", "arn:aws:iam::000000000000:role/orders-consumer", "--action", "sqs:ReceiveMessage", "--resource", Orders,
            "--identity-policy", RepositoryFile("identities/orders-consumer.json"), "--no-guardrails",
            "--context", "aws:PrincipalTag/team=orders", "--context", "aws:ResourceTag/team=billing");

        Assert.Equal(1, code);
        Assert.Contains("EvalDecision: implicitDeny", output, StringComparison.Ordinal);
        Assert.Contains("(Sid ConsumeTeamQueues) Allow: condition StringEquals on aws:ResourceTag/team failed", output, StringComparison.Ordinal);
        Assert.Contains("Guardrails: none", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_QueuePolicyAccountPrincipalWithoutIdentityAllow_ImplicitDeny()
    {
        using var workspace = new PolicyWorkspace();
        var queuePolicy = workspace.Write("queues/account.json", $$"""
            {"Version":"2012-10-17","Statement":[{"Sid":"WholeAccount","Effect":"Allow","Principal":{"AWS":"000000000000"},"Action":"sqs:ReceiveMessage","Resource":"{{Orders}}"}]}
            """);

        var (code, output, _) = await RunAsync(
            "simulate", "--principal", Producer, "--action", "sqs:ReceiveMessage", "--resource", Orders, "--queue-policy", queuePolicy, "--no-guardrails");

        Assert.Equal(1, code);
        Assert.Contains("EvalDecision: implicitDeny", output, StringComparison.Ordinal);
        Assert.Contains("(Sid WholeAccount) Allow: principal names only the caller's account", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_Json_SimulatorShape()
    {
        var (code, output, _) = await SimulateAsync("--json", "--context", "aws:SecureTransport=true", "--context", "aws:SourceIp=192.0.2.1");

        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(output);
        var result = json.RootElement.GetProperty("EvaluationResults")[0];
        Assert.Equal("explicitDeny", result.GetProperty("EvalDecision").GetString());
        Assert.Equal("sqs:SendMessage", result.GetProperty("EvalActionName").GetString());
        var matched = Assert.Single(result.GetProperty("MatchedStatements").EnumerateArray());
        Assert.Equal("DenyOutsideCorporateNetwork", matched.GetProperty("Sid").GetString());
        Assert.Equal(4, matched.GetProperty("StartPosition").GetProperty("Line").GetInt32());
        Assert.False(result.GetProperty("OrganizationsDecisionDetail").GetProperty("AllowedByOrganizations").GetBoolean());
        var traces = result.GetProperty("StatementTraces").EnumerateArray().ToList();
        Assert.Contains(traces, t => t.TryGetProperty("MismatchReason", out var reason) && reason.GetString() == "Principal");
        Assert.Equal(7, traces.Count);
    }

    [Fact]
    public async Task Simulate_RepeatedContextKey_IsMultivalued()
    {
        var policy = workspace.Write("identities/tags.json", """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:TagQueue","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["team","env"]},"Null":{"aws:TagKeys":"false"}}}}""");

        var allowed = await RunAsync("simulate", "--principal", Producer, "--action", "sqs:TagQueue", "--resource", Orders, "--identity-policy", policy, "--no-guardrails", "--context", "aws:TagKeys=team", "--context", "aws:TagKeys=env");
        var denied = await RunAsync("simulate", "--principal", Producer, "--action", "sqs:TagQueue", "--resource", Orders, "--identity-policy", policy, "--no-guardrails", "--context", "aws:TagKeys=team", "--context", "aws:TagKeys=owner");

        Assert.Equal((0, 1), (allowed.Code, denied.Code));
        Assert.Contains("aws:TagKeys = team, env", allowed.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--context", "SourceIp=1.2.3.4")]
    [InlineData("--context", "aws:SourceIp")]
    [InlineData("--identity-policy", "/nonexistent/policy.json")]
    [InlineData("--guardrails", "/nonexistent/guardrails")]
    public async Task Simulate_BadInput_ExitsTwo(string option, string value)
    {
        var (code, _, error) = await RunAsync("simulate", "--principal", Producer, "--action", "sqs:SendMessage", "--resource", Orders, option, value);

        Assert.Equal(2, code);
        Assert.NotEmpty(error);
    }

    [Fact]
    public async Task Simulate_InvalidPolicy_ExitsTwoWithItsErrors()
    {
        var policy = workspace.Write("queues/bad.json", Allow);

        var (code, _, error) = await RunAsync("simulate", "--principal", Producer, "--action", "sqs:SendMessage", "--resource", Orders, "--queue-policy", policy, "--no-guardrails");

        Assert.Equal(2, code);
        Assert.Contains($"{policy}:1:38: MISSING_PRINCIPAL: ", error, StringComparison.Ordinal);
    }
}

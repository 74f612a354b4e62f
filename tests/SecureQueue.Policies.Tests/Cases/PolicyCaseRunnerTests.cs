using SecureQueue.Policies.Cases;
using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Evaluation;
using static SecureQueue.Policies.Tests.TestPolicies;

namespace SecureQueue.Policies.Tests.Cases;

public sealed class PolicyCaseRunnerTests
{
    private static readonly PolicyDocument SendPolicy = Identity("""{"Version":"2012-10-17","Statement":{"Sid":"Send","Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}}""");

    private static readonly PolicyDocument TlsGuardrail = Guardrail("""{"Version":"2012-10-17","Statement":{"Sid":"DenyNonTls","Effect":"Deny","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}}""");

    [Fact]
    public void Run_ExpectationMet_Passes()
    {
        var result = PolicyCaseRunner.Run(Case(DecisionOutcome.Allowed, "Send", Context("aws:SecureTransport", "true")), [TlsGuardrail], [SendPolicy], null);

        Assert.True(result.Passed);
        Assert.Empty(result.Failures);
    }

    [Fact]
    public void Run_WrongOutcome_FailsWithExpectedAndActual()
    {
        var result = PolicyCaseRunner.Run(Case(DecisionOutcome.Allowed, context: Context("aws:SecureTransport", "false")), [TlsGuardrail], [SendPolicy], null);

        Assert.False(result.Passed);
        Assert.Equal("expected allowed, got explicitDeny", Assert.Single(result.Failures));
        Assert.Equal(DecisionOutcome.ExplicitDeny, result.Simulation.Decision.Outcome);
    }

    [Fact]
    public void Run_ExpectedSidNotMatched_FailsNamingTheMatchedStatements()
    {
        var result = PolicyCaseRunner.Run(Case(DecisionOutcome.ExplicitDeny, "Other"), [TlsGuardrail], [SendPolicy], null);

        Assert.Equal("expected a matched statement with Sid Other; matched: guardrail.json#DenyNonTls", Assert.Single(result.Failures));
    }

    [Fact]
    public void Run_PrincipalArnAndAccountDerivedFromThePrincipal()
    {
        var queue = Resource("""
            {"Version":"2012-10-17","Statement":{"Sid":"AliceOnly","Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*",
             "Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:user/alice"},"StringEquals":{"aws:PrincipalAccount":"111122223333"}}}}
            """);

        Assert.True(PolicyCaseRunner.Run(Case(DecisionOutcome.Allowed, "AliceOnly", resource: Queue), [], [], queue).Passed);
    }

    [Fact]
    public void Request_RoleSession_PrincipalArnIsTheRoleArn()
    {
        var request = PolicySimulation.Request("arn:aws:sts::111122223333:assumed-role/worker/session-1", "sqs:ReceiveMessage", Queue, RequestContext.Empty);

        Assert.True(request.Context.TryGetValues("aws:PrincipalArn", out var arn));
        Assert.Equal(["arn:aws:iam::111122223333:role/worker"], arn);
    }

    [Fact]
    public void Request_ExplicitContextWinsOverDerivedKeys()
    {
        var request = PolicySimulation.Request(Alice, "sqs:SendMessage", Queue, Context("aws:PrincipalArn", "arn:aws:iam::111122223333:role/path/worker"));

        Assert.True(request.Context.TryGetValues("aws:principalarn", out var arn));
        Assert.Equal(["arn:aws:iam::111122223333:role/path/worker"], arn);
    }

    [Theory]
    [InlineData(AuthorizationRequest.Anonymous, "anonymous", false)]
    [InlineData("sns.amazonaws.com", null, false)]
    public void Request_NonIamPrincipal_NoPrincipalArn(string principal, string? account, bool hasArn)
    {
        var request = PolicySimulation.Request(principal, "sqs:SendMessage", Queue, RequestContext.Empty);

        Assert.Equal(hasArn, request.Context.TryGetValues("aws:PrincipalArn", out _));
        Assert.Equal(account, request.Context.TryGetValues("aws:PrincipalAccount", out var values) ? values[0] : null);
    }

    [Fact]
    public void Simulation_MissingContextValues_OnlyKeysOfStatementsThatCouldApply()
    {
        var policy = Identity("""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"StringEquals":{"aws:username":"alice"}}},
              {"Effect":"Allow","Action":"sqs:ReceiveMessage","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"x"}}}]}
            """);

        var result = PolicySimulation.Run(PolicySimulation.Request(Alice, "sqs:SendMessage", Queue, Context("aws:username", "alice")), [TlsGuardrail], [policy], null);

        Assert.Equal(["aws:SecureTransport", "aws:SourceIp"], result.MissingContextValues);
    }

    [Theory]
    [InlineData(DecisionOutcome.Allowed, "allowed")]
    [InlineData(DecisionOutcome.ExplicitDeny, "explicitDeny")]
    [InlineData(DecisionOutcome.ImplicitDeny, "implicitDeny")]
    public void EvalDecisions_RoundTrip(DecisionOutcome outcome, string text)
    {
        Assert.Equal(text, outcome.ToEvalDecision());
        Assert.Equal(outcome, EvalDecisions.Parse(text));
    }

    private static PolicyCase Case(DecisionOutcome expect, string? sid = null, RequestContext? context = null, string resource = Queue) =>
        new("case", Alice, "sqs:SendMessage", resource, context ?? RequestContext.Empty, [], null, null, expect, sid);
}

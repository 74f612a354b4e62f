using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Evaluation;
using static SecureQueue.Policies.Tests.TestPolicies;

namespace SecureQueue.Policies.Tests.Evaluation;

public sealed partial class PolicyEvaluatorTests
{
    private static readonly PolicyDocument AllowSend = Statement();
    private static readonly PolicyDocument DenySend = Statement(effect: "Deny");

    [Fact]
    public void Evaluate_NoPolicies_ImplicitDeny()
    {
        var decision = Evaluate(Request());

        Assert.Equal(DecisionOutcome.ImplicitDeny, decision.Outcome);
        Assert.False(decision.IsAllowed);
        Assert.Empty(decision.Statements);
        Assert.Empty(decision.MatchedStatements);
    }

    [Fact]
    public void Evaluate_IdentityAllow_Allowed()
    {
        var decision = Evaluate(Request(), [AllowSend]);

        Assert.Equal(DecisionOutcome.Allowed, decision.Outcome);
        Assert.Same(AllowSend.Source, Assert.Single(decision.MatchedStatements).Source);
    }

    [Fact]
    public void Evaluate_AllowForOtherAction_ImplicitDenyWithActionMismatch()
    {
        var decision = Evaluate(Request("sqs:ReceiveMessage"), [AllowSend]);

        Assert.Equal(DecisionOutcome.ImplicitDeny, decision.Outcome);
        Assert.Equal(MismatchReason.Action, Assert.Single(decision.Statements).Mismatch!.Reason);
    }

    [Fact]
    public void Evaluate_DenyAndAllowInOnePolicyInEitherOrder_ExplicitDeny()
    {
        const string allow = """{"Effect":"Allow","Action":"sqs:*","Resource":"*"}""";
        const string deny = """{"Effect":"Deny","Action":"sqs:SendMessage","Resource":"*"}""";

        foreach (var statements in new[] { $"[{allow},{deny}]", $"[{deny},{allow}]" })
        {
            var policy = Identity($$$"""{"Version":"2012-10-17","Statement":{{{statements}}}}""");

            Assert.Equal(DecisionOutcome.ExplicitDeny, Evaluate(Request(), [policy]).Outcome);
        }
    }

    [Fact]
    public void Evaluate_DenyAndAllowInSeparatePoliciesInEitherOrder_ExplicitDeny()
    {
        Assert.Equal(DecisionOutcome.ExplicitDeny, Evaluate(Request(), [AllowSend, DenySend]).Outcome);
        Assert.Equal(DecisionOutcome.ExplicitDeny, Evaluate(Request(), [DenySend, AllowSend]).Outcome);
    }

    [Fact]
    public void Evaluate_QueuePolicyDenyOverIdentityAllow_ExplicitDeny()
    {
        var queuePolicy = Resource("""{"Statement":{"Effect":"Deny","Principal":"*","Action":"sqs:SendMessage","Resource":"*"}}""");

        Assert.Equal(DecisionOutcome.ExplicitDeny, Evaluate(Request(), [AllowSend], queuePolicy).Outcome);
    }

    [Fact]
    public void Evaluate_IdentityDenyOverQueuePolicyAllow_ExplicitDeny()
    {
        var queuePolicy = Resource("""{"Statement":{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"}}""");

        Assert.Equal(DecisionOutcome.ExplicitDeny, Evaluate(Request(), [DenySend], queuePolicy).Outcome);
    }

    [Fact]
    public void Evaluate_GuardrailDeny_WinsOverEveryAllow()
    {
        var guardrail = Guardrail("""{"Statement":{"Effect":"Deny","Action":"sqs:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}""");
        var queuePolicy = Resource("""{"Statement":{"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"*"}}""");
        var request = Request(context: Context("aws:SecureTransport", "false"));

        var decision = Evaluate(request, [AllowSend], queuePolicy, [guardrail]);

        Assert.Equal(DecisionOutcome.ExplicitDeny, decision.Outcome);
        Assert.Equal(PolicyKind.Guardrail, Assert.Single(decision.MatchedStatements).PolicyKind);
    }

    [Fact]
    public void Evaluate_GuardrailDenyNotMatching_GrantsNothing()
    {
        var guardrail = Guardrail("""{"Statement":{"Effect":"Deny","NotAction":"sqs:SendMessage","Resource":"*"}}""");

        Assert.Equal(DecisionOutcome.ImplicitDeny, Evaluate(Request(), guardrails: [guardrail]).Outcome);
        Assert.Equal(DecisionOutcome.Allowed, Evaluate(Request(), [AllowSend], guardrails: [guardrail]).Outcome);
        Assert.Equal(DecisionOutcome.ExplicitDeny, Evaluate(Request("sqs:PurgeQueue"), [Statement(action: "\"sqs:*\"")], guardrails: [guardrail]).Outcome);
    }

    [Theory]
    [InlineData("\"sqs:SendMessage\"", "sqs:SendMessage", true)]
    [InlineData("\"sqs:Send*\"", "sqs:SendMessage", true)]
    [InlineData("\"sqs:Send*\"", "sqs:ReceiveMessage", false)]
    [InlineData("\"sqs:*\"", "sqs:PurgeQueue", true)]
    [InlineData("\"sqs:*\"", "sns:Publish", false)]
    [InlineData("\"*\"", "sns:Publish", true)]
    [InlineData("\"SQS:sendmessage\"", "sqs:SendMessage", true)]
    [InlineData("\"sqs:SendMessage\"", "SQS:SENDMESSAGE", true)]
    [InlineData("\"sqs:?eceiveMessage\"", "sqs:ReceiveMessage", true)]
    [InlineData("\"sqs:Send?\"", "sqs:SendMessage", false)]
    [InlineData("[\"sqs:Get*\",\"sqs:Send*\"]", "sqs:SendMessage", true)]
    [InlineData("\"sqs:SendMessageBatch\"", "sqs:SendMessage", false)]
    public void Evaluate_ActionPatterns_MatchCaseInsensitivelyWithWildcards(string action, string requested, bool allowed)
    {
        Assert.Equal(allowed, Evaluate(Request(requested), [Statement(action: action)]).IsAllowed);
    }

    [Theory]
    [InlineData("sqs:SendMessage", false)]
    [InlineData("sqs:DeleteQueue", false)]
    [InlineData("sqs:ReceiveMessage", true)]
    public void Evaluate_AllowWithNotAction_GrantsEverythingElse(string requested, bool allowed)
    {
        var policy = Identity("""{"Statement":{"Effect":"Allow","NotAction":["sqs:SendMessage","sqs:*Queue"],"Resource":"*"}}""");

        Assert.Equal(allowed, Evaluate(Request(requested), [policy]).IsAllowed);
    }

    [Theory]
    [InlineData("\"arn:aws:sqs:us-east-1:111122223333:orders\"", true)]
    [InlineData("\"arn:aws:sqs:us-east-1:111122223333:Orders\"", false)]
    [InlineData("\"arn:aws:sqs:*:111122223333:ord*\"", true)]
    [InlineData("\"arn:aws:sqs:*:111122223333:order?\"", true)]
    [InlineData("\"arn:aws:sqs:*:111122223333:orde?\"", false)]
    [InlineData("\"arn:aws:sqs:*:444455556666:orders\"", false)]
    [InlineData("[\"arn:aws:sqs:*:*:invoices\",\"arn:aws:sqs:*:*:orders\"]", true)]
    public void Evaluate_ResourcePatterns_MatchCaseSensitively(string resource, bool allowed)
    {
        Assert.Equal(allowed, Evaluate(Request(), [Statement(resource: resource)]).IsAllowed);
    }

    [Fact]
    public void Evaluate_DenyWithNotResource_DeniesEverythingOutsideTheList()
    {
        var policy = Identity("""
            {"Statement":[
              {"Effect":"Allow","Action":"sqs:*","Resource":"*"},
              {"Effect":"Deny","Action":"sqs:*","NotResource":"arn:aws:sqs:*:111122223333:orders*"}]}
            """);

        Assert.Equal(DecisionOutcome.Allowed, Evaluate(Request(resource: "arn:aws:sqs:us-east-1:111122223333:orders-dlq"), [policy]).Outcome);
        Assert.Equal(DecisionOutcome.ExplicitDeny, Evaluate(Request(resource: "arn:aws:sqs:us-east-1:111122223333:payroll"), [policy]).Outcome);
    }

    [Fact]
    public void Evaluate_ResourceVariable_MatchesOwnQueueOnly()
    {
        var policy = Identity("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"arn:aws:sqs:us-east-2:*:${aws:username}-queue"}}""");
        var context = Context("aws:username", "alice");

        Assert.True(Evaluate(Request(resource: "arn:aws:sqs:us-east-2:111122223333:alice-queue", context: context), [policy]).IsAllowed);
        Assert.False(Evaluate(Request(resource: "arn:aws:sqs:us-east-2:111122223333:bob-queue", context: context), [policy]).IsAllowed);
    }

    [Fact]
    public void Evaluate_ResourceVariableWithoutValue_MatchesNothing()
    {
        var allow = Identity("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"arn:aws:sqs:*:*:${aws:username}*"}}""");
        var denyOthers = Identity("""{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"sqs:*","NotResource":"arn:aws:sqs:*:*:${aws:username}*"}}""");

        var decision = Evaluate(Request(), [allow]);

        Assert.Equal(MismatchReason.Resource, Assert.Single(decision.Statements).Mismatch!.Reason);
        Assert.Equal(DecisionOutcome.ExplicitDeny, Evaluate(Request(), [AllowSend, denyOthers]).Outcome);
    }

    [Fact]
    public void Evaluate_ResourceVariableUnderLegacyVersion_IsLiteral()
    {
        var policy = Identity("""{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"arn:aws:sqs:*:*:${aws:username}"}}""");

        Assert.False(Evaluate(Request(context: Context("aws:username", "orders")), [policy]).IsAllowed);
        Assert.True(Evaluate(Request(resource: "arn:aws:sqs:us-east-1:111122223333:${aws:username}"), [policy]).IsAllowed);
    }

    [Fact]
    public void Evaluate_AccountLevelActionWithStarResource_UsesIdentityPolicies()
    {
        var policy = Identity("""{"Statement":{"Effect":"Allow","Action":"sqs:ListQueues","Resource":"*"}}""");
        var queueScoped = Identity("""{"Statement":{"Effect":"Allow","Action":"sqs:ListQueues","Resource":"arn:aws:sqs:*:111122223333:*"}}""");

        Assert.True(Evaluate(Request("sqs:ListQueues", "*"), [policy]).IsAllowed);
        Assert.False(Evaluate(Request("sqs:ListQueues", "*"), [queueScoped]).IsAllowed);
    }

    [Fact]
    public void Evaluate_PolicyOfWrongKind_Throws()
    {
        var queuePolicy = Resource("""{"Statement":{"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"*"}}""");

        Assert.Throws<ArgumentException>(() => PolicyEvaluator.Evaluate(Request(), [], [queuePolicy], null));
        Assert.Throws<ArgumentException>(() => PolicyEvaluator.Evaluate(Request(), [AllowSend], [], null));
        Assert.Throws<ArgumentException>(() => PolicyEvaluator.Evaluate(Request(), [], [], AllowSend));
    }

    [Fact]
    public void Evaluate_Trace_ListsEveryStatementInOrderWithReasons()
    {
        var guardrail = Guardrail("""{"Statement":{"Sid":"NoPurge","Effect":"Deny","Action":"sqs:PurgeQueue","Resource":"*"}}""", "guardrails/no-purge.json");
        var identity = Identity("""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"Send","Effect":"Allow","Action":"sqs:SendMessage","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"orders"}}},
              {"Sid":"Tls","Effect":"Allow","Action":"sqs:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}
            """, "identities/alice.json");
        var queuePolicy = Resource("""{"Id":"q","Statement":{"Sid":"Bob","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/bob"},"Action":"sqs:*","Resource":"*"}}""");

        var decision = Evaluate(Request(context: Context("aws:SecureTransport", "true")), [identity], queuePolicy, [guardrail]);

        Assert.Equal(DecisionOutcome.Allowed, decision.Outcome);
        Assert.Equal(
            [
                "guardrails/no-purge.json Statement[0] (Sid NoPurge) Deny: action does not match",
                "identities/alice.json Statement[0] (Sid Send) Allow: condition StringEquals on aws:PrincipalTag/team failed: key not present in the request",
                "identities/alice.json Statement[1] (Sid Tls) Allow: matched",
                "queue-policy.json Statement[0] (Sid Bob) Allow: principal does not match",
            ],
            decision.Statements.Select(s => s.ToString()));
        var matched = Assert.Single(decision.MatchedStatements);
        Assert.Equal((PolicyKind.Identity, 1, "Tls", 3, 3), (matched.PolicyKind, matched.StatementIndex, matched.Sid, matched.Line, matched.Column));
        Assert.Equal("q", decision.Statements[3].PolicyId);
    }

    [Fact]
    public void Evaluate_ExplicitDeny_ReportsOnlyDenyStatementsAsMatched()
    {
        var decision = Evaluate(Request(), [AllowSend, DenySend]);

        var matched = Assert.Single(decision.MatchedStatements);
        Assert.Equal(PolicyEffect.Deny, matched.Effect);
        Assert.Equal(2, decision.Statements.Count(s => s.Matched));
    }

    [Fact]
    public void Evaluate_ConditionMismatch_NamesOperatorAndKey()
    {
        var policy = Statement(condition: """{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""");

        var mismatch = Evaluate(Request(context: Context("aws:SourceIp", "198.51.100.7")), [policy]).Statements[0].Mismatch!;

        Assert.Equal(new StatementMismatch(MismatchReason.Condition, "IpAddress", "aws:SourceIp", ConditionKeyMissing: false), mismatch);
        Assert.Equal("condition IpAddress on aws:SourceIp failed", mismatch.ToString());
    }

    [Fact]
    public void Evaluate_RequestWithNullField_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.Evaluate(Request() with { PrincipalArn = null! }, [], [AllowSend], null));
    }
}

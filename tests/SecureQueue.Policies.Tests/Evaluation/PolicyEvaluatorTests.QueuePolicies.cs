using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Evaluation;
using static SecureQueue.Policies.Tests.TestPolicies;

namespace SecureQueue.Policies.Tests.Evaluation;

/// <summary>Queue (resource) policies: principal matching, same- and cross-account rules, owner-only actions.</summary>
public sealed partial class PolicyEvaluatorTests
{
    private static PolicyDocument QueuePolicy(string principal, string effect = "Allow", string action = "sqs:SendMessage", string element = "Principal") =>
        Resource($$$"""{"Version":"2012-10-17","Statement":{"Effect":"{{{effect}}}","{{{element}}}":{{{principal}}},"Action":"{{{action}}}","Resource":"{{{Queue}}}"}}""");

    [Theory]
    [InlineData("\"*\"", Alice, true)]
    [InlineData("\"*\"", AuthorizationRequest.Anonymous, true)]
    [InlineData("""{"AWS":"*"}""", AuthorizationRequest.Anonymous, true)]
    [InlineData("""{"AWS":"111122223333"}""", AuthorizationRequest.Anonymous, false)]
    [InlineData("""{"AWS":"111122223333"}""", "arn:aws:iam::111122223333:root", true)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:user/alice"}""", Alice, true)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:user/alice"}""", Bob, false)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:user/Alice"}""", Alice, false)]
    [InlineData("""{"AWS":["arn:aws:iam::111122223333:user/bob","arn:aws:iam::111122223333:user/alice"]}""", Alice, true)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:role/ops/app"}""", "arn:aws:iam::111122223333:role/ops/app", true)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:role/ops/app"}""", "arn:aws:sts::111122223333:assumed-role/app/s1", true)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:role/app"}""", "arn:aws:sts::111122223333:assumed-role/other/s1", false)]
    [InlineData("""{"AWS":"arn:aws:sts::111122223333:assumed-role/app/s1"}""", "arn:aws:sts::111122223333:assumed-role/app/s1", true)]
    [InlineData("""{"AWS":"arn:aws:sts::111122223333:assumed-role/app/s1"}""", "arn:aws:sts::111122223333:assumed-role/app/s2", false)]
    [InlineData("""{"Service":"sns.amazonaws.com"}""", "sns.amazonaws.com", true)]
    [InlineData("""{"Service":"sns.amazonaws.com"}""", "events.amazonaws.com", false)]
    [InlineData("""{"Service":"sns.amazonaws.com"}""", Alice, false)]
    [InlineData("""{"Federated":"cognito-identity.amazonaws.com"}""", Alice, false)]
    [InlineData("""{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}""", Alice, false)]
    public void Evaluate_QueuePolicyPrincipal_MatchesCallersItNames(string principal, string caller, bool allowed)
    {
        Assert.Equal(allowed, Evaluate(Request(principal: caller), resource: QueuePolicy(principal)).IsAllowed);
    }

    [Theory]
    [InlineData(Alice, DecisionOutcome.ImplicitDeny)]
    [InlineData(Bob, DecisionOutcome.ExplicitDeny)]
    [InlineData(AuthorizationRequest.Anonymous, DecisionOutcome.ExplicitDeny)]
    [InlineData("arn:aws:sts::111122223333:assumed-role/admin/s1", DecisionOutcome.ExplicitDeny)]
    [InlineData("arn:aws:iam::111122223333:role/admin", DecisionOutcome.ImplicitDeny)]
    public void Evaluate_DenyWithNotPrincipal_DeniesEveryoneNotListedExactly(string caller, DecisionOutcome outcome)
    {
        var policy = QueuePolicy("""{"AWS":["arn:aws:iam::111122223333:user/alice","arn:aws:iam::111122223333:role/admin"]}""", effect: "Deny", element: "NotPrincipal");

        Assert.Equal(outcome, Evaluate(Request(principal: caller), resource: policy).Outcome);
    }

    [Fact]
    public void Evaluate_DenyWithNotPrincipalAccount_ExemptsWholeAccount()
    {
        var policy = QueuePolicy("""{"AWS":"111122223333"}""", effect: "Deny", element: "NotPrincipal");

        Assert.Equal(DecisionOutcome.ImplicitDeny, Evaluate(Request(principal: Bob), resource: policy).Outcome);
        Assert.Equal(DecisionOutcome.ExplicitDeny, Evaluate(Request(principal: Mallory), resource: policy).Outcome);
    }

    [Fact]
    public void Evaluate_SameAccountQueuePolicyAllow_AllowsWithoutIdentityPolicy()
    {
        var decision = Evaluate(Request(principal: Bob), resource: QueuePolicy("""{"AWS":"arn:aws:iam::111122223333:user/bob"}"""));

        Assert.Equal(DecisionOutcome.Allowed, decision.Outcome);
        Assert.Equal(PolicyKind.Resource, Assert.Single(decision.MatchedStatements).PolicyKind);
    }

    [Fact]
    public void Evaluate_CrossAccountWithOnlyQueuePolicyAllow_ImplicitDeny()
    {
        var decision = Evaluate(Request(principal: Mallory), resource: QueuePolicy("""{"AWS":"444455556666"}"""));

        Assert.Equal(DecisionOutcome.ImplicitDeny, decision.Outcome);
    }

    [Fact]
    public void Evaluate_CrossAccountWithOnlyIdentityAllow_ImplicitDeny()
    {
        Assert.Equal(DecisionOutcome.ImplicitDeny, Evaluate(Request(principal: Mallory), [AllowSend]).Outcome);
    }

    [Fact]
    public void Evaluate_CrossAccountWithBothAllows_Allowed()
    {
        var decision = Evaluate(Request(principal: Mallory), [AllowSend], QueuePolicy("""{"AWS":"444455556666"}"""));

        Assert.Equal(DecisionOutcome.Allowed, decision.Outcome);
        Assert.Equal(2, decision.MatchedStatements.Count);
    }

    [Fact]
    public void Evaluate_AccountsFromRequestWhenArnsCarryNone_DecideCrossAccount()
    {
        var request = Request(resource: "arn:aws:sqs:us-east-1::orders") with { ResourceAccount = OtherAccount };

        Assert.Equal(DecisionOutcome.ImplicitDeny, Evaluate(request, [Statement()]).Outcome);
    }

    [Fact]
    public void Evaluate_ServicePrincipalWithSourceArnCondition_AllowedOnlyFromThatTopic()
    {
        var policy = Resource("""
            {"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage",
             "Resource":"arn:aws:sqs:us-east-1:111122223333:orders","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:orders-topic"}}}}
            """);

        Assert.True(Evaluate(Request(principal: "sns.amazonaws.com", context: Context("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:orders-topic")), resource: policy).IsAllowed);
        Assert.False(Evaluate(Request(principal: "sns.amazonaws.com", context: Context("aws:SourceArn", "arn:aws:sns:us-east-1:444455556666:evil")), resource: policy).IsAllowed);
        Assert.False(Evaluate(Request(principal: "sns.amazonaws.com"), resource: policy).IsAllowed);
    }

    [Theory]
    [InlineData("sqs:AddPermission")]
    [InlineData("sqs:CreateQueue")]
    [InlineData("sqs:DeleteQueue")]
    [InlineData("sqs:ListQueueTags")]
    [InlineData("sqs:RemovePermission")]
    [InlineData("sqs:SetQueueAttributes")]
    [InlineData("SQS:setqueueattributes")]
    [InlineData("sqs:TagQueue")]
    [InlineData("sqs:UntagQueue")]
    public void Evaluate_QueuePolicyAllowForOwnerOnlyAction_IsIgnored(string action)
    {
        var decision = Evaluate(Request(action, principal: Bob), resource: QueuePolicy("\"*\"", action: "sqs:*"));

        Assert.Equal(DecisionOutcome.ImplicitDeny, decision.Outcome);
        Assert.Equal(MismatchReason.OwnerOnlyAction, Assert.Single(decision.Statements).Mismatch!.Reason);
        Assert.True(Evaluate(Request(action, principal: Bob), [Statement(action: "\"sqs:*\"")]).IsAllowed);
    }

    [Fact]
    public void Evaluate_QueuePolicyDenyForOwnerOnlyAction_StillDenies()
    {
        var decision = Evaluate(Request("sqs:DeleteQueue"), [Statement(action: "\"sqs:*\"")], QueuePolicy("\"*\"", effect: "Deny", action: "sqs:DeleteQueue"));

        Assert.Equal(DecisionOutcome.ExplicitDeny, decision.Outcome);
    }

    [Fact]
    public void Evaluate_QueuePolicyForResourceWithoutAccount_IsIgnoredForAllows()
    {
        var policy = Resource("""{"Statement":{"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"*"}}""");

        var decision = Evaluate(Request("sqs:GetQueueUrl", "*"), resource: policy);

        Assert.Equal(DecisionOutcome.ImplicitDeny, decision.Outcome);
        Assert.Equal(MismatchReason.NoResourceAccount, decision.Statements[0].Mismatch!.Reason);
    }

    [Fact]
    public void Evaluate_AnonymousCallerWithQueuePolicyForEveryone_Allowed()
    {
        var decision = Evaluate(Request(principal: AuthorizationRequest.Anonymous), resource: QueuePolicy("\"*\""));

        Assert.Equal(DecisionOutcome.Allowed, decision.Outcome);
    }

    // IAM: an account principal delegates to the account; its users and roles still need an identity-policy Allow.
    [Theory]
    [InlineData("""{"AWS":"111122223333"}""", Alice)]
    [InlineData("""{"AWS":"111122223333"}""", "arn:aws:iam::111122223333:role/app")]
    [InlineData("""{"AWS":"111122223333"}""", "arn:aws:sts::111122223333:assumed-role/app/s1")]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:root"}""", Bob)]
    public void Evaluate_QueuePolicyAccountPrincipalWithoutIdentityAllow_ImplicitDeny(string principal, string caller)
    {
        var decision = Evaluate(Request(principal: caller), resource: QueuePolicy(principal));

        Assert.Equal(DecisionOutcome.ImplicitDeny, decision.Outcome);
        Assert.Empty(decision.MatchedStatements);
        Assert.Equal(MismatchReason.AccountPrincipalNeedsIdentityAllow, Assert.Single(decision.Statements).Mismatch!.Reason);
        Assert.EndsWith("because no identity-based policy allows the sqs:SendMessage action", decision.ToAccessDeniedMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"AWS":"111122223333"}""")]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:root"}""")]
    public void Evaluate_QueuePolicyAccountPrincipalWithIdentityAllow_Allowed(string principal)
    {
        var decision = Evaluate(Request(principal: Bob), [AllowSend], QueuePolicy(principal));

        Assert.Equal(DecisionOutcome.Allowed, decision.Outcome);
        Assert.Equal(2, decision.MatchedStatements.Count);
    }

    [Theory]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:user/bob"}""")]
    [InlineData("""{"AWS":["111122223333","arn:aws:iam::111122223333:user/bob"]}""")]
    [InlineData("\"*\"")]
    public void Evaluate_QueuePolicyNamingCallerOrEveryone_AllowsAlone(string principal)
    {
        Assert.Equal(DecisionOutcome.Allowed, Evaluate(Request(principal: Bob), resource: QueuePolicy(principal)).Outcome);
    }

    [Fact]
    public void Evaluate_QueuePolicyAccountPrincipalDeny_DeniesEveryUserOfTheAccount()
    {
        var decision = Evaluate(Request(principal: Alice), [AllowSend], QueuePolicy("""{"AWS":"111122223333"}""", effect: "Deny"));

        Assert.Equal(DecisionOutcome.ExplicitDeny, decision.Outcome);
    }
}

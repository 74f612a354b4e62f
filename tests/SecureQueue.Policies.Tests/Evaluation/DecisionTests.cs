using static SecureQueue.Policies.Tests.TestPolicies;

namespace SecureQueue.Policies.Tests.Evaluation;

public sealed class DecisionTests
{
    [Fact]
    public void ToAccessDeniedMessage_ImplicitDeny_NamesIdentityBasedPolicy()
    {
        var decision = Evaluate(Request());

        Assert.Equal(
            "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:us-east-1:111122223333:orders because no identity-based policy allows the sqs:SendMessage action",
            decision.ToAccessDeniedMessage());
    }

    [Fact]
    public void ToAccessDeniedMessage_IdentityDeny_NamesIdentityBasedPolicy()
    {
        var decision = Evaluate(Request(), [Statement(effect: "Deny")]);

        Assert.Equal(
            "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:us-east-1:111122223333:orders with an explicit deny in an identity-based policy",
            decision.ToAccessDeniedMessage());
    }

    [Fact]
    public void ToAccessDeniedMessage_QueuePolicyDeny_NamesResourceBasedPolicy()
    {
        var queuePolicy = Resource("""{"Statement":{"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*"}}""");

        var decision = Evaluate(Request(), [Statement()], queuePolicy);

        Assert.Equal(
            "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:us-east-1:111122223333:orders with an explicit deny in a resource-based policy",
            decision.ToAccessDeniedMessage());
    }

    [Fact]
    public void ToAccessDeniedMessage_GuardrailAndIdentityDeny_NamesOnlyTheGuardrail()
    {
        var guardrail = Guardrail("""{"Statement":{"Effect":"Deny","Action":"sqs:*","Resource":"*"}}""");

        var decision = Evaluate(Request(), [Statement(effect: "Deny")], guardrails: [guardrail]);

        Assert.Equal(
            "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:us-east-1:111122223333:orders with an explicit deny in a service control policy",
            decision.ToAccessDeniedMessage());
    }

    [Fact]
    public void ToAccessDeniedMessage_CrossAccountWithoutQueueGrant_NamesResourceBasedPolicy()
    {
        var decision = Evaluate(Request(principal: Mallory), [Statement()]);

        Assert.Equal(
            "User: arn:aws:iam::444455556666:user/mallory is not authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:us-east-1:111122223333:orders because no resource-based policy allows the sqs:SendMessage action",
            decision.ToAccessDeniedMessage());
    }

    [Fact]
    public void ToAccessDeniedMessage_AccountLevelAction_OmitsResource()
    {
        var decision = Evaluate(Request("sqs:ListQueues", "*"));

        Assert.Equal(
            "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sqs:ListQueues because no identity-based policy allows the sqs:ListQueues action",
            decision.ToAccessDeniedMessage());
    }

    [Fact]
    public void ToAccessDeniedMessage_Allowed_Throws()
    {
        var decision = Evaluate(Request(), [Statement()]);

        Assert.Throws<InvalidOperationException>(decision.ToAccessDeniedMessage);
    }

    [Fact]
    public void Request_IsKeptOnDecision()
    {
        var request = Request();

        Assert.Same(request, Evaluate(request).Request);
    }
}

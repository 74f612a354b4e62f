using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Evaluation;
using static SecureQueue.Policies.Tests.TestPolicies;

namespace SecureQueue.Policies.Tests.Evaluation;

/// <summary>
/// The front door's resources (<c>execute-api</c> ARNs ending in an HTTP path) are compared the way that refuses more,
/// because the upstream may serve <c>/Admin</c> as <c>/admin</c>; every other ARN compares exactly.
/// </summary>
public sealed partial class PolicyEvaluatorTests
{
    private const string Invoke = "execute-api:Invoke";
    private const string Route = "arn:aws:execute-api:us-east-1:111122223333:orders/$default";
    private static readonly PolicyDocument AllowRoute = Statement(action: $"\"{Invoke}\"", resource: $"\"{Route}/*\"");

    [Theory]
    [InlineData("GET/admin/users")]
    [InlineData("GET/Admin/users")]
    [InlineData("GET/ADMIN/users")]
    public void Evaluate_DenyOnAPath_RefusesEverySpelling(string path)
    {
        var deny = Statement("Deny", $"\"{Invoke}\"", $"\"{Route}/GET/admin/*\"");

        Assert.Equal(DecisionOutcome.ExplicitDeny, Evaluate(Request(Invoke, $"{Route}/{path}"), [AllowRoute, deny]).Outcome);
    }

    [Fact]
    public void Evaluate_DenyWrittenInCapitals_RefusesTheLowerSpelling()
    {
        var deny = Statement("Deny", $"\"{Invoke}\"", $"\"{Route}/GET/Admin/*\"");

        Assert.Equal(DecisionOutcome.ExplicitDeny, Evaluate(Request(Invoke, $"{Route}/GET/admin/users"), [AllowRoute, deny]).Outcome);
    }

    [Fact]
    public void Evaluate_AllowOnAPath_GrantsOnlyItsSpelling()
    {
        var allow = Statement(action: $"\"{Invoke}\"", resource: $"\"{Route}/GET/orders/*\"");

        Assert.Equal(DecisionOutcome.Allowed, Evaluate(Request(Invoke, $"{Route}/GET/orders/1"), [allow]).Outcome);
        Assert.Equal(DecisionOutcome.ImplicitDeny, Evaluate(Request(Invoke, $"{Route}/GET/Orders/1"), [allow]).Outcome);
    }

    [Fact]
    public void Evaluate_AllowNotResourceOnAPath_ExcludesEverySpelling()
    {
        var allow = Identity($$$"""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"{{{Invoke}}}","NotResource":"{{{Route}}}/*/admin/*"}}""");

        Assert.Equal(DecisionOutcome.Allowed, Evaluate(Request(Invoke, $"{Route}/GET/orders/1"), [allow]).Outcome);
        Assert.Equal(DecisionOutcome.ImplicitDeny, Evaluate(Request(Invoke, $"{Route}/GET/Admin/users"), [allow]).Outcome);
    }

    [Fact]
    public void Evaluate_DenyNotResourceOnAPath_SparesOnlyItsSpelling()
    {
        var deny = Identity($$$"""{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"{{{Invoke}}}","NotResource":"{{{Route}}}/GET/public/*"}}""");

        Assert.Equal(DecisionOutcome.Allowed, Evaluate(Request(Invoke, $"{Route}/GET/public/a"), [AllowRoute, deny]).Outcome);
        Assert.Equal(DecisionOutcome.ExplicitDeny, Evaluate(Request(Invoke, $"{Route}/GET/Public/a"), [AllowRoute, deny]).Outcome);
    }

    [Fact]
    public void Evaluate_DenyOnAQueueOfAnotherSpelling_DoesNotRefuse()
    {
        var deny = Statement("Deny", resource: "\"arn:aws:sqs:us-east-1:111122223333:Orders\"");
        var allow = Statement(resource: "\"arn:aws:sqs:us-east-1:111122223333:*\"");

        Assert.Equal(DecisionOutcome.Allowed, Evaluate(Request(resource: "arn:aws:sqs:us-east-1:111122223333:orders"), [allow, deny]).Outcome);
    }
}

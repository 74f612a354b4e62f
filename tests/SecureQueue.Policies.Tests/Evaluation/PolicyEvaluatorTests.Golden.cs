using SecureQueue.Policies.Evaluation;
using static SecureQueue.Policies.Tests.TestPolicies;

namespace SecureQueue.Policies.Tests.Evaluation;

/// <summary>Examples from the SQS developer guide and the IAM user guide, with the decisions the guides describe.</summary>
public sealed partial class PolicyEvaluatorTests
{
    private const string Queue1 = "arn:aws:sqs:us-east-2:444455556666:queue1";

    [Theory]
    [InlineData("arn:aws:iam::111122223333:user/username1", "sqs:SendMessage", DecisionOutcome.Allowed)]
    [InlineData("arn:aws:iam::111122223333:role/role1", "sqs:ReceiveMessage", DecisionOutcome.Allowed)]
    [InlineData("arn:aws:iam::111122223333:user/username2", "sqs:SendMessage", DecisionOutcome.ImplicitDeny)]
    [InlineData("arn:aws:iam::111122223333:user/username1", "sqs:SetQueueAttributes", DecisionOutcome.ImplicitDeny)]
    public void Golden_SqsGuideGrantAllActionsToPrincipals(string caller, string action, DecisionOutcome outcome)
    {
        // SQS DG "Grant all permissions to two principals", evaluated with an identity policy on the caller's side.
        var queuePolicy = Resource("""
            {
              "Version": "2012-10-17",
              "Id": "Queue1_Policy_UUID",
              "Statement": [{
                "Sid": "Queue1_AllActions",
                "Effect": "Allow",
                "Principal": { "AWS": ["arn:aws:iam::111122223333:role/role1", "arn:aws:iam::111122223333:user/username1"] },
                "Action": "sqs:*",
                "Resource": "arn:aws:sqs:us-east-2:444455556666:queue1"
              }]
            }
            """);
        var callerPolicy = Identity("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"arn:aws:sqs:us-east-2:444455556666:queue1"}}""");

        Assert.Equal(outcome, Evaluate(Request(action, Queue1, caller), [callerPolicy], queuePolicy).Outcome);
    }

    [Theory]
    [InlineData("2009-01-31T12:30:00Z", DecisionOutcome.Allowed)]
    [InlineData("2009-01-31T11:59:00Z", DecisionOutcome.ImplicitDeny)]
    [InlineData("2009-01-31T15:00:00Z", DecisionOutcome.ImplicitDeny)]
    public void Golden_SqsGuideAnonymousReceiveWithinTimeWindow(string now, DecisionOutcome outcome)
    {
        var queuePolicy = Resource("""
            {
              "Version": "2012-10-17",
              "Id": "Queue1_Policy_UUID",
              "Statement": [{
                "Sid": "Queue1_AnonymousAccess_ReceiveMessage_TimeLimit",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "sqs:ReceiveMessage",
                "Resource": "arn:aws:sqs:us-east-2:444455556666:queue1",
                "Condition": {
                  "DateGreaterThan": { "aws:CurrentTime": "2009-01-31T12:00Z" },
                  "DateLessThan": { "aws:CurrentTime": "2009-01-31T15:00Z" }
                }
              }]
            }
            """);

        var request = Request("sqs:ReceiveMessage", Queue1, AuthorizationRequest.Anonymous, Context("aws:CurrentTime", now));

        Assert.Equal(outcome, Evaluate(request, resource: queuePolicy).Outcome);
    }

    [Theory]
    [InlineData("192.0.2.14", DecisionOutcome.Allowed)]
    [InlineData("203.0.113.14", DecisionOutcome.ImplicitDeny)]
    public void Golden_SqsGuideAllowFromSourceIpRange(string ip, DecisionOutcome outcome)
    {
        var queuePolicy = Resource("""
            {
              "Version": "2012-10-17",
              "Id": "Queue1_Policy_UUID",
              "Statement": [{
                "Sid": "Queue1_AnonymousAccess_AllActions_AllowlistIP",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "sqs:*",
                "Resource": "arn:aws:sqs:us-east-2:444455556666:queue1",
                "Condition": { "IpAddress": { "aws:SourceIp": "192.0.2.0/24" } }
              }]
            }
            """);

        var request = Request("sqs:SendMessage", Queue1, AuthorizationRequest.Anonymous, Context("aws:SourceIp", ip));

        Assert.Equal(outcome, Evaluate(request, resource: queuePolicy).Outcome);
    }

    [Theory]
    [InlineData("192.0.2.14", DecisionOutcome.Allowed)]
    [InlineData("198.51.100.7", DecisionOutcome.ExplicitDeny)]
    public void Golden_SqsGuideDenyReceiveOutsideIpRange(string ip, DecisionOutcome outcome)
    {
        // The guide's pair of statements: allow the account, deny it outside 192.0.2.0/24.
        var queuePolicy = Resource("""
            {
              "Version": "2012-10-17",
              "Id": "Queue1_Policy_UUID",
              "Statement": [
                { "Sid": "Queue1_AllowAccount", "Effect": "Allow", "Principal": { "AWS": "444455556666" },
                  "Action": "sqs:ReceiveMessage", "Resource": "arn:aws:sqs:us-east-2:444455556666:queue1" },
                { "Sid": "Queue1_DenyOutsideRange", "Effect": "Deny", "Principal": { "AWS": "444455556666" },
                  "Action": "sqs:ReceiveMessage", "Resource": "arn:aws:sqs:us-east-2:444455556666:queue1",
                  "Condition": { "NotIpAddress": { "aws:SourceIp": "192.0.2.0/24" } } }
              ]
            }
            """);

        var request = Request("sqs:ReceiveMessage", Queue1, "arn:aws:iam::444455556666:user/carol", Context("aws:SourceIp", ip));

        // The account principal delegates to the account, so carol's own identity policy supplies the Allow.
        Assert.Equal(outcome, Evaluate(request, [Statement(action: "\"sqs:ReceiveMessage\"")], queuePolicy).Outcome);
    }

    [Theory]
    [InlineData("true", DecisionOutcome.Allowed)]
    [InlineData("false", DecisionOutcome.ExplicitDeny)]
    public void Golden_SqsGuideEnforceTls(string secure, DecisionOutcome outcome)
    {
        var queuePolicy = Resource("""
            {
              "Version": "2012-10-17",
              "Statement": [{
                "Effect": "Deny",
                "Principal": { "AWS": "*" },
                "Action": "*",
                "Resource": "arn:aws:sqs:us-east-1:111122223333:orders",
                "Condition": { "Bool": { "aws:SecureTransport": "false" } }
              }]
            }
            """);

        var decision = Evaluate(Request(context: Context("aws:SecureTransport", secure)), [AllowSend], queuePolicy);

        Assert.Equal(outcome, decision.Outcome);
    }

    [Theory]
    [InlineData(new[] { "environment", "cost-center" }, true)]
    [InlineData(new[] { "environment" }, true)]
    [InlineData(new[] { "environment", "owner" }, false)]
    public void Golden_IamGuideForAllValuesTagKeys(string[] tagKeys, bool allowed)
    {
        // IAM UG multi-value conditions: tags may only use the listed keys (paired with Null so an empty set cannot pass).
        var policy = Identity("""
            {
              "Version": "2012-10-17",
              "Statement": [{
                "Effect": "Allow",
                "Action": "sqs:TagQueue",
                "Resource": "*",
                "Condition": {
                  "ForAllValues:StringEquals": { "aws:TagKeys": ["environment", "cost-center"] },
                  "Null": { "aws:TagKeys": "false" }
                }
              }]
            }
            """);

        Assert.Equal(allowed, Evaluate(Request("sqs:TagQueue", context: Context("aws:TagKeys", tagKeys)), [policy]).IsAllowed);
        Assert.False(Evaluate(Request("sqs:TagQueue"), [policy]).IsAllowed);
    }

    [Theory]
    [InlineData(null, "sqs:SendMessage", DecisionOutcome.ExplicitDeny)]
    [InlineData("false", "sqs:SendMessage", DecisionOutcome.ExplicitDeny)]
    [InlineData("true", "sqs:SendMessage", DecisionOutcome.Allowed)]
    [InlineData(null, "iam:ListMFADevices", DecisionOutcome.Allowed)]
    public void Golden_IamGuideDenyAllExceptListedIfNoMfa(string? mfa, string action, DecisionOutcome outcome)
    {
        // The IAM guide's BoolIfExists example: a missing key counts as "no MFA" and still denies.
        var policy = Identity("""
            {
              "Version": "2012-10-17",
              "Statement": [
                { "Sid": "AllowAll", "Effect": "Allow", "Action": ["sqs:*", "iam:ListMFADevices"], "Resource": "*" },
                { "Sid": "DenyAllExceptListedIfNoMFA", "Effect": "Deny",
                  "NotAction": ["iam:ListMFADevices", "iam:GetUser"], "Resource": "*",
                  "Condition": { "BoolIfExists": { "aws:MultiFactorAuthPresent": "false" } } }
              ]
            }
            """);
        var context = mfa is null ? RequestContext.Empty : Context("aws:MultiFactorAuthPresent", mfa);

        Assert.Equal(outcome, Evaluate(Request(action, context: context), [policy]).Outcome);
    }

    [Fact]
    public void Golden_IamGuideStringNotEqualsIfExistsDenyStillDeniesWhenKeyMissing()
    {
        var policy = Identity("""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"sqs:*","Resource":"*"},
              {"Effect":"Deny","Action":"sqs:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalTag/team":"orders"}}}]}
            """);

        Assert.Equal(DecisionOutcome.ExplicitDeny, Evaluate(Request(), [policy]).Outcome);
        Assert.Equal(DecisionOutcome.ExplicitDeny, Evaluate(Request(context: Context("aws:PrincipalTag/team", "billing")), [policy]).Outcome);
        Assert.Equal(DecisionOutcome.Allowed, Evaluate(Request(context: Context("aws:PrincipalTag/team", "orders")), [policy]).Outcome);
    }

    [Theory]
    [InlineData("orders", "orders", true)]
    [InlineData("orders", "billing", false)]
    public void Golden_IamGuideAbacResourceTagMatchesPrincipalTag(string principalTeam, string queueTeam, bool allowed)
    {
        var policy = Identity("""
            {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["sqs:SendMessage","sqs:ReceiveMessage"],"Resource":"*",
             "Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}}}
            """);
        var context = Context(("aws:PrincipalTag/team", [principalTeam]), ("aws:ResourceTag/team", [queueTeam]));

        Assert.Equal(allowed, Evaluate(Request(context: context), [policy]).IsAllowed);
    }
}

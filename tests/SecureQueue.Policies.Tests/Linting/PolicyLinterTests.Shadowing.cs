using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Linting;
using static SecureQueue.Policies.Tests.Linting.LintTestPolicies;

namespace SecureQueue.Policies.Tests.Linting;

/// <summary>REDUNDANT_STATEMENT, SHADOWED_STATEMENT and SHADOWED_BY_DENY: statements that can never change a decision.</summary>
public sealed partial class PolicyLinterTests
{
    [Fact]
    public void RedundantStatement_IdenticalButSid_ReportedOnTheLaterOne()
    {
        var json = Document(
            """{"Sid":"A","Effect":"Allow","Action":["sqs:SendMessage","sqs:GetQueueUrl"],"Resource":"arn:aws:sqs:*:*:orders"}""",
            """{"Sid":"B","Effect":"Allow","Action":["sqs:GetQueueUrl","sqs:SendMessage"],"Resource":["arn:aws:sqs:*:*:orders"]}""");

        var finding = Finding(json, LintCodes.RedundantStatement);

        Assert.Equal((FindingType.Suggestion, "Statement[1]"), (finding.Type, finding.Path));
        Assert.Contains("Statement[0] (Sid A)", finding.Message, StringComparison.Ordinal);
        NoFinding(json, LintCodes.ShadowedStatement);
    }

    [Fact]
    public void RedundantStatement_DifferentResource_NotReported() =>
        NoFinding(Document(Allow("sqs:SendMessage", "arn:aws:sqs:*:*:a"), Allow("sqs:SendMessage", "arn:aws:sqs:*:*:b")), LintCodes.RedundantStatement);

    [Theory]
    [InlineData("\"sqs:*\"", "*", null, "sqs:SendMessage", QueueArn, null)]
    [InlineData("\"sqs:Send*\"", "arn:aws:sqs:us-east-1:111122223333:*", null, "sqs:SendMessage", QueueArn, null)]
    [InlineData("\"sqs:SendMessage\"", "arn:aws:sqs:*", null, "sqs:SendMessage", "arn:aws:sqs:us-east-1:*:orders-*", null)]
    [InlineData("\"sqs:SendMessage\"", "arn:aws:sqs:*:*:orders", null, "sqs:SENDMESSAGE", "arn:aws:sqs:us-east-1:111122223333:orders", null)]
    [InlineData("\"sqs:SendMessage\"", QueueArn, null, "sqs:SendMessage", QueueArn, """{"Bool":{"aws:SecureTransport":"true"}}""")]
    [InlineData("\"sqs:SendMessage\"", QueueArn, """{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}}""", "sqs:SendMessage", QueueArn, """{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"Bool":{"aws:SecureTransport":"true"}}""")]
    [InlineData("\"sqs:SendMessage\"", QueueArn, """{"StringNotEquals":{"aws:username":"mallory"}}""", "sqs:SendMessage", QueueArn, """{"StringNotEquals":{"aws:username":["mallory","eve"]}}""")]
    public void ShadowedStatement_AllowCoveredByAnotherAllow_Reported(string coverAction, string coverResource, string? coverCondition, string action, string resource, string? condition)
    {
        var finding = Finding(Document(Allow(coverAction, coverResource, coverCondition), Allow(action, resource, condition)), LintCodes.ShadowedStatement);

        Assert.Equal((FindingType.Suggestion, "Statement[1]"), (finding.Type, finding.Path));
    }

    [Theory]
    [InlineData("\"sqs:SendMessage\"", "arn:aws:sqs:*:*:orders", null, "sqs:SendMessage", "arn:aws:sqs:*:*:*", null)]
    [InlineData("\"sqs:Send*\"", "*", null, "sqs:*", "*", null)]
    [InlineData("\"sqs:SendMessage\"", "*", """{"Bool":{"aws:SecureTransport":"true"}}""", "sqs:SendMessage", QueueArn, null)]
    [InlineData("\"sqs:SendMessage\"", "*", """{"StringEquals":{"aws:username":"alice"}}""", "sqs:SendMessage", "*", """{"StringEquals":{"aws:username":["alice","bob"]}}""")]
    [InlineData("\"sqs:SendMessage\"", "*", """{"StringNotEquals":{"aws:username":["a","b"]}}""", "sqs:SendMessage", "*", """{"StringNotEquals":{"aws:username":"a"}}""")]
    [InlineData("\"sqs:SendMessage\"", "arn:aws:sqs:*:*:${aws:username}", null, "sqs:SendMessage", QueueArn, null)]
    [InlineData("\"sqs:S?ndMessage\"", "*", null, "sqs:S*", "*", null)]
    public void ShadowedStatement_NotCovered_NotReported(string coverAction, string coverResource, string? coverCondition, string action, string resource, string? condition)
    {
        // The second statement is the broader one here (or they overlap), so only the first may be reported.
        var findings = Lint(Document(Allow(coverAction, coverResource, coverCondition), Allow(action, resource, condition)));

        Assert.DoesNotContain(findings, f => f.Code == LintCodes.ShadowedStatement && f.Path == "Statement[1]");
    }

    [Fact]
    public void ShadowedStatement_LaterBroaderAllow_ReportsTheNarrowerEarlierOne()
    {
        var finding = Finding(Document(Allow("sqs:SendMessage"), Allow("sqs:*", "*")), LintCodes.ShadowedStatement);

        Assert.Equal("Statement[0]", finding.Path);
    }

    [Fact]
    public void ShadowedStatement_EquivalentPrincipalForms_ReportsOnlyTheLaterOne()
    {
        var json = Document(TlsDeny, Grant("\"*\"", condition: """{"StringEquals":{"aws:SourceAccount":"111122223333"}}"""), Grant("""{"AWS":"*"}""", condition: """{"StringEquals":{"aws:SourceAccount":"111122223333"}}"""));

        Assert.Equal("Statement[2]", Finding(json, LintCodes.ShadowedStatement, PolicyKind.Resource).Path);
    }

    [Theory]
    [InlineData("""{"AWS":"111122223333"}""", """{"AWS":"arn:aws:iam::111122223333:user/producer"}""", true)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:root"}""", """{"AWS":["arn:aws:iam::111122223333:user/a","111122223333"]}""", true)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:user/a"}""", """{"AWS":["arn:aws:iam::111122223333:user/a","arn:aws:iam::111122223333:user/b"]}""", false)]
    [InlineData("""{"AWS":"111122223333"}""", """{"AWS":"arn:aws:iam::444455556666:user/mallory"}""", false)]
    [InlineData("""{"Service":"SNS.amazonaws.com"}""", """{"Service":"sns.amazonaws.com"}""", true)]
    public void ShadowedStatement_PrincipalCoverage(string cover, string covered, bool reported)
    {
        var json = Document(TlsDeny, Grant(cover, condition: """{"StringEquals":{"aws:SourceAccount":"111122223333"}}"""), Grant(covered, condition: """{"StringEquals":{"aws:SourceAccount":"111122223333"}}"""));

        Assert.Equal(reported, Lint(json, PolicyKind.Resource).Any(f => f.Code == LintCodes.ShadowedStatement && f.Path == "Statement[2]"));
    }

    [Fact]
    public void ShadowedStatement_DenyUnderBroaderUnconditionalDeny_Reported()
    {
        var json = Document(Deny("sqs:PurgeQueue", "*"), Deny("sqs:*", "*"));

        Assert.Equal("Statement[0]", Finding(json, LintCodes.ShadowedStatement).Path);
        NoFinding(json, LintCodes.ShadowedByDeny);
    }

    [Theory]
    [InlineData("sqs:SendMessage", "*")]
    [InlineData("sqs:*", "arn:aws:sqs:us-east-1:111122223333:*")]
    public void ShadowedByDeny_AllowUnderUnconditionalDeny_Reported(string denyAction, string denyResource)
    {
        var json = Document(Allow("sqs:SendMessage", QueueArn, """{"Bool":{"aws:SecureTransport":"true"}}"""), Deny(denyAction, denyResource));

        var finding = Finding(json, LintCodes.ShadowedByDeny);

        Assert.Equal((FindingType.Warning, "Statement[0]"), (finding.Type, finding.Path));
        Assert.Contains("Statement[1]", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqs:SendMessage", "*", """{"Bool":{"aws:SecureTransport":"false"}}""")]
    [InlineData("sqs:ReceiveMessage", "*", null)]
    [InlineData("sqs:SendMessage", "arn:aws:sqs:*:*:other", null)]
    public void ShadowedByDeny_ConditionalOrDisjointDeny_NotReported(string denyAction, string denyResource, string? denyCondition) =>
        NoFinding(Document(Allow("sqs:SendMessage"), Deny(denyAction, denyResource, denyCondition)), LintCodes.ShadowedByDeny);

    [Fact]
    public void ShadowedByDeny_QueuePolicyDenyForOtherPrincipal_NotReported()
    {
        var json = Document(TlsDeny, Grant(Producer), Grant("""{"AWS":"arn:aws:iam::111122223333:user/mallory"}""", effect: "Deny"));

        NoFinding(json, LintCodes.ShadowedByDeny, PolicyKind.Resource);
    }
}

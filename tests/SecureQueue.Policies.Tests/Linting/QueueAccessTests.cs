using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Linting;
using static SecureQueue.Policies.Tests.Linting.LintTestPolicies;

namespace SecureQueue.Policies.Tests.Linting;

/// <summary>The SQS.3 rule of reference B.6: restricting condition keys decide whether a "*" grant is public.</summary>
public sealed class QueueAccessTests
{
    private const string Owner = "111122223333";

    [Fact]
    public void Analyze_EveryoneWithoutCondition_Public()
    {
        var grant = Single(Document(TlsDeny, Grant("\"*\"")));

        Assert.Equal(AccessScope.Public, grant.Scope);
        Assert.Equal(["sqs:SendMessage"], grant.Actions);
        Assert.Equal("Statement[1]", grant.Statement);
    }

    [Fact]
    public void Analyze_AwsStarPrincipal_Public()
    {
        Assert.Equal(AccessScope.Public, Single(Document(Grant("""{"AWS":"*"}"""))).Scope);
    }

    [Fact]
    public void Analyze_SourceIpAlone_StillPublic()
    {
        var grant = Single(Document(Grant("\"*\"", condition: Condition("IpAddress", "aws:SourceIp", "\"203.0.113.0/24\""))));

        Assert.Equal(AccessScope.Public, grant.Scope);
        Assert.Contains("aws:SourceIp", grant.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("StringEquals", "aws:SourceAccount", "\"444455556666\"")]
    [InlineData("StringEquals", "aws:PrincipalAccount", "\"444455556666\"")]
    [InlineData("ArnLike", "aws:SourceArn", "\"arn:aws:sns:us-east-1:444455556666:topic\"")]
    [InlineData("ArnEquals", "aws:PrincipalArn", "\"arn:aws:iam::444455556666:role/reader\"")]
    public void Analyze_EveryoneRestrictedToOtherAccount_CrossAccountNamingIt(string op, string key, string value)
    {
        var grant = Single(Document(Grant("\"*\"", condition: Condition(op, key, value))));

        Assert.Equal(AccessScope.CrossAccount, grant.Scope);
        Assert.Equal(["444455556666"], grant.Accounts);
        Assert.Equal([key], grant.RestrictingKeys);
    }

    [Fact]
    public void Analyze_EveryoneRestrictedToOwnAccount_Account()
    {
        var grant = Single(Document(Grant("\"*\"", condition: Condition("StringEquals", "aws:SourceAccount", $"\"{Owner}\""))));

        Assert.Equal(AccessScope.Account, grant.Scope);
    }

    [Theory]
    [InlineData("StringEquals", "aws:PrincipalOrgID", "\"o-abc123\"")]
    [InlineData("StringEquals", "aws:SourceVpce", "\"vpce-1a2b3c4d\"")]
    public void Analyze_EveryoneRestrictedWithoutAccount_Restricted(string op, string key, string value)
    {
        Assert.Equal(AccessScope.Restricted, Single(Document(Grant("\"*\"", condition: Condition(op, key, value)))).Scope);
    }

    [Theory]
    [InlineData("StringNotEquals", "aws:SourceAccount", "\"444455556666\"")]
    [InlineData("StringEqualsIfExists", "aws:SourceAccount", "\"444455556666\"")]
    [InlineData("StringLike", "aws:SourceArn", "\"*\"")]
    [InlineData("Bool", "aws:SecureTransport", "\"true\"")]
    public void Analyze_ConditionThatAdmitsEveryone_Public(string op, string key, string value)
    {
        Assert.Equal(AccessScope.Public, Single(Document(Grant("\"*\"", condition: Condition(op, key, value)))).Scope);
    }

    [Fact]
    public void Analyze_NamedPrincipalOfOtherAccount_CrossAccount()
    {
        var grant = Single(Document(Grant("""{"AWS":["arn:aws:iam::444455556666:role/reader","111122223333","777788889999"]}""")));

        Assert.Equal(AccessScope.CrossAccount, grant.Scope);
        Assert.Equal(["444455556666", "777788889999"], grant.Accounts);
    }

    [Fact]
    public void Analyze_NamedPrincipalOfOwnAccount_Account()
    {
        Assert.Equal(AccessScope.Account, Single(Document(Grant("""{"AWS":"arn:aws:iam::111122223333:user/producer"}"""))).Scope);
    }

    [Fact]
    public void Analyze_ServicePrincipal_Service()
    {
        Assert.Equal(AccessScope.Service, Single(Document(Grant("""{"Service":"sns.amazonaws.com"}"""))).Scope);
    }

    [Fact]
    public void Analyze_AllowWithNotPrincipal_Public()
    {
        var grant = Single(Document(Grant("""{"AWS":"arn:aws:iam::111122223333:user/producer"}""", principalElement: "NotPrincipal")));

        Assert.Equal(AccessScope.Public, grant.Scope);
    }

    [Fact]
    public void Analyze_DenyStatements_NoGrants()
    {
        var json = Document(TlsDeny);
        var document = PolicyDocument.Parse(json, QueueArn, PolicyKind.Resource).Document!;

        Assert.Empty(QueueAccess.Analyze(document, json, Owner));
    }

    [Fact]
    public void DeniesPlainHttp_QueuePolicyWithTlsDeny_True()
    {
        var json = Document(TlsDeny, Grant("\"*\""));

        Assert.True(PolicyLinter.DeniesPlainHttp(PolicyDocument.Parse(json, QueueArn, PolicyKind.Resource).Document!, json));
    }

    [Fact]
    public void DeniesPlainHttp_GuardrailWithTlsDeny_True()
    {
        var json = Document(Deny("sqs:*", "*", Condition("Bool", "aws:SecureTransport", "\"false\"")));

        Assert.True(PolicyLinter.DeniesPlainHttp(PolicyDocument.Parse(json, "guardrails/tls.json", PolicyKind.Guardrail).Document!, json));
    }

    [Fact]
    public void DeniesPlainHttp_DenyNarrowedByAnotherCondition_False()
    {
        var json = Document(Deny("sqs:*", "*", """{"Bool":{"aws:SecureTransport":"false"},"StringEquals":{"aws:username":"x"}}"""));

        Assert.False(PolicyLinter.DeniesPlainHttp(PolicyDocument.Parse(json, "guardrails/tls.json", PolicyKind.Guardrail).Document!, json));
    }

    private static AccessGrant Single(string json)
    {
        var document = PolicyDocument.Parse(json, QueueArn, PolicyKind.Resource).Document ?? throw new InvalidOperationException("test policy does not compile");
        return Assert.Single(QueueAccess.Analyze(document, json, Owner));
    }
}

using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Linting;
using static SecureQueue.Policies.Tests.Linting.LintTestPolicies;

namespace SecureQueue.Policies.Tests.Linting;

/// <summary>The SECURITY_WARNING rules: each has a policy that triggers it and ones that must not.</summary>
public sealed partial class PolicyLinterTests
{
    private const string Producer = """{"AWS":"arn:aws:iam::111122223333:user/producer"}""";

    [Theory]
    [InlineData("\"*\"", null)]
    [InlineData("""{"AWS":"*"}""", null)]
    [InlineData("""{"AWS":["*","111122223333"]}""", null)]
    [InlineData("\"*\"", """{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}""")]
    [InlineData("\"*\"", """{"StringNotEquals":{"aws:PrincipalAccount":"444455556666"}}""")]
    [InlineData("\"*\"", """{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}}""")]
    [InlineData("\"*\"", """{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:user/*"}}""")]
    [InlineData("\"*\"", """{"StringLike":{"aws:userid":"*"}}""")]
    [InlineData("\"*\"", """{"Bool":{"aws:SecureTransport":"true"}}""")]
    public void PublicAccess_EveryoneWithoutBoundingCondition_Reported(string principal, string? condition)
    {
        var finding = Finding(Document(TlsDeny, Grant(principal, condition: condition)), LintCodes.PublicAccess, PolicyKind.Resource);

        Assert.Equal(FindingType.SecurityWarning, finding.Type);
        Assert.Equal("Statement[1].Principal", finding.Path);
    }

    [Theory]
    [InlineData("\"*\"", """{"StringEquals":{"aws:SourceAccount":"111122223333"}}""")]
    [InlineData("\"*\"", """{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:orders-topic"}}""")]
    [InlineData("\"*\"", """{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}""")]
    [InlineData("\"*\"", """{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}""")]
    [InlineData(Producer, null)]
    public void PublicAccess_NamedOrBoundedCaller_NotReported(string principal, string? condition) =>
        NoFinding(Document(TlsDeny, Grant(principal, condition: condition)), LintCodes.PublicAccess, PolicyKind.Resource);

    [Fact]
    public void PublicAccess_DenyToEveryone_NotReported() =>
        NoFinding(Document(TlsDeny, Grant("\"*\"", effect: "Deny")), LintCodes.PublicAccess, PolicyKind.Resource);

    [Theory]
    [InlineData(null)]
    [InlineData("""{"Effect":"Deny","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}""")]
    [InlineData("""{"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}""")]
    [InlineData("""{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:user/a"},"Action":"sqs:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}""")]
    [InlineData("""{"Effect":"Deny","Principal":"*","NotAction":"sqs:GetQueueUrl","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}""")]
    [InlineData("""{"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}""")]
    public void MissingSecureTransportDeny_QueuePolicyWithoutFullTlsDeny_Reported(string? deny)
    {
        var json = deny is null ? Document(Grant(Producer)) : Document(Grant(Producer), deny);

        var finding = Finding(json, LintCodes.MissingSecureTransportDeny, PolicyKind.Resource);

        Assert.Equal(FindingType.SecurityWarning, finding.Type);
        Assert.Equal((1, 25), (finding.Line, finding.Column));
    }

    [Theory]
    [InlineData(TlsDeny)]
    [InlineData("""{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":false}}}""")]
    [InlineData("""{"Effect":"Deny","Principal":"*","Action":["sqs:SendMessage","SQS:*"],"Resource":"*","Condition":{"Bool":{"AWS:securetransport":"False"}}}""")]
    [InlineData("""{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}""")]
    [InlineData("""{"Effect":"Deny","Principal":"*","Action":"execute-api:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}""")]
    public void MissingSecureTransportDeny_WithTlsDeny_NotReported(string deny) =>
        NoFinding(Document(deny, Grant(Producer)), LintCodes.MissingSecureTransportDeny, PolicyKind.Resource);

    [Fact]
    public void MissingSecureTransportDeny_IdentityPolicy_NotReported() =>
        NoFinding(Document(Allow("sqs:SendMessage")), LintCodes.MissingSecureTransportDeny);

    [Theory]
    [InlineData(null)]
    [InlineData("""{"ArnEqualsIfExists":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:t"}}""")]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}""")]
    public void ServicePrincipal_WithoutSourceCondition_Reported(string? condition)
    {
        var json = Document(TlsDeny, Grant("""{"Service":["sns.amazonaws.com"]}""", condition: condition));

        var finding = Finding(json, LintCodes.RestrictAccessToServicePrincipal, PolicyKind.Resource);

        Assert.Equal(FindingType.SecurityWarning, finding.Type);
        Assert.Equal("Statement[1].Principal.Service[0]", finding.Path);
    }

    [Theory]
    [InlineData("""{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:orders-topic"}}""")]
    [InlineData("""{"StringEquals":{"aws:SourceAccount":"111122223333"}}""")]
    public void ServicePrincipal_WithSourceCondition_NotReported(string condition) =>
        NoFinding(Document(TlsDeny, Grant("""{"Service":"sns.amazonaws.com"}""", condition: condition)), LintCodes.RestrictAccessToServicePrincipal, PolicyKind.Resource);

    [Fact]
    public void ServicePrincipal_AwsPrincipalOnly_NotReported() =>
        NoFinding(Document(TlsDeny, Grant(Producer)), LintCodes.RestrictAccessToServicePrincipal, PolicyKind.Resource);

    [Fact]
    public void AllowWithNotPrincipal_Reported()
    {
        var finding = Finding(Document(TlsDeny, Grant(Producer, principalElement: "NotPrincipal")), LintCodes.AllowWithNotPrincipal, PolicyKind.Resource);

        Assert.Equal(FindingType.SecurityWarning, finding.Type);
        Assert.Equal("Statement[1].NotPrincipal", finding.Path);
    }

    [Fact]
    public void AllowWithNotPrincipal_DenyWithNotPrincipal_NotReported() =>
        NoFinding(Document(TlsDeny, Grant(Producer, effect: "Deny", principalElement: "NotPrincipal")), LintCodes.AllowWithNotPrincipal, PolicyKind.Resource);

    [Theory]
    [InlineData("ForAllValues:StringEquals", "aws:PrincipalTag/team", "\"orders\"")]
    [InlineData("ForAllValues:IpAddress", "aws:SourceIp", "\"10.0.0.0/8\"")]
    [InlineData("ForAllValues:StringLikeIfExists", "AWS:USERNAME", "\"a*\"")]
    public void ForAllValues_SingleValuedKey_Reported(string op, string key, string value)
    {
        var finding = Finding(Document(Allow("sqs:SendMessage", condition: Condition(op, key, value))), LintCodes.ForAllValuesWithSingleValuedKey);

        Assert.Equal(FindingType.SecurityWarning, finding.Type);
        Assert.Equal($"Statement[0].Condition.{op}.{key}", finding.Path);
    }

    [Theory]
    [InlineData("ForAllValues:StringEquals", "aws:TagKeys")]
    [InlineData("ForAnyValue:StringEquals", "aws:PrincipalTag/team")]
    [InlineData("StringEquals", "aws:PrincipalTag/team")]
    public void ForAllValues_MultivaluedKeyOrOtherOperator_NotReported(string op, string key) =>
        NoFinding(Document(Allow("sqs:TagQueue", condition: Condition(op, key, "\"team\""))), LintCodes.ForAllValuesWithSingleValuedKey);
}

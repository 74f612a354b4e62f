using SecureQueue.Policies.Evaluation;
using static SecureQueue.Policies.Tests.TestPolicies;

namespace SecureQueue.Policies.Tests.Conditions;

/// <summary>Each operator family through a one-statement Allow: the call is allowed exactly when the condition holds.</summary>
public sealed partial class ConditionClauseTests
{
    [Theory]
    [InlineData("StringEquals", "alice", "alice", true)]
    [InlineData("StringEquals", "alice", "Alice", false)]
    [InlineData("StringEquals", "ali*", "alice", false)]
    [InlineData("StringEquals", "ali*", "ali*", true)]
    [InlineData("StringNotEquals", "alice", "bob", true)]
    [InlineData("StringNotEquals", "alice", "alice", false)]
    [InlineData("StringEqualsIgnoreCase", "ALICE", "alice", true)]
    [InlineData("StringEqualsIgnoreCase", "alice", "alicia", false)]
    [InlineData("StringNotEqualsIgnoreCase", "ALICE", "alice", false)]
    [InlineData("StringNotEqualsIgnoreCase", "ALICE", "bob", true)]
    [InlineData("StringLike", "ali*", "alice", true)]
    [InlineData("StringLike", "a?ice", "alice", true)]
    [InlineData("StringLike", "Ali*", "alice", false)]
    [InlineData("StringNotLike", "ali*", "alice", false)]
    [InlineData("StringNotLike", "ali*", "bob", true)]
    public void Evaluate_StringOperators_CompareAsDocumented(string op, string policyValue, string requestValue, bool expected)
    {
        Assert.Equal(expected, ConditionHolds($$$"""{"{{{op}}}":{"aws:username":"{{{policyValue}}}"}}""", Context("aws:username", requestValue)));
    }

    [Theory]
    [InlineData("StringEquals", "carol", false)]
    [InlineData("StringEquals", "bob", true)]
    [InlineData("StringNotEquals", "bob", false)]
    [InlineData("StringNotEquals", "carol", true)]
    [InlineData("StringLike", "b*", true)]
    [InlineData("StringNotLike", "b*", false)]
    public void Evaluate_SeveralPolicyValues_OrForPositiveAndNorForNegated(string op, string requestValue, bool expected)
    {
        var requestCondition = $$$"""{"{{{op}}}":{"aws:username":["alice","bob"]}}""";
        var likeCondition = $$$"""{"{{{op}}}":{"aws:username":["a*","b*"]}}""";

        Assert.Equal(expected, ConditionHolds(op.Contains("Like", StringComparison.Ordinal) ? likeCondition : requestCondition, Context("aws:username", requestValue)));
    }

    [Theory]
    [InlineData("NumericEquals", "10", "10.0", true)]
    [InlineData("NumericEquals", "10", "11", false)]
    [InlineData("NumericNotEquals", "10", "11", true)]
    [InlineData("NumericNotEquals", "10", "10", false)]
    [InlineData("NumericLessThan", "10", "9.99", true)]
    [InlineData("NumericLessThan", "10", "10", false)]
    [InlineData("NumericLessThanEquals", "10", "10", true)]
    [InlineData("NumericLessThanEquals", "10", "10.01", false)]
    [InlineData("NumericGreaterThan", "-1", "0", true)]
    [InlineData("NumericGreaterThan", "10", "10", false)]
    [InlineData("NumericGreaterThanEquals", "10", "10", true)]
    [InlineData("NumericGreaterThanEquals", "10", "9", false)]
    [InlineData("NumericEquals", "10", "ten", false)]
    [InlineData("NumericNotEquals", "10", "ten", true)]
    public void Evaluate_NumericOperators_CompareRequestWithPolicyValue(string op, string policyValue, string requestValue, bool expected)
    {
        Assert.Equal(expected, ConditionHolds($$$"""{"{{{op}}}":{"sq:MessageSizeBytes":"{{{policyValue}}}"}}""", Context("sq:MessageSizeBytes", requestValue)));
    }

    [Theory]
    [InlineData("DateEquals", "2024-06-01T12:00:00Z", "2024-06-01T14:00:00+02:00", true)]
    [InlineData("DateEquals", "2024-06-01", "2024-06-01T00:00:00Z", true)]
    [InlineData("DateNotEquals", "2024-06-01T12:00:00Z", "2024-06-01T12:00:01Z", true)]
    [InlineData("DateNotEquals", "2024-06-01T12:00:00Z", "2024-06-01T12:00:00Z", false)]
    [InlineData("DateLessThan", "2024-06-01T12:00:00Z", "2024-06-01T11:59:59Z", true)]
    [InlineData("DateLessThan", "2024-06-01T12:00:00Z", "2024-06-01T12:00:00Z", false)]
    [InlineData("DateLessThanEquals", "2024-06-01T12:00:00Z", "2024-06-01T12:00:00.000Z", true)]
    [InlineData("DateLessThanEquals", "2024-06-01T12:00Z", "2024-06-01T12:00:01Z", false)]
    [InlineData("DateGreaterThan", "2024-06-01T12:00:00Z", "1717243201", true)]
    [InlineData("DateGreaterThan", "1717243200", "2024-06-01T12:00:00Z", false)]
    [InlineData("DateGreaterThanEquals", "1717243200", "2024-06-01T12:00:00Z", true)]
    [InlineData("DateGreaterThanEquals", "2024-06", "2024-05-31T23:59:59Z", false)]
    [InlineData("DateGreaterThan", "2024-06-01T12:00:00Z", "soon", false)]
    public void Evaluate_DateOperators_CompareInstantsAcrossFormats(string op, string policyValue, string requestValue, bool expected)
    {
        Assert.Equal(expected, ConditionHolds($$$"""{"{{{op}}}":{"aws:CurrentTime":"{{{policyValue}}}"}}""", Context("aws:CurrentTime", requestValue)));
    }

    [Theory]
    [InlineData("true", "true", true)]
    [InlineData("true", "false", false)]
    [InlineData("false", "false", true)]
    [InlineData("True", "TRUE", true)]
    [InlineData("true", "yes", false)]
    public void Evaluate_Bool_ComparesBooleansCaseInsensitively(string policyValue, string requestValue, bool expected)
    {
        Assert.Equal(expected, ConditionHolds($$$"""{"Bool":{"aws:SecureTransport":"{{{policyValue}}}"}}""", Context("aws:SecureTransport", requestValue)));
    }

    [Fact]
    public void Evaluate_BoolWithJsonBoolean_Holds()
    {
        Assert.True(ConditionHolds("""{"Bool":{"aws:SecureTransport":true}}""", Context("aws:SecureTransport", "true")));
    }

    [Theory]
    [InlineData("QmluYXJ5", "QmluYXJ5", true)]
    [InlineData("QmluYXJ5", "QmluYXJ6", false)]
    [InlineData("QmluYXJ5", "%%%", false)]
    public void Evaluate_BinaryEquals_ComparesDecodedBytes(string policyValue, string requestValue, bool expected)
    {
        Assert.Equal(expected, ConditionHolds($$$"""{"BinaryEquals":{"sq:Fingerprint":"{{{policyValue}}}"}}""", Context("sq:Fingerprint", requestValue)));
    }

    [Theory]
    [InlineData("IpAddress", "203.0.113.0/24", "203.0.113.77", true)]
    [InlineData("IpAddress", "203.0.113.0/24", "203.0.114.1", false)]
    [InlineData("IpAddress", "203.0.113.5/24", "203.0.113.200", true)]
    [InlineData("IpAddress", "203.0.113.7", "203.0.113.7", true)]
    [InlineData("IpAddress", "203.0.113.7", "203.0.113.8", false)]
    [InlineData("IpAddress", "10.0.0.0/9", "10.127.255.255", true)]
    [InlineData("IpAddress", "10.0.0.0/9", "10.128.0.0", false)]
    [InlineData("IpAddress", "0.0.0.0/0", "192.0.2.1", true)]
    [InlineData("IpAddress", "0.0.0.0/0", "2001:db8::1", false)]
    [InlineData("IpAddress", "2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("IpAddress", "2001:DB8::/32", "2001:db9::1", false)]
    [InlineData("IpAddress", "2001:db8::/127", "2001:db8::1", true)]
    [InlineData("IpAddress", "2001:db8::/128", "2001:db8::1", false)]
    [InlineData("IpAddress", "::/0", "203.0.113.1", false)]
    [InlineData("IpAddress", "203.0.113.0/24", "::ffff:203.0.113.9", true)]
    [InlineData("IpAddress", "203.0.113.0/24", "not-an-ip", false)]
    [InlineData("IpAddress", "10.0.0.0/8", "10.1", false)]
    [InlineData("NotIpAddress", "203.0.113.0/24", "198.51.100.1", true)]
    [InlineData("NotIpAddress", "203.0.113.0/24", "203.0.113.1", false)]
    [InlineData("NotIpAddress", "2001:db8::/32", "2001:db8::1", false)]
    public void Evaluate_IpOperators_MatchIPv4AndIPv6Cidrs(string op, string policyValue, string requestValue, bool expected)
    {
        Assert.Equal(expected, ConditionHolds($$$"""{"{{{op}}}":{"aws:SourceIp":"{{{policyValue}}}"}}""", Context("aws:SourceIp", requestValue)));
    }

    [Theory]
    [InlineData("ArnEquals", "arn:aws:sns:us-east-2:123456789012:MyTopic", "arn:aws:sns:us-east-2:123456789012:MyTopic", true)]
    [InlineData("ArnEquals", "arn:aws:sns:us-east-2:123456789012:MyTopic", "arn:aws:sns:us-east-2:123456789012:mytopic", false)]
    [InlineData("ArnEquals", "arn:aws:sns:*:123456789012:MyTopic", "arn:aws:sns:eu-west-1:123456789012:MyTopic", true)]
    [InlineData("ArnLike", "arn:aws:sns:*:123456789012:My*", "arn:aws:sns:eu-west-1:123456789012:MyTopic", true)]
    [InlineData("ArnLike", "arn:aws:iam::*:user/alice", "arn:aws:iam::111:222:user/alice", false)]
    [InlineData("ArnLike", "arn:aws:iam::1*:user/alice", "arn:aws:iam::1:2:user/alice", false)]
    [InlineData("ArnLike", "arn:aws:sns:*:*:*", "not-an-arn", false)]
    [InlineData("ArnLike", "*", "arn:aws:sns:us-east-2:123456789012:MyTopic", true)]
    [InlineData("ArnNotEquals", "arn:aws:iam::111122223333:role/admin", "arn:aws:iam::111122223333:role/app", true)]
    [InlineData("ArnNotLike", "arn:aws:iam::111122223333:role/*", "arn:aws:iam::111122223333:role/app", false)]
    public void Evaluate_ArnOperators_MatchEachSegmentSeparately(string op, string policyValue, string requestValue, bool expected)
    {
        Assert.Equal(expected, ConditionHolds($$$"""{"{{{op}}}":{"aws:SourceArn":"{{{policyValue}}}"}}""", Context("aws:SourceArn", requestValue)));
    }

    [Theory]
    [InlineData("true", false, true)]
    [InlineData("true", true, false)]
    [InlineData("false", true, true)]
    [InlineData("false", false, false)]
    public void Evaluate_Null_TrueMeansAbsent(string policyValue, bool present, bool expected)
    {
        var context = present ? Context("aws:TokenIssueTime", "2024-01-01T00:00:00Z") : RequestContext.Empty;

        Assert.Equal(expected, ConditionHolds($$$"""{"Null":{"aws:TokenIssueTime":"{{{policyValue}}}"}}""", context));
    }

    [Fact]
    public void Evaluate_NullWithBothValues_AlwaysHolds()
    {
        Assert.True(ConditionHolds("""{"Null":{"aws:TokenIssueTime":["true","false"]}}""", RequestContext.Empty));
    }

    [Fact]
    public void Evaluate_KeyWithEmptyValueList_CountsAsAbsent()
    {
        var context = new RequestContext([new("aws:TokenIssueTime", Array.Empty<string>())]);

        Assert.True(ConditionHolds("""{"Null":{"aws:TokenIssueTime":"true"}}""", context));
    }
}

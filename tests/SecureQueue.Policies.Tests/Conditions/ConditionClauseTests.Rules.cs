using SecureQueue.Policies.Evaluation;
using static SecureQueue.Policies.Tests.TestPolicies;

namespace SecureQueue.Policies.Tests.Conditions;

/// <summary>The missing-key rule, IfExists, set qualifiers, AND/OR combination, key case and policy variables.</summary>
public sealed partial class ConditionClauseTests
{
    [Theory]
    [InlineData("StringEquals", "x", false)]
    [InlineData("StringEqualsIgnoreCase", "x", false)]
    [InlineData("StringLike", "*", false)]
    [InlineData("NumericLessThan", "5", false)]
    [InlineData("DateGreaterThan", "2020-01-01", false)]
    [InlineData("Bool", "false", false)]
    [InlineData("BinaryEquals", "QmluYXJ5", false)]
    [InlineData("IpAddress", "0.0.0.0/0", false)]
    [InlineData("ArnLike", "*", false)]
    [InlineData("StringNotEquals", "x", true)]
    [InlineData("StringNotEqualsIgnoreCase", "x", true)]
    [InlineData("StringNotLike", "*", true)]
    [InlineData("NumericNotEquals", "5", true)]
    [InlineData("DateNotEquals", "2020-01-01", true)]
    [InlineData("NotIpAddress", "10.0.0.0/8", true)]
    [InlineData("ArnNotEquals", "arn:aws:sns:*:*:t", true)]
    [InlineData("ArnNotLike", "arn:aws:sns:*:*:t", true)]
    public void Evaluate_KeyMissing_FalseExceptForNegatedOperators(string op, string policyValue, bool expected)
    {
        Assert.Equal(expected, ConditionHolds($$$"""{"{{{op}}}":{"sq:Missing":"{{{policyValue}}}"}}""", RequestContext.Empty));
    }

    [Theory]
    [InlineData("StringEqualsIfExists")]
    [InlineData("NumericLessThanIfExists")]
    [InlineData("BoolIfExists")]
    [InlineData("IpAddressIfExists")]
    [InlineData("StringNotEqualsIfExists")]
    [InlineData("ForAnyValue:StringEqualsIfExists")]
    public void Evaluate_IfExistsAndKeyMissing_Holds(string op)
    {
        var value = op.Contains("Numeric", StringComparison.Ordinal) ? "5" : op.Contains("Bool", StringComparison.Ordinal) ? "true" : op.Contains("Ip", StringComparison.Ordinal) ? "10.0.0.0/8" : "x";

        Assert.True(ConditionHolds($$$"""{"{{{op}}}":{"sq:Missing":"{{{value}}}"}}""", RequestContext.Empty));
    }

    [Theory]
    [InlineData("t3.micro", true)]
    [InlineData("m5.large", false)]
    public void Evaluate_IfExistsAndKeyPresent_AppliesBaseOperator(string requestValue, bool expected)
    {
        Assert.Equal(expected, ConditionHolds("""{"StringLikeIfExists":{"ec2:InstanceType":["t1.*","t2.*","t3.*"]}}""", Context("ec2:InstanceType", requestValue)));
    }

    [Theory]
    [InlineData(new[] { "environment" }, true)]
    [InlineData(new[] { "environment", "cost-center" }, true)]
    [InlineData(new[] { "environment", "owner" }, false)]
    [InlineData(new string[0], true)]
    public void Evaluate_ForAllValues_EveryRequestValueMustMatch(string[] tagKeys, bool expected)
    {
        Assert.Equal(expected, ConditionHolds("""{"ForAllValues:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}""", Context("aws:TagKeys", tagKeys)));
    }

    [Fact]
    public void Evaluate_ForAllValuesAndKeyMissing_IsVacuouslyTrue()
    {
        Assert.True(ConditionHolds("""{"ForAllValues:StringEquals":{"aws:TagKeys":["environment"]}}""", RequestContext.Empty));
    }

    [Theory]
    [InlineData(new[] { "owner", "environment" }, true)]
    [InlineData(new[] { "owner" }, false)]
    [InlineData(new string[0], false)]
    public void Evaluate_ForAnyValue_OneRequestValueMustMatch(string[] tagKeys, bool expected)
    {
        Assert.Equal(expected, ConditionHolds("""{"ForAnyValue:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}""", Context("aws:TagKeys", tagKeys)));
    }

    [Theory]
    [InlineData("ForAllValues:StringNotEquals", new[] { "owner", "team" }, true)]
    [InlineData("ForAllValues:StringNotEquals", new[] { "owner", "secret" }, false)]
    [InlineData("ForAnyValue:StringNotEquals", new[] { "secret", "owner" }, true)]
    [InlineData("ForAnyValue:StringNotEquals", new[] { "secret" }, false)]
    [InlineData("ForAnyValue:StringNotLike", new[] { "sec-1", "sec-2" }, false)]
    [InlineData("ForAllValues:StringNotEquals", new string[0], true)]
    [InlineData("ForAnyValue:StringNotEquals", new string[0], false)]
    public void Evaluate_QualifierWithNegatedOperator_NegatesPerRequestValue(string op, string[] tagKeys, bool expected)
    {
        var policyValue = op.Contains("Like", StringComparison.Ordinal) ? "sec-*" : "secret";

        Assert.Equal(expected, ConditionHolds($$$"""{"{{{op}}}":{"aws:TagKeys":"{{{policyValue}}}"}}""", Context("aws:TagKeys", tagKeys)));
    }

    [Theory]
    [InlineData("ForAllValues:Null", true)]
    [InlineData("ForAnyValue:Null", false)]
    public void Evaluate_NullWithQualifier_IsConstant(string op, bool expected)
    {
        Assert.Equal(expected, ConditionHolds($$$"""{"{{{op}}}":{"aws:TagKeys":"true"}}""", RequestContext.Empty));
        Assert.Equal(expected, ConditionHolds($$$"""{"{{{op}}}":{"aws:TagKeys":"false"}}""", Context("aws:TagKeys", "a")));
    }

    [Theory]
    [InlineData(new[] { "red", "blue" }, true)]
    [InlineData(new[] { "green" }, false)]
    public void Evaluate_UnqualifiedOperatorOnMultivaluedKey_MatchesAnyValue(string[] values, bool expected)
    {
        Assert.Equal(expected, ConditionHolds("""{"StringEquals":{"sq:Colors":"blue"}}""", Context("sq:Colors", values)));
    }

    [Fact]
    public void Evaluate_UnqualifiedNegatedOperatorOnMultivaluedKey_FailsIfAnyValueMatches()
    {
        Assert.False(ConditionHolds("""{"StringNotEquals":{"sq:Colors":"blue"}}""", Context("sq:Colors", "red", "blue")));
    }

    [Theory]
    [InlineData("alice", "203.0.113.1", true)]
    [InlineData("alice", "198.51.100.1", false)]
    [InlineData("bob", "203.0.113.1", false)]
    public void Evaluate_SeveralOperatorsAndKeys_AreAnded(string user, string ip, bool expected)
    {
        const string condition = """{"StringEquals":{"aws:username":"alice","aws:PrincipalType":"User"},"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""";
        var context = Context(("aws:username", [user]), ("aws:PrincipalType", ["User"]), ("aws:SourceIp", [ip]));

        Assert.Equal(expected, ConditionHolds(condition, context));
    }

    [Fact]
    public void Evaluate_ConditionKeyNames_AreCaseInsensitive()
    {
        Assert.True(ConditionHolds("""{"StringEquals":{"AWS:USERNAME":"alice"}}""", Context("aws:username", "alice")));
    }

    [Fact]
    public void Evaluate_TagKeyInConditionKey_IsCaseInsensitive()
    {
        Assert.True(ConditionHolds("""{"StringEquals":{"aws:ResourceTag/Environment":"prod"}}""", Context("aws:resourcetag/environment", "prod")));
    }

    [Fact]
    public void Evaluate_EmptyPolicyValueList_MatchesNothing()
    {
        Assert.False(ConditionHolds("""{"StringEquals":{"aws:username":[]}}""", Context("aws:username", "alice")));
        Assert.True(ConditionHolds("""{"StringNotEquals":{"aws:username":[]}}""", Context("aws:username", "alice")));
    }

    [Theory]
    [InlineData("alice", "alice", true)]
    [InlineData("alice", "bob", false)]
    public void Evaluate_VariableInStringValue_ComparesWithSubstitutedValue(string owner, string user, bool expected)
    {
        var context = Context(("aws:ResourceTag/owner", [owner]), ("aws:username", [user]));

        Assert.Equal(expected, ConditionHolds("""{"StringEquals":{"aws:ResourceTag/owner":"${aws:username}"}}""", context));
    }

    [Theory]
    [InlineData("StringEquals", false)]
    [InlineData("StringLike", false)]
    [InlineData("StringNotEquals", true)]
    [InlineData("StringNotLike", true)]
    public void Evaluate_VariableWithoutValue_MatchesNothingSoNegatedOperatorsHold(string op, bool expected)
    {
        Assert.Equal(expected, ConditionHolds($$$"""{"{{{op}}}":{"aws:ResourceTag/owner":"${aws:username}"}}""", Context("aws:ResourceTag/owner", "alice")));
    }

    [Fact]
    public void Evaluate_VariableDefault_IsUsedWhenKeyMissing()
    {
        Assert.True(ConditionHolds("""{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team, 'company-wide'}"}}""", Context("aws:ResourceTag/team", "company-wide")));
    }

    [Fact]
    public void Evaluate_VariableUnderLegacyVersion_IsLiteral()
    {
        var context = Context(("aws:ResourceTag/owner", ["${aws:username}"]), ("aws:username", ["alice"]));

        Assert.True(ConditionHolds("""{"StringEquals":{"aws:ResourceTag/owner":"${aws:username}"}}""", context, version: "2008-10-17"));
    }

    [Fact]
    public void Evaluate_VariableInArnValue_SubstitutesPerSegment()
    {
        var context = Context(("aws:SourceArn", ["arn:aws:sns:us-east-1:111122223333:alice-topic"]), ("aws:username", ["alice"]));

        Assert.True(ConditionHolds("""{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:${aws:username}-*"}}""", context));
    }

    [Fact]
    public void Evaluate_VariableInBool_ComparesSubstitutedValue()
    {
        var context = Context(("aws:SecureTransport", ["true"]), ("aws:PrincipalTag/tls", ["TRUE"]));

        Assert.True(ConditionHolds("""{"Bool":{"aws:SecureTransport":"${aws:PrincipalTag/tls}"}}""", context));
    }
}

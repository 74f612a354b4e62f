using SecureQueue.Policies.Evaluation;
using static SecureQueue.Policies.Tests.TestPolicies;

namespace SecureQueue.Policies.Tests.Evaluation;

/// <summary>
/// Tag condition keys (aws:RequestTag/*, aws:ResourceTag/*) are single-valued; if one ever holds several values (tag keys
/// differing only by case), no value may weaken a Deny or stretch an Allow.
/// </summary>
public sealed partial class PolicyEvaluatorTests
{
    [Theory]
    [InlineData("StringEquals", "aws:RequestTag/env", "prod", new[] { "x", "prod" })]
    [InlineData("StringEquals", "aws:ResourceTag/classification", "secret", new[] { "public", "secret" })]
    [InlineData("StringNotEquals", "aws:ResourceTag/classification", "public", new[] { "public", "secret" })]
    [InlineData("StringNotLike", "aws:RequestTag/env", "dev*", new[] { "dev", "prod" })]
    public void Evaluate_DenyOnTagKeyWithSeveralValues_AnyMatchingValueDenies(string op, string key, string policyValue, string[] values)
    {
        var deny = Statement(effect: "Deny", condition: $$$"""{"{{{op}}}":{"{{{key}}}":"{{{policyValue}}}"}}""");

        var decision = Evaluate(Request(context: Context(key, values)), [AllowSend, deny]);

        Assert.Equal(DecisionOutcome.ExplicitDeny, decision.Outcome);
    }

    [Theory]
    [InlineData("StringEquals", "aws:RequestTag/env", "dev", new[] { "dev", "prod" })]
    [InlineData("StringNotEquals", "aws:ResourceTag/classification", "secret", new[] { "public", "secret" })]
    public void Evaluate_AllowOnTagKeyWithSeveralValues_NeedsEveryValue(string op, string key, string policyValue, string[] values)
    {
        var allow = Statement(condition: $$$"""{"{{{op}}}":{"{{{key}}}":"{{{policyValue}}}"}}""");

        Assert.Equal(DecisionOutcome.ImplicitDeny, Evaluate(Request(context: Context(key, values)), [allow]).Outcome);
        Assert.Equal(DecisionOutcome.Allowed, Evaluate(Request(context: Context(key, values[0])), [allow]).Outcome);
    }

    [Fact]
    public void Evaluate_UnqualifiedOperatorOnTagKeys_KeepsAnyValueSemantics()
    {
        var allow = Statement(condition: """{"StringEquals":{"aws:TagKeys":"env"}}""");

        Assert.True(Evaluate(Request(context: Context("aws:TagKeys", "env", "team")), [allow]).IsAllowed);
    }
}

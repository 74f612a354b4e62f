using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Evaluation;
using SecureQueue.Policies.Matching;
using static SecureQueue.Policies.Tests.TestPolicies;

namespace SecureQueue.Policies.Tests.Matching;

public sealed class ArnPatternTests
{
    [Theory]
    [InlineData("*", "arn:aws:sqs:us-east-1:111122223333:orders", true)]
    [InlineData("*", "*", true)]
    [InlineData("arn:aws:sqs:us-east-1:111122223333:orders", "arn:aws:sqs:us-east-1:111122223333:orders", true)]
    [InlineData("arn:aws:sqs:us-east-1:111122223333:orders", "arn:aws:sqs:us-east-1:111122223333:Orders", false)]
    [InlineData("arn:aws:sqs:*:111122223333:orders", "arn:aws:sqs:eu-west-1:111122223333:orders", true)]
    [InlineData("arn:aws:sqs:*:111122223333:bob_*", "arn:aws:sqs:eu-west-1:111122223333:bob_inbox", true)]
    [InlineData("arn:aws:sqs:*:111122223333:bob_*", "arn:aws:sqs:eu-west-1:111122223333:alice_inbox", false)]
    [InlineData("arn:aws:sqs:us-east-?:111122223333:orders", "arn:aws:sqs:us-east-2:111122223333:orders", true)]
    [InlineData("arn:aws:sqs:us-east-?:111122223333:orders", "arn:aws:sqs:us-east-10:111122223333:orders", false)]
    [InlineData("arn:aws:sqs:*:*:*", "arn:aws:sqs:us-east-1:111122223333:orders", true)]
    [InlineData("arn:aws:sqs:*:*:*", "arn:aws:sns:us-east-1:111122223333:orders", false)]
    [InlineData("arn:aws:sqs:*:*:*", "*", false)]
    [InlineData("arn:aws:sqs:us-*:111122223333:orders", "arn:aws:sqs:us-east-1:999:111122223333:orders", false)]
    [InlineData("arn:aws:execute-api:*:111122223333:api/*", "arn:aws:execute-api:us-east-1:111122223333:api/GET/orders:1", true)]
    [InlineData("arn:aws:sqs:us-east-1:*", "arn:aws:sqs:us-east-1:111122223333:orders", true)]
    [InlineData("arn:aws:sqs:us-*", "arn:aws:sqs:us-east-1:111122223333:orders", true)]
    [InlineData("arn:aws:sqs:us-*", "arn:aws:sqs:eu-west-1:111122223333:orders", false)]
    [InlineData("arn:aws:sqs:*", "arn:aws:sqs", false)]
    [InlineData("arn:aws:sqs:us-east-1:111122223333:orders", "arn:aws:sqs:us-east-1:111122223333", false)]
    public void Match_ResourcePattern_MatchesSegmentBySegment(string pattern, string arn, bool expected)
    {
        var compiled = ArnPattern.Parse(pattern, variables: true, allowShort: true, out var problem);

        Assert.True(compiled is not null, problem.Message);
        Assert.Equal(expected ? PatternMatch.Match : PatternMatch.NoMatch, compiled.Match(arn, RequestContext.Empty));
    }

    [Fact]
    public void Match_VariableNameWithColon_DoesNotSplitSegments()
    {
        var compiled = ArnPattern.Parse("arn:aws:sqs:us-east-2:*:${aws:username}-queue", variables: true, allowShort: true, out _)!;

        Assert.Equal(PatternMatch.Match, compiled.Match("arn:aws:sqs:us-east-2:111122223333:alice-queue", Context("aws:username", "alice")));
        Assert.Equal(PatternMatch.NoMatch, compiled.Match("arn:aws:sqs:us-east-2:111122223333:bob-queue", Context("aws:username", "alice")));
        Assert.Equal(PatternMatch.Unresolved, compiled.Match("arn:aws:sqs:us-east-2:111122223333:alice-queue", RequestContext.Empty));
    }

    [Fact]
    public void Match_VariableValueWithColon_CannotSpanSegments()
    {
        var compiled = ArnPattern.Parse("arn:aws:sqs:us-east-2:${aws:PrincipalTag/acct}:orders", variables: true, allowShort: true, out _)!;

        Assert.Equal(PatternMatch.NoMatch, compiled.Match("arn:aws:sqs:us-east-2:1:2:orders", Context("aws:PrincipalTag/acct", "1:2")));
    }

    [Theory]
    [InlineData("arn:aws:sqs:us-east-1:*")]
    [InlineData("arn:aws:sqs:*:111122223333")]
    public void Parse_ShortPatternForCondition_ReportsMissingArnField(string pattern)
    {
        Assert.Null(ArnPattern.Parse(pattern, variables: true, allowShort: false, out var problem));
        Assert.Equal(PolicyErrorCodes.MissingArnField, problem.Code);
    }

    [Fact]
    public void Parse_VariableInServiceSegment_ReportsInvalidArn()
    {
        Assert.Null(ArnPattern.Parse("arn:aws:${aws:username}:*:*:*", variables: true, allowShort: true, out var problem));
        Assert.Equal(PolicyErrorCodes.InvalidArn, problem.Code);
    }
}

using System.Diagnostics;
using SecureQueue.Policies.Evaluation;
using SecureQueue.Policies.Matching;
using static SecureQueue.Policies.Tests.TestPolicies;

namespace SecureQueue.Policies.Tests.Matching;

public sealed class PolicyPatternTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "anything:at/all", true)]
    [InlineData("sqs:Send*", "sqs:SendMessage", true)]
    [InlineData("sqs:Send*", "sqs:Send", true)]
    [InlineData("sqs:Send*", "sqs:ReceiveMessage", false)]
    [InlineData("sqs:?endMessage", "sqs:SendMessage", true)]
    [InlineData("sqs:?endMessage", "sqs:endMessage", false)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("a*ab", "aaab", true)]
    [InlineData("*ab*ab", "xabyabab", true)]
    [InlineData("a**b", "ab", true)]
    [InlineData("??", "a", false)]
    [InlineData("??", "abc", false)]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abcd", false)]
    [InlineData("abc", "ABC", false)]
    public void Match_Wildcards_MatchesGlobSemantics(string pattern, string input, bool expected)
    {
        var compiled = PatternParser.Parse(pattern, wildcards: true, variables: false, out _)!;

        Assert.Equal(expected ? PatternMatch.Match : PatternMatch.NoMatch, compiled.Match(input, null, StringComparison.Ordinal));
    }

    [Fact]
    public void Match_IgnoreCaseComparison_IgnoresCase()
    {
        var compiled = PatternParser.Parse("SQS:send*", wildcards: true, variables: false, out _)!;

        Assert.Equal(PatternMatch.Match, compiled.Match("sqs:SENDMESSAGE", null, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Match_WildcardsDisabled_TreatsStarAsLiteral()
    {
        var compiled = PatternParser.Parse("a*", wildcards: false, variables: false, out _)!;

        Assert.Equal(PatternMatch.NoMatch, compiled.Match("abc", null, StringComparison.Ordinal));
        Assert.Equal(PatternMatch.Match, compiled.Match("a*", null, StringComparison.Ordinal));
    }

    [Fact]
    public void Match_PathologicalBacktracking_CompletesQuickly()
    {
        var compiled = PatternParser.Parse(string.Concat(Enumerable.Repeat("a*", 200)) + "b", wildcards: true, variables: false, out _)!;
        var input = new string('a', 20_000);
        var watch = Stopwatch.StartNew();

        Assert.Equal(PatternMatch.NoMatch, compiled.Match(input, null, StringComparison.Ordinal));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Match_Variable_SubstitutesContextValue()
    {
        var compiled = PatternParser.Parse("${aws:username}-queue", wildcards: true, variables: true, out _)!;

        Assert.Equal(PatternMatch.Match, compiled.Match("alice-queue", Context("AWS:UserName", "alice"), StringComparison.Ordinal));
        Assert.Equal(PatternMatch.NoMatch, compiled.Match("bob-queue", Context("aws:username", "alice"), StringComparison.Ordinal));
    }

    [Fact]
    public void Match_VariableWithoutValue_IsUnresolved()
    {
        var compiled = PatternParser.Parse("${aws:username}-queue", wildcards: true, variables: true, out _)!;

        Assert.Equal(PatternMatch.Unresolved, compiled.Match("alice-queue", RequestContext.Empty, StringComparison.Ordinal));
        Assert.Equal(PatternMatch.Unresolved, compiled.Match("alice-queue", null, StringComparison.Ordinal));
    }

    [Fact]
    public void Match_VariableWithDefault_UsesDefaultWhenKeyMissing()
    {
        var compiled = PatternParser.Parse("${aws:PrincipalTag/team, 'company-wide'}", wildcards: true, variables: true, out _)!;

        Assert.Equal(PatternMatch.Match, compiled.Match("company-wide", RequestContext.Empty, StringComparison.Ordinal));
        Assert.Equal(PatternMatch.Match, compiled.Match("red", Context("aws:PrincipalTag/team", "red"), StringComparison.Ordinal));
    }

    [Fact]
    public void Match_MultivaluedVariable_IsUnresolved()
    {
        var compiled = PatternParser.Parse("${aws:TagKeys}", wildcards: true, variables: true, out _)!;

        Assert.Equal(PatternMatch.Unresolved, compiled.Match("a", Context("aws:TagKeys", "a", "b"), StringComparison.Ordinal));
    }

    [Fact]
    public void Match_VariableValueContainingWildcard_IsLiteral()
    {
        var compiled = PatternParser.Parse("q-${aws:PrincipalTag/team}", wildcards: true, variables: true, out _)!;
        var context = Context("aws:PrincipalTag/team", "*");

        Assert.Equal(PatternMatch.NoMatch, compiled.Match("q-anything", context, StringComparison.Ordinal));
        Assert.Equal(PatternMatch.Match, compiled.Match("q-*", context, StringComparison.Ordinal));
    }

    [Fact]
    public void Match_EscapeSequences_ProduceLiteralCharacters()
    {
        var compiled = PatternParser.Parse("a${*}b${?}c${$}", wildcards: true, variables: true, out _)!;

        Assert.False(compiled.HasVariables);
        Assert.Equal(PatternMatch.Match, compiled.Match("a*b?c$", null, StringComparison.Ordinal));
        Assert.Equal(PatternMatch.NoMatch, compiled.Match("aXbYc$", null, StringComparison.Ordinal));
    }

    [Fact]
    public void Match_VariablesDisabled_TreatsDollarBraceAsLiteral()
    {
        var compiled = PatternParser.Parse("${aws:username}", wildcards: false, variables: false, out _)!;

        Assert.Equal(PatternMatch.Match, compiled.Match("${aws:username}", Context("aws:username", "alice"), StringComparison.Ordinal));
    }
}

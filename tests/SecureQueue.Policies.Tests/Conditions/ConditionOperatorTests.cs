using SecureQueue.Policies.Conditions;
using SecureQueue.Policies.Documents;

namespace SecureQueue.Policies.Tests.Conditions;

public sealed class ConditionOperatorTests
{
    [Theory]
    [InlineData("StringEquals", "String", "Equals", false, false, "None")]
    [InlineData("StringNotLikeIfExists", "String", "Like", true, true, "None")]
    [InlineData("ForAllValues:StringEqualsIgnoreCase", "String", "EqualsIgnoreCase", false, false, "ForAllValues")]
    [InlineData("ForAnyValue:NumericLessThanEqualsIfExists", "Numeric", "LessThanEquals", false, true, "ForAnyValue")]
    [InlineData("DateNotEquals", "Date", "Equals", true, false, "None")]
    [InlineData("NotIpAddress", "IpAddress", "Equals", true, false, "None")]
    [InlineData("ArnEquals", "Arn", "Like", false, false, "None")]
    [InlineData("ArnNotEquals", "Arn", "Like", true, false, "None")]
    [InlineData("BinaryEqualsIfExists", "Binary", "Equals", false, true, "None")]
    [InlineData("Null", "Null", "Equals", false, false, "None")]
    public void Parse_OperatorName_SplitsQualifierBaseAndSuffix(string name, string family, string comparison, bool negated, bool ifExists, string qualifier)
    {
        var op = ConditionOperator.Parse(name, out _)!;

        Assert.Equal(
            (Enum.Parse<ConditionFamily>(family), Enum.Parse<ValueComparison>(comparison), negated, ifExists, Enum.Parse<SetQualifier>(qualifier)),
            (op.Family, op.Comparison, op.Negated, op.IfExists, op.Qualifier));
    }

    [Fact]
    public void Parse_NullIfExists_ReportsNullWithIfExists()
    {
        Assert.Null(ConditionOperator.Parse("NullIfExists", out var problem));
        Assert.Equal(PolicyErrorCodes.NullWithIfExists, problem.Code);
    }
}

using SecureQueue.Policies.Documents;
using static SecureQueue.Policies.Tests.TestPolicies;

namespace SecureQueue.Policies.Tests.Documents;

/// <summary>Principal, Condition and policy-variable grammar.</summary>
public sealed partial class PolicyDocumentTests
{
    [Theory]
    [InlineData("\"*\"")]
    [InlineData("""{"AWS":"*"}""")]
    [InlineData("""{"AWS":"111122223333"}""")]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:root"}""")]
    [InlineData("""{"AWS":["arn:aws:iam::111122223333:user/alice","arn:aws:iam::111122223333:role/path/app"]}""")]
    [InlineData("""{"AWS":"arn:aws:sts::111122223333:assumed-role/app/session-1"}""")]
    [InlineData("""{"Service":"sns.amazonaws.com"}""")]
    [InlineData("""{"Service":["sns.amazonaws.com","events.amazonaws.com"]}""")]
    [InlineData("""{"Federated":"cognito-identity.amazonaws.com"}""")]
    [InlineData("""{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}""")]
    [InlineData("""{"AWS":"111122223333","Service":"sns.amazonaws.com"}""")]
    public void Parse_EveryPrincipalForm_Succeeds(string principal)
    {
        var document = Resource($$$"""{"Statement":{"Effect":"Allow","Principal":{{{principal}}},"Action":"sqs:SendMessage","Resource":"*"}}""");

        Assert.NotNull(document.Statements[0].Principal);
    }

    [Theory]
    [InlineData("\"arn:aws:iam::111122223333:user/alice\"", PolicyErrorCodes.InvalidPrincipalFormat, "Statement.Principal")]
    [InlineData("""{"AWS":"alice"}""", PolicyErrorCodes.InvalidPrincipalFormat, "Statement.Principal.AWS")]
    [InlineData("""{"AWS":"11112222333"}""", PolicyErrorCodes.InvalidPrincipalFormat, "Statement.Principal.AWS")]
    [InlineData("""{"AWS":"arn:aws:s3:::bucket"}""", PolicyErrorCodes.InvalidPrincipalFormat, "Statement.Principal.AWS")]
    [InlineData("""{"AWS":["111122223333","arn:aws:iam::*:user/alice"]}""", PolicyErrorCodes.UnsupportedWildcardInPrincipal, "Statement.Principal.AWS[1]")]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:user/a?ice"}""", PolicyErrorCodes.UnsupportedWildcardInPrincipal, "Statement.Principal.AWS")]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:user/${aws:username}"}""", PolicyErrorCodes.VariableUnsupportedInElement, "Statement.Principal.AWS")]
    [InlineData("""{"Service":"*"}""", PolicyErrorCodes.UnsupportedWildcardInPrincipal, "Statement.Principal.Service")]
    [InlineData("""{"Service":"sns"}""", PolicyErrorCodes.InvalidServicePrincipalFormat, "Statement.Principal.Service")]
    [InlineData("""{"aws":"111122223333"}""", PolicyErrorCodes.InvalidPrincipalKey, "Statement.Principal.aws")]
    [InlineData("""{"Group":"admins"}""", PolicyErrorCodes.InvalidPrincipalKey, "Statement.Principal.Group")]
    [InlineData("{}", PolicyErrorCodes.MissingPrincipal, "Statement.Principal")]
    [InlineData("""{"AWS":[]}""", PolicyErrorCodes.MissingPrincipal, "Statement.Principal.AWS")]
    [InlineData("""{"AWS":5}""", PolicyErrorCodes.InvalidElementType, "Statement.Principal.AWS")]
    [InlineData("[\"*\"]", PolicyErrorCodes.InvalidElementType, "Statement.Principal")]
    public void Parse_BadPrincipal_ReportsPrincipalError(string principal, string code, string path)
    {
        var error = Error($$$"""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{{{principal}}},"Action":"sqs:SendMessage","Resource":"*"}}""", PolicyKind.Resource);

        Assert.Equal(code, error.Code);
        Assert.Equal(path, error.Path);
    }

    [Theory]
    [InlineData("StringEquals")]
    [InlineData("StringNotEqualsIgnoreCase")]
    [InlineData("StringLikeIfExists")]
    [InlineData("ForAllValues:StringLike")]
    [InlineData("ForAnyValue:StringNotEqualsIfExists")]
    [InlineData("NumericGreaterThanEquals")]
    [InlineData("DateLessThanEqualsIfExists")]
    [InlineData("Bool")]
    [InlineData("BinaryEquals")]
    [InlineData("NotIpAddress")]
    [InlineData("ArnNotLike")]
    [InlineData("Null")]
    [InlineData("ForAllValues:Null")]
    public void Parse_KnownConditionOperator_Succeeds(string op)
    {
        var value = op switch
        {
            _ when op.Contains("Numeric", StringComparison.Ordinal) => "5",
            _ when op.Contains("Date", StringComparison.Ordinal) => "2024-01-01T00:00:00Z",
            _ when op.Contains("Bool", StringComparison.Ordinal) || op.Contains("Null", StringComparison.Ordinal) => "true",
            _ when op.Contains("Binary", StringComparison.Ordinal) => "QmluYXJ5",
            _ when op.Contains("Ip", StringComparison.Ordinal) => "10.0.0.0/8",
            _ when op.Contains("Arn", StringComparison.Ordinal) => "arn:aws:sns:*:111122223333:topic",
            _ => "x",
        };

        var policy = Statement(condition: $$$"""{"{{{op}}}":{"aws:Key":"{{{value}}}"}}""");

        Assert.Equal("aws:Key", Assert.Single(Assert.Single(policy.Statements).Conditions).Key);
    }

    [Theory]
    [InlineData("StringEqualz", PolicyErrorCodes.InvalidConditionOperator)]
    [InlineData("stringEquals", PolicyErrorCodes.InvalidConditionOperator)]
    [InlineData("StringEqualsIfexists", PolicyErrorCodes.InvalidConditionOperator)]
    [InlineData("IfExists", PolicyErrorCodes.InvalidConditionOperator)]
    [InlineData("ForEachValue:StringEquals", PolicyErrorCodes.InvalidConditionOperator)]
    [InlineData("forallvalues:StringEquals", PolicyErrorCodes.InvalidConditionOperator)]
    [InlineData("NullIfExists", PolicyErrorCodes.NullWithIfExists)]
    public void Parse_BadConditionOperator_ReportsOperatorError(string op, string code)
    {
        var error = Error(ConditionDocument(op, "aws:username", "\"true\""));

        Assert.Equal(code, error.Code);
        Assert.Equal($"Statement.Condition.{op}", error.Path);
    }

    [Theory]
    [InlineData("username")]
    [InlineData(":username")]
    [InlineData("aws:")]
    [InlineData("a ws:username")]
    public void Parse_MalformedConditionKey_ReportsInvalidConditionKeyFormat(string key)
    {
        Assert.Equal(PolicyErrorCodes.InvalidConditionKeyFormat, Error(ConditionDocument("StringEquals", key, "\"x\"")).Code);
    }

    [Theory]
    [InlineData("NumericEquals", "\"ten\"")]
    [InlineData("NumericLessThan", "\"1,000\"")]
    [InlineData("NumericLessThan", "\"1e999999\"")]
    [InlineData("DateLessThan", "\"tomorrow\"")]
    [InlineData("DateLessThan", "\"2024-13-01\"")]
    [InlineData("DateLessThan", "\"99999999999999\"")]
    [InlineData("Bool", "\"yes\"")]
    [InlineData("Null", "\"maybe\"")]
    [InlineData("BinaryEquals", "\"not base64!\"")]
    [InlineData("BinaryEquals", "\"\"")]
    [InlineData("IpAddress", "\"10.1\"")]
    [InlineData("IpAddress", "\"10.0.0.0/33\"")]
    [InlineData("IpAddress", "\"010.0.0.1\"")]
    [InlineData("IpAddress", "\"256.0.0.1\"")]
    [InlineData("IpAddress", "\"fe80::1%eth0\"")]
    [InlineData("IpAddress", "\"2001:db8::/129\"")]
    [InlineData("IpAddress", "\"10.0.0.0/\"")]
    [InlineData("ArnLike", "\"sns-topic\"")]
    public void Parse_ValueOfWrongTypeForOperator_ReportsDataTypeMismatch(string op, string value)
    {
        var error = Error(ConditionDocument(op, "aws:Key", value));

        Assert.Equal(PolicyErrorCodes.DataTypeMismatch, error.Code);
        Assert.Equal("Statement.Condition." + op + ".aws:Key", error.Path);
    }

    [Theory]
    [InlineData("NumericEquals", "5")]
    [InlineData("NumericEquals", "-2.5")]
    [InlineData("Bool", "false")]
    [InlineData("Bool", "\"True\"")]
    [InlineData("DateGreaterThan", "1700000000")]
    [InlineData("StringEquals", "[]")]
    [InlineData("StringEquals", "[\"a\", 1, true]")]
    public void Parse_ConditionValueAsJsonScalarOrArray_Succeeds(string op, string value)
    {
        var policy = Identity(ConditionDocument(op, "aws:Key", value));

        Assert.Equal("aws:Key", Assert.Single(Assert.Single(policy.Statements).Conditions).Key);
    }

    [Theory]
    [InlineData("${aws:username", PolicyErrorCodes.MissingBraceInVariable)]
    [InlineData("${aws:username, 'x'", PolicyErrorCodes.MissingBraceInVariable)]
    [InlineData("${}", PolicyErrorCodes.EmptyVariable)]
    [InlineData("${aws: username}", PolicyErrorCodes.UnsupportedSpaceInVariable)]
    [InlineData("${aws:username, x}", PolicyErrorCodes.MissingQuoteInVariable)]
    [InlineData("${aws:username, 'x}", PolicyErrorCodes.MissingQuoteInVariable)]
    public void Parse_MalformedVariable_ReportsVariableError(string value, string code)
    {
        Assert.Equal(code, Error(ConditionDocument("StringEquals", "aws:Key", $"\"{value}\"")).Code);
        Assert.Equal(code, Error($$$"""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"arn:aws:sqs:*:*:{{{value}}}"}}""").Code);
    }

    [Theory]
    [InlineData("NumericEquals")]
    [InlineData("DateEquals")]
    [InlineData("IpAddress")]
    [InlineData("BinaryEquals")]
    [InlineData("Null")]
    public void Parse_VariableWithOperatorThatTakesNone_ReportsInvalidVariableForOperator(string op)
    {
        Assert.Equal(PolicyErrorCodes.InvalidVariableForOperator, Error(ConditionDocument(op, "aws:Key", "\"${aws:username}\"")).Code);
    }

    [Fact]
    public void Parse_VariableInAction_ReportsVariableUnsupportedInElement()
    {
        var error = Error("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:${aws:username}","Resource":"*"}}""");

        Assert.Equal(PolicyErrorCodes.VariableUnsupportedInElement, error.Code);
    }

    [Fact]
    public void Parse_MalformedVariableUnderLegacyVersion_IsLiteralText()
    {
        var condition = """{"StringEquals":{"aws:Key":"${aws:username"}}""";

        Assert.True(ConditionHolds(condition, Context("aws:Key", "${aws:username"), version: "2008-10-17"));
        Assert.False(ConditionHolds(condition, Context("aws:Key", "alice"), version: "2008-10-17"));
    }

    [Fact]
    public void Parse_VariablesWithDefaultsAndEscapes_Succeed()
    {
        var condition = """{"StringLike":{"aws:Key":["${aws:PrincipalTag/team, 'company-wide'}", "${*}${?}${$}", "${aws:username,'x'}"]}}""";

        Assert.True(ConditionHolds(condition, Context("aws:Key", "company-wide")));
        Assert.True(ConditionHolds(condition, Context("aws:Key", "*?$")));
        Assert.False(ConditionHolds(condition, Context("aws:Key", "*x$")));
    }

    private static string ConditionDocument(string op, string key, string value, string version = "2012-10-17") =>
        $$"""{"Version":"{{version}}","Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*","Condition":{"{{op}}":{"{{key}}":{{value}}""" + "}}}}";
}

using SecureQueue.Policies.Cases;
using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Evaluation;

namespace SecureQueue.Policies.Tests.Cases;

public sealed class PolicyCaseFileTests
{
    private const string Valid = """
        { "name": "producer sends", "principal": "arn:aws:iam::111122223333:user/p", "action": "sqs:SendMessage",
          "resource": "arn:aws:sqs:us-east-1:111122223333:orders", "expect": "allowed" }
        """;

    [Fact]
    public void Parse_EveryField_ReadsThem()
    {
        var result = PolicyCaseFile.Parse("""
            [
              {
                "name": "full",
                "description": "every field",
                "principal": "arn:aws:iam::111122223333:user/p",
                "action": "SQS:sendmessage",
                "resource": "arn:aws:sqs:us-east-1:111122223333:orders",
                "context": { "aws:SecureTransport": true, "aws:TagKeys": ["a", "b"], "aws:EpochTime": 1700000000 },
                "identityPolicies": ["identities/p.json"],
                "queuePolicy": "queues/orders.json",
                "guardrails": [],
                "expect": "explicitDeny",
                "expectMatchedSid": "DenyNonTls"
              }
            ]
            """, "p.cases.json");

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        var c = Assert.Single(result.Cases);
        Assert.Equal(("full", "SQS:sendmessage", DecisionOutcome.ExplicitDeny, "DenyNonTls"), (c.Name, c.Action, c.Expect, c.ExpectMatchedSid));
        Assert.Equal(["identities/p.json"], c.IdentityPolicies);
        Assert.Equal("queues/orders.json", c.QueuePolicy);
        Assert.Empty(c.Guardrails!);
        Assert.True(c.Context.TryGetValues("aws:tagkeys", out var keys));
        Assert.Equal(["a", "b"], keys);
        Assert.True(c.Context.TryGetValues("aws:SecureTransport", out var secure));
        Assert.Equal(["true"], secure);
        Assert.True(c.Context.TryGetValues("aws:EpochTime", out var epoch));
        Assert.Equal(["1700000000"], epoch);
        Assert.Equal(("p.cases.json", 2, 3), (c.Source, c.Line, c.Column));
    }

    [Fact]
    public void Parse_OptionalFieldsAbsent_DefaultGuardrailsAndEmptyLists()
    {
        var c = Assert.Single(PolicyCaseFile.Parse($"[{Valid}]", "p.cases.json").Cases);

        Assert.Null(c.Guardrails);
        Assert.Empty(c.IdentityPolicies);
        Assert.Null(c.QueuePolicy);
        Assert.Empty(c.Context.Keys);
    }

    [Theory]
    [InlineData("", PolicyCaseCodes.InvalidCaseFile)]
    [InlineData("[]", PolicyCaseCodes.InvalidCaseFile)]
    [InlineData("""{"name":"x"}""", PolicyCaseCodes.InvalidCaseFile)]
    [InlineData("[1]", PolicyCaseCodes.InvalidFieldType)]
    [InlineData("[{\"name\": \"x\",}]", PolicyErrorCodes.JsonSyntaxError)]
    [InlineData("""[{"name":"a","name":"b"}]""", PolicyErrorCodes.DuplicateKey)]
    public void Parse_BadFileShape_ReportsCode(string json, string code) =>
        Assert.Contains(PolicyCaseFile.Parse(json, "p.cases.json").Errors, e => e.Code == code);

    [Theory]
    [InlineData("name")]
    [InlineData("principal")]
    [InlineData("action")]
    [InlineData("resource")]
    [InlineData("expect")]
    public void Parse_RequiredFieldMissing_ReportsMissingField(string field)
    {
        var json = Valid.Replace($"\"{field}\":", "\"unused\":", StringComparison.Ordinal).Replace("\"unused\":", "\"description\":", StringComparison.Ordinal);

        var result = PolicyCaseFile.Parse($"[{json}]", "p.cases.json");

        var error = Assert.Single(result.Errors);
        Assert.Equal(PolicyCaseCodes.MissingField, error.Code);
        Assert.Contains($"\"{field}\"", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Cases);
    }

    [Theory]
    [InlineData("\"expected\": \"allowed\"", PolicyCaseCodes.UnknownField, "[0].expected")]
    [InlineData("\"queuePolicy\": 3", PolicyCaseCodes.InvalidFieldType, "[0].queuePolicy")]
    [InlineData("\"queuePolicy\": \" \"", PolicyCaseCodes.MissingField, "[0].queuePolicy")]
    [InlineData("\"identityPolicies\": [1]", PolicyErrorCodes.InvalidElementType, "[0].identityPolicies[0]")]
    [InlineData("\"guardrails\": [\"\"]", PolicyCaseCodes.MissingField, "[0].guardrails[0]")]
    [InlineData("\"context\": []", PolicyCaseCodes.InvalidFieldType, "[0].context")]
    [InlineData("\"context\": {\"aws:SourceIp\": []}", PolicyCaseCodes.InvalidValue, "[0].context.aws:SourceIp")]
    [InlineData("\"context\": {\"aws:SourceIp\": {\"a\": 1}}", PolicyCaseCodes.InvalidValue, "[0].context.aws:SourceIp")]
    [InlineData("\"context\": {\"SourceIp\": \"10.0.0.1\"}", PolicyCaseCodes.InvalidValue, "[0].context.SourceIp")]
    [InlineData("\"context\": {\"aws:SourceIp\": \"10.0.0.1\", \"AWS:sourceip\": \"10.0.0.2\"}", PolicyCaseCodes.DuplicateContextKey, "[0].context.AWS:sourceip")]
    [InlineData("\"expectMatchedSid\": 7", PolicyCaseCodes.InvalidFieldType, "[0].expectMatchedSid")]
    public void Parse_BadField_ReportsCodeAndPath(string field, string code, string path)
    {
        var result = PolicyCaseFile.Parse($"[{Valid.TrimEnd()[..^1]}, {field} }}]", "p.cases.json");

        var error = Assert.Single(result.Errors);
        Assert.Equal((code, path), (error.Code, error.Path));
        Assert.Empty(result.Cases);
    }

    [Theory]
    [InlineData("Allowed")]
    [InlineData("deny")]
    public void Parse_UnknownExpectation_ReportsInvalidValue(string expect)
    {
        var error = Assert.Single(PolicyCaseFile.Parse($"[{Valid.Replace("\"allowed\"", $"\"{expect}\"", StringComparison.Ordinal)}]", "p.cases.json").Errors);

        Assert.Equal((PolicyCaseCodes.InvalidValue, "[0].expect"), (error.Code, error.Path));
    }

    [Theory]
    [InlineData("sqs:SendMesage", "did you mean sqs:SendMessage?")]
    [InlineData("sqs:SendMessageBatch", "is authorized by sqs:SendMessage.")]
    [InlineData("sqs:*", "is not an action the gateway authorizes.")]
    [InlineData("s3:GetObject", "is not an action the gateway authorizes.")]
    public void Parse_UnknownAction_ReportsUnknownActionWithHint(string action, string hint)
    {
        // A misspelt action would never be allowed, so every deny expectation about it would pass vacuously.
        var error = Assert.Single(PolicyCaseFile.Parse($"[{Valid.Replace("sqs:SendMessage", action, StringComparison.Ordinal)}]", "p.cases.json").Errors);

        Assert.Equal(PolicyCaseCodes.UnknownAction, error.Code);
        Assert.EndsWith(hint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MatchedSidWithImplicitDeny_ReportsImpossibleExpectation()
    {
        var json = Valid.Replace("\"allowed\"", "\"implicitDeny\", \"expectMatchedSid\": \"S\"", StringComparison.Ordinal);

        Assert.Equal(PolicyCaseCodes.ImpossibleExpectation, Assert.Single(PolicyCaseFile.Parse($"[{json}]", "p.cases.json").Errors).Code);
    }

    [Fact]
    public void Parse_DuplicateName_ReportedAndFirstCaseKept()
    {
        var result = PolicyCaseFile.Parse($"[{Valid},{Valid}]", "p.cases.json");

        var error = Assert.Single(result.Errors);
        Assert.Equal((PolicyCaseCodes.DuplicateName, "[1].name"), (error.Code, error.Path));
        Assert.Single(result.Cases);
    }

    [Fact]
    public void Parse_OneBadCase_KeepsTheOthersAndReportsEveryError()
    {
        var bad = """{ "name": "bad", "principal": 1, "action": "sqs:Nope", "resource": "*", "expect": "maybe", "extra": true }""";
        var good = Valid.Replace("producer sends", "second", StringComparison.Ordinal);

        var result = PolicyCaseFile.Parse($"[{Valid},\n{bad},\n{good}]", "p.cases.json");

        Assert.Equal(["producer sends", "second"], result.Cases.Select(c => c.Name));
        Assert.Equal(
            [PolicyCaseCodes.InvalidFieldType, PolicyCaseCodes.UnknownAction, PolicyCaseCodes.InvalidValue, PolicyCaseCodes.UnknownField],
            result.Errors.Select(e => e.Code));
        Assert.All(result.Errors, e => Assert.Equal(3, e.Line));
        Assert.Equal(result.Errors.OrderBy(e => e.Column), result.Errors);
    }
}

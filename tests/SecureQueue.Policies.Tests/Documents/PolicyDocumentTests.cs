using SecureQueue.Policies.Documents;
using static SecureQueue.Policies.Tests.TestPolicies;

namespace SecureQueue.Policies.Tests.Documents;

public sealed partial class PolicyDocumentTests
{
    [Fact]
    public void Parse_ValidIdentityPolicy_ReturnsCompiledDocument()
    {
        var result = PolicyDocument.Parse("""
            {
              "Version": "2012-10-17",
              "Statement": [
                { "Sid": "Send", "Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:Get*"], "Resource": "arn:aws:sqs:*:111122223333:orders" }
              ]
            }
            """, "policies/app.json", PolicyKind.Identity);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Errors);
        var document = result.Document!;
        Assert.Equal("policies/app.json", document.Source);
        Assert.Equal(PolicyKind.Identity, document.Kind);
        Assert.Equal("2012-10-17", document.Version);
        Assert.Null(document.Id);
        Assert.Single(document.Statements);
        Assert.Equal((4, 5), (document.Statements[0].Line, document.Statements[0].Column));
    }

    [Fact]
    public void Parse_StatementAsSingleObject_CompilesOneStatement()
    {
        var document = Identity("""{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}""");

        var statement = Assert.Single(document.Statements);
        Assert.Equal(PolicyEffect.Deny, statement.Effect);
        Assert.Equal(0, statement.Index);
    }

    [Fact]
    public void Parse_MissingVersion_SucceedsWithNullVersion()
    {
        var document = Identity("""{"Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*"}}""");

        Assert.Null(document.Version);
    }

    [Fact]
    public void Parse_LegacyVersion_Succeeds()
    {
        Assert.Equal("2008-10-17", Identity("""{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*"}}""").Version);
    }

    [Theory]
    [InlineData("\"2012-10-18\"", PolicyErrorCodes.InvalidVersion)]
    [InlineData("\"2012-10-17 \"", PolicyErrorCodes.InvalidVersion)]
    [InlineData("20121017", PolicyErrorCodes.InvalidElementType)]
    public void Parse_BadVersion_ReportsVersionError(string version, string code)
    {
        var error = Error($$$"""{"Version":{{{version}}},"Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*"}}""");

        Assert.Equal(code, error.Code);
        Assert.Equal((1, 12), (error.Line, error.Column));
        Assert.Equal("Version", error.Path);
        Assert.Equal("bad.json", error.Source);
    }

    [Theory]
    [InlineData("\"allow\"")]
    [InlineData("\"ALLOW\"")]
    [InlineData("\"Permit\"")]
    [InlineData("\" Allow\"")]
    public void Parse_EffectNotExactlyAllowOrDeny_ReportsInvalidEffect(string effect)
    {
        var error = Error($$$"""{"Statement":{"Effect":{{{effect}}},"Action":"sqs:*","Resource":"*"}}""");

        Assert.Equal(PolicyErrorCodes.InvalidEffect, error.Code);
        Assert.Equal("Statement.Effect", error.Path);
    }

    [Fact]
    public void Parse_MissingEffect_ReportsMissingEffectAtStatement()
    {
        var error = Error("""{"Statement":[{"Action":"sqs:*","Resource":"*"}]}""");

        Assert.Equal(PolicyErrorCodes.MissingEffect, error.Code);
        Assert.Equal((1, 15), (error.Line, error.Column));
        Assert.Equal("Statement[0]", error.Path);
    }

    [Theory]
    [InlineData("""{"Version":"2012-10-17"}""", PolicyErrorCodes.MissingStatement)]
    [InlineData("""{"Statement":[]}""", PolicyErrorCodes.MissingStatement)]
    [InlineData("""{"Statement":"Allow"}""", PolicyErrorCodes.InvalidElementType)]
    [InlineData("""{"Statement":[1]}""", PolicyErrorCodes.InvalidElementType)]
    [InlineData("""[{"Effect":"Allow"}]""", PolicyErrorCodes.InvalidElementType)]
    [InlineData("\"policy\"", PolicyErrorCodes.InvalidElementType)]
    [InlineData("42", PolicyErrorCodes.InvalidElementType)]
    [InlineData("null", PolicyErrorCodes.InvalidElementType)]
    public void Parse_BadDocumentShape_ReportsStructuralError(string json, string code)
    {
        Assert.Equal(code, Error(json).Code);
    }

    [Theory]
    [InlineData("""{"version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*"}}""", "version")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*","condition":{}}}""", "Statement.condition")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*","Principals":"*"}}""", "Statement.Principals")]
    public void Parse_UnknownOrMiscasedElement_ReportsInvalidPolicyElement(string json, string path)
    {
        var error = Error(json);

        Assert.Equal(PolicyErrorCodes.InvalidPolicyElement, error.Code);
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Parse_IdInIdentityPolicy_ReportsUnsupportedElement()
    {
        var error = Error("""{"Id":"x","Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*"}}""");

        Assert.Equal(PolicyErrorCodes.UnsupportedElement, error.Code);
        Assert.Equal("Id", error.Path);
    }

    [Fact]
    public void Parse_IdInResourcePolicy_IsKept()
    {
        var document = Resource("""{"Id":"Queue1_Policy","Statement":{"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"*"}}""");

        Assert.Equal("Queue1_Policy", document.Id);
    }

    [Theory]
    [InlineData("Principal", PolicyKind.Identity)]
    [InlineData("NotPrincipal", PolicyKind.Identity)]
    [InlineData("Principal", PolicyKind.Guardrail)]
    public void Parse_PrincipalOutsideResourcePolicy_ReportsUnsupportedElement(string element, PolicyKind kind)
    {
        var error = Error($$$"""{"Statement":{"Effect":"Deny","{{{element}}}":"*","Action":"sqs:*","Resource":"*"}}""", kind);

        Assert.Equal(PolicyErrorCodes.UnsupportedElement, error.Code);
        Assert.Equal($"Statement.{element}", error.Path);
    }

    [Fact]
    public void Parse_ResourcePolicyWithoutPrincipal_ReportsMissingPrincipal()
    {
        var error = Error("""{"Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*"}}""", PolicyKind.Resource);

        Assert.Equal(PolicyErrorCodes.MissingPrincipal, error.Code);
    }

    [Fact]
    public void Parse_AllowInGuardrail_ReportsAllowInGuardrail()
    {
        var error = Error("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""", PolicyKind.Guardrail);

        Assert.Equal(PolicyErrorCodes.AllowInGuardrail, error.Code);
    }

    [Theory]
    [InlineData("\"Action\":\"sqs:*\",\"NotAction\":\"sqs:Get*\",\"Resource\":\"*\"", "Statement.NotAction")]
    [InlineData("\"Action\":\"sqs:*\",\"Resource\":\"*\",\"NotResource\":\"*\"", "Statement.NotResource")]
    public void Parse_ElementWithItsNotForm_ReportsUnsupportedElementCombination(string elements, string path)
    {
        var error = Error($$$"""{"Statement":{"Effect":"Allow",{{{elements}}}}}""");

        Assert.Equal(PolicyErrorCodes.UnsupportedElementCombination, error.Code);
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Parse_PrincipalAndNotPrincipal_ReportsUnsupportedElementCombination()
    {
        var error = Error("""{"Statement":{"Effect":"Deny","Principal":"*","NotPrincipal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}}""", PolicyKind.Resource);

        Assert.Equal(PolicyErrorCodes.UnsupportedElementCombination, error.Code);
    }

    [Theory]
    [InlineData("\"Resource\":\"*\"", PolicyErrorCodes.MissingAction)]
    [InlineData("\"Action\":[],\"Resource\":\"*\"", PolicyErrorCodes.MissingAction)]
    [InlineData("\"NotAction\":[],\"Resource\":\"*\"", PolicyErrorCodes.MissingAction)]
    [InlineData("\"Action\":\"sqs:*\"", PolicyErrorCodes.MissingResource)]
    [InlineData("\"Action\":\"sqs:*\",\"NotResource\":[]", PolicyErrorCodes.MissingResource)]
    [InlineData("\"Action\":5,\"Resource\":\"*\"", PolicyErrorCodes.InvalidElementType)]
    [InlineData("\"Action\":[\"sqs:*\",null],\"Resource\":\"*\"", PolicyErrorCodes.InvalidElementType)]
    [InlineData("\"Action\":\"sqs:*\",\"Resource\":{\"arn\":\"*\"}", PolicyErrorCodes.InvalidElementType)]
    public void Parse_MissingOrEmptyActionOrResource_ReportsError(string elements, string code)
    {
        Assert.Equal(code, Error($$$"""{"Statement":{"Effect":"Allow",{{{elements}}}}}""").Code);
    }

    [Theory]
    [InlineData("sqs")]
    [InlineData("sqs:")]
    [InlineData(":SendMessage")]
    [InlineData("sqs:Send Message")]
    [InlineData("sqs:Send:Message")]
    [InlineData("")]
    public void Parse_MalformedAction_ReportsInvalidAction(string action)
    {
        var error = Error($$$"""{"Statement":{"Effect":"Allow","Action":["sqs:SendMessage","{{{action}}}"],"Resource":"*"}}""");

        Assert.Equal(PolicyErrorCodes.InvalidAction, error.Code);
        Assert.Equal("Statement.Action[1]", error.Path);
    }

    [Theory]
    [InlineData("*", "sqs:SendMessage")]
    [InlineData("sqs:*", "sqs:DeleteQueue")]
    [InlineData("SQS:sendmessage", "sqs:SendMessage")]
    [InlineData("s?s:Send*", "sqs:SendMessageBatch")]
    [InlineData("execute-api:Invoke", "execute-api:Invoke")]
    public void Parse_WellFormedAction_AllowsWhatItNames(string action, string allowed)
    {
        var policy = Statement(action: $"\"{action}\"");

        Assert.True(Evaluate(Request(action: allowed), [policy]).IsAllowed);
    }

    [Theory]
    [InlineData("orders", PolicyErrorCodes.InvalidArn)]
    [InlineData("ARN:aws:sqs:us-east-1:111122223333:orders", PolicyErrorCodes.InvalidArn)]
    [InlineData("arn:aws", PolicyErrorCodes.InvalidArn)]
    [InlineData("arn:aws:s*s:us-east-1:111122223333:orders", PolicyErrorCodes.InvalidArn)]
    [InlineData("arn:aws::us-east-1:111122223333:orders", PolicyErrorCodes.InvalidArn)]
    [InlineData("arn:aws:sqs:us-east-1:111122223333", PolicyErrorCodes.MissingArnField)]
    [InlineData("arn:aws:sqs:*:orders", PolicyErrorCodes.MissingArnField)]
    public void Parse_MalformedResource_ReportsArnError(string resource, string code)
    {
        var error = Error($$$"""{"Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"{{{resource}}}"}}""");

        Assert.Equal(code, error.Code);
        Assert.Equal("Statement.Resource", error.Path);
    }

    [Theory]
    [InlineData("Send_1", PolicyKind.Identity, PolicyErrorCodes.InvalidSid)]
    [InlineData("Send 1", PolicyKind.Resource, PolicyErrorCodes.InvalidSid)]
    public void Parse_SidWithDisallowedCharacters_ReportsInvalidSid(string sid, PolicyKind kind, string code)
    {
        var principal = kind == PolicyKind.Resource ? "\"Principal\":\"*\"," : "";
        Assert.Equal(code, Error($$$"""{"Statement":{"Sid":"{{{sid}}}","Effect":"Allow",{{{principal}}}"Action":"sqs:*","Resource":"*"}}""", kind).Code);
    }

    [Fact]
    public void Parse_SqsLabelSidInQueuePolicy_Succeeds()
    {
        var document = Resource("""{"Statement":{"Sid":"Queue1_Send-Receive","Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"*"}}""");

        Assert.Equal("Queue1_Send-Receive", document.Statements[0].Sid);
    }

    [Fact]
    public void Parse_DuplicateSids_ReportsUniqueSidsRequiredOnSecond()
    {
        var error = Error("""
            {"Statement":[
              {"Sid":"A","Effect":"Allow","Action":"sqs:*","Resource":"*"},
              {"Sid":"A","Effect":"Deny","Action":"sqs:*","Resource":"*"}]}
            """);

        Assert.Equal(PolicyErrorCodes.UniqueSidsRequired, error.Code);
        Assert.Equal((3, 10), (error.Line, error.Column));
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEveryErrorInOnePass()
    {
        var errors = Errors("""
            {
              "Version": "2012-10-17",
              "Extra": 1,
              "Statement": [
                { "Effect": "allow", "Action": "sqs", "Resource": "*" },
                { "Effect": "Deny", "Action": "sqs:*", "Resource": "queue",
                  "Condition": { "StringEqualz": { "aws:username": "a" }, "NumericLessThan": { "sq:MessageSizeBytes": "ten" } } }
              ]
            }
            """);

        Assert.Equal(
            [
                (PolicyErrorCodes.InvalidPolicyElement, 3, 3),
                (PolicyErrorCodes.InvalidEffect, 5, 17),
                (PolicyErrorCodes.InvalidAction, 5, 36),
                (PolicyErrorCodes.InvalidArn, 6, 56),
                (PolicyErrorCodes.InvalidConditionOperator, 7, 22),
                (PolicyErrorCodes.DataTypeMismatch, 7, 107),
            ],
            errors.Select(e => (e.Code, e.Line, e.Column)));
    }

    [Fact]
    public void ToString_Error_UsesCompilerFormat()
    {
        var error = Error("""{"Statement":{"Effect":"Allow","Action":"sqs:*"}}""");

        Assert.Equal("bad.json(1,14): MISSING_RESOURCE: The statement has no Resource or NotResource.", error.ToString());
    }
}

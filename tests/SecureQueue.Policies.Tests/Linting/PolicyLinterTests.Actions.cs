using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Linting;
using static SecureQueue.Policies.Tests.Linting.LintTestPolicies;

namespace SecureQueue.Policies.Tests.Linting;

/// <summary>Rules about actions, condition keys and the document as a whole.</summary>
public sealed partial class PolicyLinterTests
{
    [Theory]
    [InlineData("sqs:SendMesage", "did you mean sqs:SendMessage?")]
    [InlineData("sqs:SendMessageBatch", "sqs:SendMessageBatch is authorized by sqs:SendMessage.")]
    [InlineData("sqs:DeleteMessageBatch", "is authorized by sqs:DeleteMessage.")]
    [InlineData("sqs:Frobnicate*", "never matches a request.")]
    [InlineData("execute-api:Invok", "did you mean execute-api:Invoke?")]
    [InlineData("cloudtrail:LookupEvent", "did you mean cloudtrail:LookupEvents?")]
    public void UnknownAction_Reported(string action, string hint)
    {
        var finding = Finding(Document(Allow(action)), LintCodes.UnknownAction);

        Assert.Equal(FindingType.Error, finding.Type);
        Assert.EndsWith(hint, finding.Message, StringComparison.Ordinal);
        Assert.Equal("Statement[0].Action", finding.Path);
    }

    [Fact]
    public void UnknownAction_InNotActionOfDeny_Reported()
    {
        // A typo in a Deny's NotAction excludes nothing, so the Deny covers the action the author meant to exempt.
        var json = Document("""{"Effect":"Deny","NotAction":["sqs:GetQueueUrl","sqs:GetQueueUlr"],"Resource":"*"}""");

        Assert.Equal("Statement[0].NotAction[1]", Finding(json, LintCodes.UnknownAction).Path);
    }

    [Theory]
    [InlineData("sqs:sendmessage")]
    [InlineData("SQS:SendMessage")]
    [InlineData("sqs:Send*")]
    [InlineData("sqs:?etQueueUrl")]
    [InlineData("*")]
    [InlineData("execute-api:Invoke")]
    [InlineData("cloudtrail:LookupEvents")]
    [InlineData("cloudtrail:Lookup*")]
    public void UnknownAction_KnownNameOrMatchingPattern_NotReported(string action) =>
        NoFinding(Document(Allow(action)), LintCodes.UnknownAction);

    [Fact]
    public void UnsupportedService_Reported()
    {
        var finding = Finding(Document(Allow("""["sqs:SendMessage","s3:GetObject"]""")), LintCodes.UnsupportedServiceInAction);

        Assert.Equal((FindingType.Warning, "Statement[0].Action[1]"), (finding.Type, finding.Path));
    }

    [Theory]
    [InlineData("sts:GetCallerIdentity", "Allow")]
    [InlineData("STS:getcalleridentity", "Deny")]
    [InlineData("sts:*", "Deny")]
    [InlineData("sts:GetCaller*", "Allow")]
    public void NoPermissionAction_ReportedAsHavingNoEffect(string action, string effect)
    {
        var document = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"{{effect}}","Action":"{{action}}","Resource":"*"}]}""";

        var finding = Finding(document, LintCodes.ActionNeedsNoPermission);

        Assert.Equal((FindingType.Warning, "Statement[0].Action"), (finding.Type, finding.Path));
        Assert.Contains("needs no permission", finding.Message, StringComparison.Ordinal);
        NoFinding(document, LintCodes.UnsupportedServiceInAction);
    }

    [Fact]
    public void NoPermissionAction_OtherStsAction_StillAnUnservedService()
    {
        var document = Document(Allow("sts:AssumeRole"));

        NoFinding(document, LintCodes.ActionNeedsNoPermission);
        Finding(document, LintCodes.UnsupportedServiceInAction);
    }

    // KmsMasterKeyId makes the gateway authorize these two on the key's ARN.
    [Theory]
    [InlineData("kms:GenerateDataKey")]
    [InlineData("kms:Decrypt")]
    [InlineData("KMS:decrypt")]
    public void UnknownAction_KmsActionTheGatewayAuthorizes_NotReported(string action)
    {
        var document = Document(Allow(action));

        NoFinding(document, LintCodes.UnknownAction);
        NoFinding(document, LintCodes.UnsupportedServiceInAction);
    }

    [Fact]
    public void UnknownAction_MisspelledKmsAction_ReportedWithHint()
    {
        var finding = Finding(Document(Allow("kms:GenerateDataKeys")), LintCodes.UnknownAction);

        Assert.Contains("did you mean kms:GenerateDataKey?", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedService_ServedService_NotReported() =>
        NoFinding(Document(Allow("""["sqs:SendMessage","execute-api:Invoke"]""")), LintCodes.UnsupportedServiceInAction);

    [Theory]
    [InlineData("aws:Foo")]
    [InlineData("sqs:MessageGroupId")]
    [InlineData("sq:AuthMethod")]
    [InlineData("aws:PrincipalTag/")]
    [InlineData("aws:SourceIpAddress")]
    [InlineData("execute-api:RequestHeader/")]
    public void UnknownConditionKey_Reported(string key)
    {
        var finding = Finding(Document(Allow("sqs:SendMessage", condition: Condition("StringEquals", key, "\"x\""))), LintCodes.UnknownConditionKey);

        Assert.Equal((FindingType.Error, $"Statement[0].Condition.StringEquals.{key}"), (finding.Type, finding.Path));
    }

    [Theory]
    [InlineData("aws:sourceip", "IpAddress", "10.0.0.0/8")]
    [InlineData("aws:ResourceTag/team", "StringEquals", "orders")]
    [InlineData("aws:RequestTag/cost-center", "StringEquals", "42")]
    [InlineData("aws:TagKeys", "ForAnyValue:StringEquals", "team")]
    [InlineData("aws:RequestedRegion", "StringEquals", "us-east-1")]
    [InlineData("aws:CurrentTime", "DateLessThan", "2030-01-01T00:00:00Z")]
    [InlineData("execute-api:RequestHeader/x-team", "StringEquals", "orders")]
    public void UnknownConditionKey_KnownKey_NotReported(string key, string op, string value) =>
        NoFinding(Document(Allow("sqs:SendMessage", condition: Condition(op, key, $"\"{value}\""))), LintCodes.UnknownConditionKey);

    [Theory]
    [InlineData("\"sqs:*\"", "Action")]
    [InlineData("\"*\"", "Action")]
    [InlineData("\"sqs:Send*\"", "Action")]
    [InlineData("\"sqs:*Message\"", "Action")]
    [InlineData("[\"sqs:GetQueueUrl\",\"sqs:*Queue\"]", "Action[1]")]
    public void WildcardWriteAction_Reported(string action, string path)
    {
        var finding = Finding(Document(Allow(action)), LintCodes.WildcardWriteAction);

        Assert.Equal((FindingType.Warning, $"Statement[0].{path}"), (finding.Type, finding.Path));
    }

    [Theory]
    [InlineData("\"sqs:Delete*\"", "sqs:AddPermission")]
    [InlineData("[\"sqs:A*\",\"sqs:C*\",\"sqs:D*\"]", "sqs:PurgeQueue")]
    public void WildcardWriteAction_AllowWithNotAction_Reported(string notAction, string granted)
    {
        var finding = Finding(Document($$"""{"Effect":"Allow","NotAction":{{notAction}},"Resource":"*"}"""), LintCodes.WildcardWriteAction);

        Assert.Equal("Statement[0].NotAction", finding.Path);
        Assert.Contains(granted, finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"sqs:Get*\"", "Allow")]
    [InlineData("[\"sqs:List*\",\"sqs:ReceiveMessage\"]", "Allow")]
    [InlineData("\"sqs:SendMessage\"", "Allow")]
    [InlineData("\"sqs:*\"", "Deny")]
    [InlineData("\"cloudtrail:*\"", "Allow")]
    public void WildcardWriteAction_ReadOnlyLiteralOrDeny_NotReported(string action, string effect) =>
        NoFinding(Document($$"""{"Effect":"{{effect}}","Action":{{action}},"Resource":"*"}"""), LintCodes.WildcardWriteAction);

    [Theory]
    [InlineData("sqs:SetQueueAttributes")]
    [InlineData("sqs:addpermission")]
    [InlineData("sqs:TagQueue")]
    public void OwnerOnlyActionInQueuePolicy_Reported(string action)
    {
        var json = Document(TlsDeny, Grant(Producer, action: $"[\"sqs:SendMessage\",\"{action}\"]"));

        var finding = Finding(json, LintCodes.OwnerOnlyActionInQueuePolicy, PolicyKind.Resource);

        Assert.Equal((FindingType.Warning, "Statement[1].Action[1]"), (finding.Type, finding.Path));
    }

    [Fact]
    public void OwnerOnlyAction_IdentityPolicyOrQueueDeny_NotReported()
    {
        NoFinding(Document(Allow("sqs:SetQueueAttributes")), LintCodes.OwnerOnlyActionInQueuePolicy);
        NoFinding(Document(TlsDeny, Grant(Producer, action: "\"sqs:SetQueueAttributes\"", effect: "Deny")), LintCodes.OwnerOnlyActionInQueuePolicy, PolicyKind.Resource);
    }

    [Fact]
    public void MissingVersion_Reported()
    {
        var finding = Finding("""{"Statement":{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}}""", LintCodes.MissingVersion);

        Assert.Equal((FindingType.Warning, 1, 1), (finding.Type, finding.Line, finding.Column));
    }

    [Theory]
    [InlineData("2012-10-17")]
    [InlineData("2008-10-17")]
    public void MissingVersion_VersionPresent_NotReported(string version) =>
        NoFinding("{\"Version\":\"" + version + "\",\"Statement\":" + Allow("sqs:SendMessage") + "}", LintCodes.MissingVersion);

    [Theory]
    [InlineData("ForAllValues:Null", "always true")]
    [InlineData("ForAnyValue:Null", "always false")]
    public void NullWithQualifier_Reported(string op, string constant)
    {
        var finding = Finding(Document(Allow("sqs:TagQueue", condition: Condition(op, "aws:TagKeys", "\"true\""))), LintCodes.NullWithQualifier);

        Assert.Equal(FindingType.Suggestion, finding.Type);
        Assert.Contains(constant, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullWithQualifier_PlainNull_NotReported() =>
        NoFinding(Document(Allow("sqs:TagQueue", condition: """{"Null":{"aws:TagKeys":"false"}}""")), LintCodes.NullWithQualifier);
}

using SecureQueue.Gateway.Authorization;
using SecureQueue.Gateway.Identity;
using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Evaluation;

namespace SecureQueue.Gateway.Tests.Authorization;

/// <summary>The authorizer over real compiled policies: precedence, the condition keys it fills, the kms key step and the audit record.</summary>
public sealed class AuthorizerTests
{
    private const string AliceArn = "arn:aws:iam::000000000000:user/alice";
    private const string QueueArn = "arn:aws:sqs:us-east-1:000000000000:orders";
    private const string OrdersKeyArn = "arn:aws:kms:us-east-1:000000000000:alias/orders";
    private const string AllowSend = """{"Sid":"AllowSend","Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}""";
    private static readonly DateTimeOffset Now = new(2029, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RequestOrigin Tls = new("localhost", "10.1.2.3", "aws-cli/2.15", true, "Tls13", null, "/");

    [Fact]
    public void Authorize_NoPolicyAllowsTheAction_ImplicitDeny()
    {
        var result = Authorize(Alice(Identity("""{"Effect":"Allow","Action":"sqs:ReceiveMessage","Resource":"*"}""")), Send());

        Assert.False(result.Decision.IsAllowed);
        Assert.Equal(DecisionOutcome.ImplicitDeny, result.Outcome);
        Assert.Empty(result.Decision.MatchedStatements);
    }

    [Fact]
    public void Authorize_IdentityAllow_AllowedAndRecordedBySidOrIndex()
    {
        var result = Authorize(Alice(Identity(AllowSend, """{"Effect":"Allow","Action":"sqs:Send*","Resource":"*"}""")), Send());

        Assert.True(result.Decision.IsAllowed);
        Assert.Equal(DecisionOutcome.Allowed, result.Outcome);
        var record = Authorizer.Record(result);
        Assert.Equal("Allowed", record.Decision);
        Assert.Equal(["policies/alice.json#AllowSend", "policies/alice.json[1]"], record.MatchedStatements);
        Assert.Empty(record.Keys);
    }

    [Fact]
    public void Authorize_GuardrailDeny_WinsOverIdentityAllow()
    {
        var guardrail = Policy(PolicyKind.Guardrail, "guardrails/no-send.json", """{"Sid":"NoSend","Effect":"Deny","Action":"sqs:Send*","Resource":"*"}""");

        var result = Authorize(Alice(Identity(AllowSend)), Send(), guardrail: guardrail);

        Assert.Equal(DecisionOutcome.ExplicitDeny, result.Outcome);
        Assert.Equal(["guardrails/no-send.json#NoSend"], Authorizer.Record(result).MatchedStatements);
    }

    [Fact]
    public void Authorize_ResourcePolicyDeny_WinsOverIdentityAllow()
    {
        var input = Send() with { ResourcePolicy = Document($$"""{"Sid":"NoAlice","Effect":"Deny","Principal":{"AWS":"{{AliceArn}}"},"Action":"sqs:*","Resource":"*"}""") };

        var result = Authorize(Alice(Identity(AllowSend)), input);

        Assert.Equal(DecisionOutcome.ExplicitDeny, result.Outcome);
        Assert.Equal([QueueArn + "#NoAlice"], Authorizer.Record(result).MatchedStatements);
    }

    [Theory]
    [InlineData(AliceArn, DecisionOutcome.Allowed)]
    [InlineData("arn:aws:iam::000000000000:user/bob", DecisionOutcome.ImplicitDeny)]
    public void Authorize_ResourcePolicyAllowWithoutIdentityPolicy_AllowsOnlyThePrincipalItNames(string principal, DecisionOutcome expected)
    {
        var input = Send() with { ResourcePolicy = Document($$"""{"Effect":"Allow","Principal":{"AWS":"{{principal}}"},"Action":"sqs:SendMessage","Resource":"{{QueueArn}}"}""") };

        Assert.Equal(expected, Authorize(Alice(), input).Outcome);
    }

    [Fact]
    public void Authorize_SourceIpCondition_SeesTheOriginAddress()
    {
        var alice = Alice(Identity(AllowWhen("""{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}""")));

        Assert.Equal(DecisionOutcome.Allowed, Authorize(alice, Send(), Tls with { SourceIp = "10.200.0.1" }).Outcome);
        Assert.Equal(DecisionOutcome.ImplicitDeny, Authorize(alice, Send(), Tls with { SourceIp = "192.168.1.1" }).Outcome);
    }

    [Fact]
    public void Authorize_PlainHttpOrigin_SecureTransportIsFalse()
    {
        // An Allow on "false" (not a Deny on "true") shows the key is present with that value, not merely missing.
        var alice = Alice(Identity(AllowWhen("""{"Bool":{"aws:SecureTransport":"false"}}""")));

        Assert.Equal(DecisionOutcome.Allowed, Authorize(alice, Send(), Tls with { SecureTransport = false, TlsVersion = null }).Outcome);
        Assert.Equal(DecisionOutcome.ImplicitDeny, Authorize(alice, Send(), Tls).Outcome);
    }

    [Fact]
    public void Authorize_PrincipalTagCondition_SeesIdentityTags()
    {
        var policy = Identity(AllowWhen("""{"StringEquals":{"aws:PrincipalTag/team":"payments"}}"""));

        Assert.Equal(DecisionOutcome.Allowed, Authorize(Alice(policy, new() { ["team"] = "payments" }), Send()).Outcome);
        Assert.Equal(DecisionOutcome.ImplicitDeny, Authorize(Alice(policy, new() { ["team"] = "search" }), Send()).Outcome);
        Assert.Equal(DecisionOutcome.ImplicitDeny, Authorize(Alice(policy), Send()).Outcome);
    }

    [Fact]
    public void Authorize_ResourceTagCondition_SeesInputResourceTags()
    {
        var alice = Alice(Identity(AllowWhen("""{"StringEquals":{"aws:ResourceTag/env":"prod"}}""")));

        Assert.Equal(DecisionOutcome.Allowed, Authorize(alice, Send() with { ResourceTags = Tags(("env", "prod")) }).Outcome);
        Assert.Equal(DecisionOutcome.ImplicitDeny, Authorize(alice, Send() with { ResourceTags = Tags(("env", "dev")) }).Outcome);
        Assert.Equal(DecisionOutcome.ImplicitDeny, Authorize(alice, Send()).Outcome);
    }

    [Fact]
    public void Authorize_RequestTagAndTagKeysConditions_SeeTheInput()
    {
        var condition = """{"StringEquals":{"aws:RequestTag/env":"prod"},"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}""";
        var alice = Alice(Identity(AllowWhen(condition, "sqs:TagQueue")));
        var tagging = new AuthorizationInput("sqs:TagQueue", QueueArn) { RequestTags = Tags(("env", "prod")), TagKeys = ["env"] };

        Assert.Equal(DecisionOutcome.Allowed, Authorize(alice, tagging).Outcome);
        Assert.Equal(DecisionOutcome.ImplicitDeny, Authorize(alice, tagging with { RequestTags = Tags(("env", "dev")) }).Outcome);
        Assert.Equal(DecisionOutcome.ImplicitDeny, Authorize(alice, tagging with { TagKeys = ["env", "owner"] }).Outcome);
    }

    [Theory]
    [InlineData("eu-west-1", "eu-west-1", DecisionOutcome.Allowed)]
    [InlineData("eu-west-1", "us-east-1", DecisionOutcome.ImplicitDeny)]
    [InlineData(null, "us-east-1", DecisionOutcome.Allowed)]
    [InlineData(null, "eu-west-1", DecisionOutcome.ImplicitDeny)]
    public void Authorize_RequestedRegion_OriginRegionElseGatewayRegion(string? originRegion, string allowedRegion, DecisionOutcome expected)
    {
        var alice = Alice(Identity(AllowWhen(When("StringEquals", "aws:RequestedRegion", allowedRegion))));

        Assert.Equal(expected, Authorize(alice, Send(), Tls with { Region = originRegion }).Outcome);
    }

    [Fact]
    public void Authorize_CurrentTimeCondition_SeesTheGivenNow()
    {
        var alice = Alice(Identity(AllowWhen("""{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}""")));

        Assert.Equal(DecisionOutcome.Allowed, Authorize(alice, Send(), now: new DateTimeOffset(2029, 12, 31, 23, 59, 59, TimeSpan.Zero)).Outcome);
        Assert.Equal(DecisionOutcome.ImplicitDeny, Authorize(alice, Send(), now: new DateTimeOffset(2030, 1, 1, 0, 0, 1, TimeSpan.Zero)).Outcome);
    }

    [Theory]
    [InlineData(true, "Anonymous", DecisionOutcome.Allowed)]
    [InlineData(false, "Anonymous", DecisionOutcome.ImplicitDeny)]
    [InlineData(false, "User", DecisionOutcome.Allowed)]
    public void Authorize_PrincipalTypeCondition_AnonymousCallerIsAnonymous(bool anonymous, string principalType, DecisionOutcome expected)
    {
        var input = Send() with { ResourcePolicy = Document(
            $$"""{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{{When("StringEquals", "aws:PrincipalType", principalType)}}}""") };

        Assert.Equal(expected, Authorize(anonymous ? Caller.Anonymous : Alice(), input).Outcome);
    }

    [Theory]
    [InlineData("prod", DecisionOutcome.ExplicitDeny)]
    [InlineData("dev", DecisionOutcome.ExplicitDeny)]
    [InlineData("test", DecisionOutcome.Allowed)]
    public void Authorize_ResourceTagKeysDifferingByCase_DenyOnEitherValueApplies(string deniedValue, DecisionOutcome expected)
    {
        var deny = $$"""{"Effect":"Deny","Action":"sqs:*","Resource":"*","Condition":{{When("StringEquals", "aws:ResourceTag/env", deniedValue)}}}""";
        var input = Send() with { ResourceTags = Tags(("Env", "prod"), ("env", "dev")) };

        Assert.Equal(expected, Authorize(Alice(Identity(AllowSend, deny)), input).Outcome);
    }

    [Fact]
    public void Authorize_CustomerKeyWithoutKmsPermission_KeyDeniedWhileQueueActionAllowed()
    {
        var result = Authorize(Alice(Identity(AllowSend)), Send(new KeyUse(KeyUse.GenerateDataKey, "alias/orders")));

        Assert.True(result.Decision.IsAllowed);
        Assert.Equal(DecisionOutcome.ImplicitDeny, result.Outcome);
        var denied = Assert.IsType<Decision>(result.DeniedKey);
        Assert.Equal((KeyUse.GenerateDataKey, OrdersKeyArn), (denied.Request.Action, denied.Request.Resource));
    }

    [Theory]
    [InlineData("alias/orders", null, OrdersKeyArn)]
    [InlineData("1234abcd-12ab-34cd-56ef-1234567890ab", "eu-west-1", "arn:aws:kms:eu-west-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab")]
    public void Authorize_CustomerKeyWithKmsPermissionOnItsArn_Allowed(string keyId, string? originRegion, string keyArn)
    {
        var alice = Alice(Identity(AllowSend, $$"""{"Effect":"Allow","Action":"kms:GenerateDataKey","Resource":"{{keyArn}}"}"""));

        var result = Authorize(alice, Send(new KeyUse(KeyUse.GenerateDataKey, keyId)), Tls with { Region = originRegion });

        Assert.Equal(DecisionOutcome.Allowed, result.Outcome);
        Assert.Equal(keyArn, Assert.Single(result.Keys).Request.Resource);
        Assert.Null(result.DeniedKey);
    }

    [Theory]
    [InlineData("alias/aws/sqs")]
    [InlineData("arn:aws:kms:us-east-1:000000000000:alias/aws/sqs")]
    public void Authorize_AwsManagedKey_NoKeyDecision(string keyId)
    {
        var result = Authorize(Alice(Identity(AllowSend)), Send(new KeyUse(KeyUse.GenerateDataKey, keyId)));

        Assert.Equal(DecisionOutcome.Allowed, result.Outcome);
        Assert.Empty(result.Keys);
    }

    [Fact]
    public void Authorize_QueueActionDenied_NoKeyDecision()
    {
        var alice = Alice(Identity($$"""{"Effect":"Allow","Action":"kms:*","Resource":"{{OrdersKeyArn}}"}"""));
        var result = Authorize(alice, Send(new KeyUse(KeyUse.GenerateDataKey, "alias/orders")));

        Assert.Equal(DecisionOutcome.ImplicitDeny, result.Outcome);
        Assert.Empty(result.Keys);
        Assert.Null(result.DeniedKey);
    }

    [Fact]
    public void Record_KeyDeniedByGuardrail_ListsTheKeyDecision()
    {
        var guardrail = Policy(PolicyKind.Guardrail, "guardrails/no-kms.json", """{"Sid":"NoKeys","Effect":"Deny","Action":"kms:*","Resource":"*"}""");
        var alice = Alice(Identity(AllowSend, """{"Effect":"Allow","Action":"kms:GenerateDataKey","Resource":"*"}"""));

        var record = Authorizer.Record(Authorize(alice, Send(new KeyUse(KeyUse.GenerateDataKey, "alias/orders")), guardrail: guardrail));

        Assert.Equal("ExplicitDeny", record.Decision);
        Assert.Equal(["policies/alice.json#AllowSend"], record.MatchedStatements);
        var key = Assert.Single(record.Keys);
        Assert.Equal((KeyUse.GenerateDataKey, OrdersKeyArn, "ExplicitDeny"), (key.Action, key.Resource, key.Decision));
        Assert.Equal(["guardrails/no-kms.json#NoKeys"], key.MatchedStatements);
    }

    private static CallAuthorization Authorize(
        Caller caller, AuthorizationInput input, RequestOrigin? origin = null, DateTimeOffset? now = null, PolicyDocument? guardrail = null) =>
        new Authorizer(new GatewayOptions(), new QueuePolicies(), new GuardrailSource(new Guardrails(guardrail is null ? [] : [guardrail])))
            .Authorize(caller, input, origin ?? Tls, now ?? Now);

    private static AuthorizationInput Send(KeyUse? key = null) => new("sqs:SendMessage", QueueArn) { Key = key };

    private static Caller Alice(PolicyDocument? policy = null, Dictionary<string, string>? tags = null) =>
        new(AliceArn, AuthenticationMethod.SigV4, "AKIAALICE0000000001", new IdentityRecord("alice", AliceArn, policy is null ? [] : [policy], tags ?? []));

    private static string AllowWhen(string condition, string action = "sqs:SendMessage") =>
        $$"""{"Effect":"Allow","Action":"{{action}}","Resource":"*","Condition":{{condition}}}""";

    private static string When(string op, string key, string value) => $$$"""{"{{{op}}}":{"{{{key}}}":"{{{value}}}"}}""";

    private static Dictionary<string, string> Tags(params (string Key, string Value)[] tags) => tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);

    private static PolicyDocument Identity(params string[] statements) => Policy(PolicyKind.Identity, "policies/alice.json", statements);

    private static string Document(params string[] statements) => $$"""{"Version":"2012-10-17","Statement":[{{string.Join(",", statements)}}]}""";

    private static PolicyDocument Policy(PolicyKind kind, string source, params string[] statements)
    {
        var result = PolicyDocument.Parse(Document(statements), source, kind);
        return result.Document ?? throw new InvalidOperationException(string.Join("; ", result.Errors));
    }
}

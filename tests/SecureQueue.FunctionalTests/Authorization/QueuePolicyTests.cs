using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;

namespace SecureQueue.FunctionalTests.Authorization;

/// <summary>Queue resource policies end to end: grants, denies, limits, AddPermission/RemovePermission, and the audited decision.</summary>
public sealed class QueuePolicyTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private const string Coral = "com.amazon.coral.service#";
    private readonly SignedClient client = fixture.Client();

    [Fact]
    public async Task QueuePolicyAllow_GrantsWhatIdentityPolicyDoesNot_AndIsAudited()
    {
        var (name, url) = await CreateAsync();
        using var before = await client.JsonAsync("ReceiveMessage", Json(("QueueUrl", url)), TestIdentity.Sender);
        await WireAssertions.JsonErrorAsync(before, 403, Coral + "AccessDeniedException", "AccessDenied");

        await SetPolicyAsync(url, $$"""
            {"Version":"2012-10-17","Statement":[{"Sid":"LetSenderReceive","Effect":"Allow","Principal":{"AWS":"{{TestIdentity.Sender.Arn}}"},
             "Action":"sqs:ReceiveMessage","Resource":"arn:aws:sqs:us-east-1:000000000000:{{name}}"}]}
            """);
        using var after = await client.JsonAsync("ReceiveMessage", Json(("QueueUrl", url)), TestIdentity.Sender);
        Assert.Equal(200, (int)after.StatusCode);
        var audit = await fixture.Database.RowsAsync($"select decision, data::text from events where request_id = '{WireAssertions.RequestId(after)}'");
        Assert.Equal("Allowed", audit[0][0]);
        Assert.Contains($"arn:aws:sqs:us-east-1:000000000000:{name}#LetSenderReceive", (string)audit[0][1]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("000000000000")]
    [InlineData("arn:aws:iam::000000000000:root")]
    public async Task QueuePolicyAccountPrincipal_WithoutIdentityAllow_AccessDenied(string account)
    {
        var (name, url) = await CreateAsync();
        await SetPolicyAsync(url, $$"""
            {"Version":"2012-10-17","Statement":[{"Sid":"WholeAccountReceives","Effect":"Allow","Principal":{"AWS":"{{account}}"},
             "Action":"sqs:ReceiveMessage","Resource":"arn:aws:sqs:us-east-1:000000000000:{{name}}"}]}
            """);

        using var response = await client.JsonAsync("ReceiveMessage", Json(("QueueUrl", url)), TestIdentity.Sender);

        var message = await WireAssertions.JsonErrorAsync(response, 403, Coral + "AccessDeniedException", "AccessDenied");
        Assert.EndsWith("because no identity-based policy allows the sqs:ReceiveMessage action", message, StringComparison.Ordinal);
        Assert.Equal("ImplicitDeny", await fixture.Database.ScalarAsync<string>($"select decision from events where request_id = '{WireAssertions.RequestId(response)}'"));
        using var admin = await client.JsonAsync("ReceiveMessage", Json(("QueueUrl", url)), TestIdentity.Admin);
        Assert.Equal(200, (int)admin.StatusCode);
    }

    [Fact]
    public async Task QueuePolicyDeny_BeatsIdentityAllow()
    {
        var (name, url) = await CreateAsync();
        await SetPolicyAsync(url, $$"""
            {"Version":"2012-10-17","Statement":[{"Sid":"NoPurge","Effect":"Deny","Principal":"*","Action":"sqs:PurgeQueue","Resource":"arn:aws:sqs:us-east-1:000000000000:{{name}}"}]}
            """);
        using var response = await client.JsonAsync("PurgeQueue", Json(("QueueUrl", url)), TestIdentity.Admin);
        var message = await WireAssertions.JsonErrorAsync(response, 403, Coral + "AccessDeniedException", "AccessDenied");
        Assert.EndsWith("with an explicit deny in a resource-based policy", message, StringComparison.Ordinal);
        Assert.Equal("ExplicitDeny", await fixture.Database.ScalarAsync<string>($"select decision from events where request_id = '{WireAssertions.RequestId(response)}'"));
    }

    [Fact]
    public async Task ResourceTagCondition_UsesQueueTags()
    {
        var (name, url) = await CreateAsync(tags: """{"env":"prod"}""");
        await SetPolicyAsync(url, """
            {"Version":"2012-10-17","Statement":[{"Sid":"ProdReaders","Effect":"Allow","Principal":{"AWS":"SENDER"},
             "Action":"sqs:GetQueueAttributes","Resource":"arn:aws:sqs:us-east-1:000000000000:NAME","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}]}
            """.Replace("SENDER", TestIdentity.Sender.Arn, StringComparison.Ordinal).Replace("NAME", name, StringComparison.Ordinal));
        using var allowed = await client.JsonAsync("GetQueueAttributes", Json(("QueueUrl", url)), TestIdentity.Sender);
        Assert.Equal(200, (int)allowed.StatusCode);

        using var retag = await client.JsonAsync("TagQueue", JsonSerializer.Serialize(new { QueueUrl = url, Tags = new Dictionary<string, string> { ["env"] = "dev" } }), TestIdentity.Admin);
        Assert.Equal(200, (int)retag.StatusCode);
        using var denied = await client.JsonAsync("GetQueueAttributes", Json(("QueueUrl", url)), TestIdentity.Sender);
        await WireAssertions.JsonErrorAsync(denied, 403, Coral + "AccessDeniedException", "AccessDenied");
    }

    [Theory]
    [InlineData("not json", "JSON")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}""", "MISSING_PRINCIPAL")]
    public async Task InvalidPolicy_InvalidAttributeValue_NothingStored(string policy, string expected)
    {
        var (name, url) = await CreateAsync();
        using var response = await client.JsonAsync("SetQueueAttributes", JsonSerializer.Serialize(new { QueueUrl = url, Attributes = new Dictionary<string, string> { ["Policy"] = policy } }), TestIdentity.Admin);
        var message = await WireAssertions.JsonErrorAsync(response, 400, "com.amazonaws.sqs#InvalidAttributeValue", "InvalidAttributeValue");
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>($"select count(*) from queues where name = '{name}' and attributes ? 'Policy'"));
    }

    [Fact]
    public async Task PolicyOverLimits_InvalidAttributeValue()
    {
        var (name, url) = await CreateAsync();
        var statements = string.Join(",", Enumerable.Range(0, 21).Select(i =>
            $$"""{"Sid":"S{{i}}","Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:000000000000:{{name}}"}"""));
        using var response = await client.JsonAsync("SetQueueAttributes",
            JsonSerializer.Serialize(new { QueueUrl = url, Attributes = new Dictionary<string, string> { ["Policy"] = $$"""{"Version":"2012-10-17","Statement":[{{statements}}]}""" } }), TestIdentity.Admin);
        var message = await WireAssertions.JsonErrorAsync(response, 400, "com.amazonaws.sqs#InvalidAttributeValue", "InvalidAttributeValue");
        Assert.Contains("20 statements", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPermission_ProducesAwsStatement_RemovePermission_RemovesIt()
    {
        var (name, url) = await CreateAsync();
        using var added = await client.QueryAsync($"Action=AddPermission&QueueUrl={Uri.EscapeDataString(url)}&Label=partners&AWSAccountId.1=000000000000&ActionName.1=ReceiveMessage&ActionName.2=SendMessage", TestIdentity.Admin);
        Assert.Equal(200, (int)added.StatusCode);

        using var policy = JsonDocument.Parse(await PolicyAsync(url));
        var statement = policy.RootElement.GetProperty("Statement")[0];
        Assert.Equal($"arn:aws:sqs:us-east-1:000000000000:{name}/SQSDefaultPolicy", policy.RootElement.GetProperty("Id").GetString());
        Assert.Equal("partners", statement.GetProperty("Sid").GetString());
        Assert.Equal("arn:aws:iam::000000000000:root", statement.GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal(["SQS:ReceiveMessage", "SQS:SendMessage"], statement.GetProperty("Action").EnumerateArray().Select(a => a.GetString()));

        using var again = await client.QueryAsync($"Action=AddPermission&QueueUrl={Uri.EscapeDataString(url)}&Label=partners&AWSAccountId.1=000000000000&ActionName.1=SendMessage", TestIdentity.Admin);
        Assert.Contains("Already exists", await WireAssertions.XmlErrorAsync(again, 400, "InvalidParameterValue"), StringComparison.Ordinal);

        using var removed = await client.QueryAsync($"Action=RemovePermission&QueueUrl={Uri.EscapeDataString(url)}&Label=partners", TestIdentity.Admin);
        Assert.Equal(200, (int)removed.StatusCode);
        Assert.Null(await PolicyOrNullAsync(url));
    }

    [Fact]
    public async Task AddPermission_OwnerOnlyAction_Refused()
    {
        var (_, url) = await CreateAsync();
        using var response = await client.JsonAsync("AddPermission",
            $$"""{"QueueUrl":"{{url}}","Label":"x","AWSAccountIds":["000000000000"],"Actions":["DeleteQueue"]}""", TestIdentity.Admin);
        await WireAssertions.JsonErrorAsync(response, 400, Coral + "InvalidParameterValueException", "InvalidParameterValue");
    }

    private async Task<(string Name, string Url)> CreateAsync(string tags = "{}")
    {
        var name = GatewayFixture.QueueName();
        using var response = await client.JsonAsync("CreateQueue", $$"""{"QueueName":"{{name}}","tags":{{tags}}}""", TestIdentity.Admin);
        Assert.Equal(200, (int)response.StatusCode);
        return (name, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString()!);
    }

    private async Task SetPolicyAsync(string url, string policy)
    {
        using var response = await client.JsonAsync("SetQueueAttributes",
            JsonSerializer.Serialize(new { QueueUrl = url, Attributes = new Dictionary<string, string> { ["Policy"] = policy } }), TestIdentity.Admin);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(JsonDocument.Parse(policy).RootElement.ToString(), JsonDocument.Parse(await PolicyAsync(url)).RootElement.ToString());
    }

    private async Task<string> PolicyAsync(string url) => await PolicyOrNullAsync(url) ?? throw new InvalidOperationException("no Policy attribute");

    private async Task<string?> PolicyOrNullAsync(string url)
    {
        using var response = await client.JsonAsync("GetQueueAttributes", $$"""{"QueueUrl":"{{url}}","AttributeNames":["Policy"]}""", TestIdentity.Admin);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("Attributes", out var attributes) ? attributes.GetProperty("Policy").GetString() : null;
    }

    private static string Json(params (string Name, string Value)[] members) => JsonSerializer.Serialize(members.ToDictionary(m => m.Name, m => m.Value));

    public void Dispose() => client.Dispose();
}

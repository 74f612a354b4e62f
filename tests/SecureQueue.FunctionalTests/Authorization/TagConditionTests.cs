using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;

namespace SecureQueue.FunctionalTests.Authorization;

/// <summary>
/// Tag conditions over the wire: tag keys that differ only by case are one IAM key, so they are refused, and a Deny on
/// aws:RequestTag/* or aws:ResourceTag/* sees every value such keys could carry.
/// </summary>
public sealed class TagConditionTests : IAsyncLifetime
{
    private const string Coral = "com.amazon.coral.service#";

    /// <summary>May do anything except tag a queue env=prod or read the attributes of a queue tagged classification=secret.</summary>
    private static readonly TestIdentity Guarded = new("tagguard", "AKIASECQTESTTAGGUARD", "tagguardSecretKey0123456789abcdefghijk",
        """
        {"Version":"2012-10-17","Statement":[
         {"Sid":"All","Effect":"Allow","Action":"sqs:*","Resource":"*"},
         {"Sid":"NoProdTag","Effect":"Deny","Action":["sqs:CreateQueue","sqs:TagQueue"],"Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/env":"prod"}}},
         {"Sid":"NoSecretReads","Effect":"Deny","Action":"sqs:GetQueueAttributes","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/classification":"secret"}}}]}
        """);

    private readonly GatewayWorkspace workspace = new();

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        IdentityFiles.Add(workspace.Files, Guarded);
        await workspace.StartGatewayAsync();
    }

    public async Task DisposeAsync()
    {
        await workspace.DisposeAsync();
    }

    [Fact]
    public async Task CreateQueue_TagKeysDifferingOnlyByCase_DenyOnRequestTagStillApplies()
    {
        var name = GatewayFixture.QueueName();
        using var response = await workspace.Client.JsonAsync("CreateQueue", $$$"""{"QueueName":"{{{name}}}","tags":{"env":"prod","ENV":"x"}}""", Guarded);

        await WireAssertions.JsonErrorAsync(response, 403, Coral + "AccessDeniedException", "AccessDenied");
        Assert.Equal("ExplicitDeny", await DecisionAsync(response));
        Assert.Equal(0L, await workspace.Database.ScalarAsync<long>($"select count(*) from queues where name = '{name}'"));
    }

    [Fact]
    public async Task TagQueue_TagKeysDifferingOnlyByCase_DenyOnRequestTagStillApplies()
    {
        var url = await CreateAsync("{}");
        using var response = await workspace.Client.JsonAsync("TagQueue", JsonSerializer.Serialize(new { QueueUrl = url, Tags = new Dictionary<string, string> { ["env"] = "prod", ["ENV"] = "x" } }), Guarded);

        await WireAssertions.JsonErrorAsync(response, 403, Coral + "AccessDeniedException", "AccessDenied");
        Assert.Equal("ExplicitDeny", await DecisionAsync(response));
        Assert.Empty(await TagsAsync(url));
    }

    [Fact]
    public async Task CreateQueue_TagKeysDifferingOnlyByCase_InvalidParameterValueAndAudited()
    {
        var name = GatewayFixture.QueueName();
        using var response = await workspace.Client.JsonAsync("CreateQueue", $$$"""{"QueueName":"{{{name}}}","tags":{"team":"a","TEAM":"b"}}""", TestIdentity.Admin);

        var message = await WireAssertions.JsonErrorAsync(response, 400, Coral + "InvalidParameterValueException", "InvalidParameterValue");
        Assert.Contains("case", message, StringComparison.Ordinal);
        Assert.Equal("InvalidParameterValue", (await WireAssertions.AuditAsync(workspace.Database, response)).ErrorCode);
        Assert.Equal(0L, await workspace.Database.ScalarAsync<long>($"select count(*) from queues where name = '{name}'"));
    }

    [Fact]
    public async Task TagQueue_KeyCollidingByCaseWithExistingTag_InvalidParameterValueTagsUnchanged()
    {
        var url = await CreateAsync("""{"Classification":"secret"}""");
        using var response = await workspace.Client.JsonAsync("TagQueue", JsonSerializer.Serialize(new { QueueUrl = url, Tags = new Dictionary<string, string> { ["classification"] = "public" } }), TestIdentity.Admin);

        await WireAssertions.JsonErrorAsync(response, 400, Coral + "InvalidParameterValueException", "InvalidParameterValue");
        Assert.Equal("InvalidParameterValue", (await WireAssertions.AuditAsync(workspace.Database, response)).ErrorCode);
        Assert.Equal(new Dictionary<string, string> { ["Classification"] = "secret" }, await TagsAsync(url));
        using var read = await workspace.Client.JsonAsync("GetQueueAttributes", JsonSerializer.Serialize(new { QueueUrl = url }), Guarded);
        await WireAssertions.JsonErrorAsync(read, 403, Coral + "AccessDeniedException", "AccessDenied");
    }

    [Fact]
    public async Task ResourceTags_StoredKeysDifferingOnlyByCase_DenyOnAnyValueApplies()
    {
        // Tags written before keys were checked for case collisions: the Deny must see "secret" whichever key comes last.
        var url = await CreateAsync("{}");
        var name = url[(url.LastIndexOf('/') + 1)..];
        await workspace.Database.ScalarAsync<int>(
            $$"""with changed as (update queues set tags = '{"Classification":"secret","classification":"public"}' where name = '{{name}}' returning 1) select count(*)::int from changed""");

        using var read = await workspace.Client.JsonAsync("GetQueueAttributes", JsonSerializer.Serialize(new { QueueUrl = url }), Guarded);

        await WireAssertions.JsonErrorAsync(read, 403, Coral + "AccessDeniedException", "AccessDenied");
        Assert.Equal("ExplicitDeny", await DecisionAsync(read));
    }

    private async Task<string> CreateAsync(string tags)
    {
        using var response = await workspace.Client.JsonAsync("CreateQueue", $$"""{"QueueName":"{{GatewayFixture.QueueName()}}","tags":{{tags}}}""", TestIdentity.Admin);
        Assert.Equal(200, (int)response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString()!;
    }

    private async Task<Dictionary<string, string>> TagsAsync(string url)
    {
        using var response = await workspace.Client.JsonAsync("ListQueueTags", JsonSerializer.Serialize(new { QueueUrl = url }), TestIdentity.Admin);
        Assert.Equal(200, (int)response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("Tags", out var tags)
            ? tags.EnumerateObject().ToDictionary(t => t.Name, t => t.Value.GetString()!, StringComparer.Ordinal)
            : [];
    }

    private Task<string> DecisionAsync(HttpResponseMessage response) =>
        workspace.Database.ScalarAsync<string>($"select decision from events where request_id = '{WireAssertions.RequestId(response)}'");
}

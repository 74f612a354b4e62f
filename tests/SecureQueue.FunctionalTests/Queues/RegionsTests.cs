using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;

namespace SecureQueue.FunctionalTests.Queues;

/// <summary>
/// Several served regions (the test gateway serves us-east-1, its default, and eu-west-1): the credential scope's region
/// picks the queue namespace, ARNs, URLs, audit records and <c>aws:RequestedRegion</c> carry it, an unserved one is refused.
/// </summary>
public sealed class RegionsTests : IAsyncLifetime
{
    private static readonly TestIdentity HomeOnly = new("homeonly", "AKIASECQTESTHOMEONLY", "homeonlySecretKey0123456789abcdefghijkl",
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"},{"Sid":"OnlyHome","Effect":"Deny","Action":"sqs:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"us-east-1"}}}]}""");

    private readonly GatewayWorkspace workspace = new();

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        IdentityFiles.Add(workspace.Files, HomeOnly);
        await workspace.StartGatewayAsync();
    }

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task RequestedRegionCondition_DeniesOutsideTheNamedRegion()
    {
        var name = GatewayFixture.QueueName("rr");
        using (var home = await CreateAsync(name, HomeOnly, "us-east-1"))
        {
            Assert.Equal(200, (int)home.StatusCode);
        }

        using var abroad = await CreateAsync(name, HomeOnly, "eu-west-1");

        var message = await WireAssertions.JsonErrorAsync(abroad, 403, "com.amazon.coral.service#AccessDeniedException", "AccessDenied");
        Assert.Contains("explicit deny", message, StringComparison.Ordinal);
        Assert.Equal(0L, await workspace.Database.ScalarAsync<long>($"select count(*) from queues where name = '{name}' and region = 'eu-west-1'"));
    }

    [Fact]
    public async Task CallInAnotherRegion_AuditedInThatRegion_WithItsArn()
    {
        var name = GatewayFixture.QueueName("audit");
        using var created = await CreateAsync(name, TestIdentity.Admin, "eu-west-1");
        Assert.Equal(200, (int)created.StatusCode);

        var row = Assert.Single(await workspace.Database.RowsAsync(
            $"select data ->> 'region', resource_arn from events where request_id = '{WireAssertions.RequestId(created)}'"));
        Assert.Equal(("eu-west-1", $"arn:aws:sqs:eu-west-1:000000000000:{name}"), ((string)row[0]!, (string)row[1]!));
        Assert.EndsWith(
            $"/eu-west-1/000000000000/{name}",
            JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnservedRegion_SignatureDoesNotMatch_AuditedInTheDefaultRegion()
    {
        using var response = await workspace.Client.JsonAsync("ListQueues", "{}", TestIdentity.Admin, region: "ap-south-1");

        var message = await WireAssertions.JsonErrorAsync(response, 403, "com.amazon.coral.service#SignatureDoesNotMatch", "SignatureDoesNotMatch");
        Assert.Equal("Credential should be scoped to a valid region.", message);
        var row = Assert.Single(await workspace.Database.RowsAsync(
            $"select data ->> 'region', error_code from events where request_id = '{WireAssertions.RequestId(response)}'"));
        Assert.Equal(("us-east-1", "SignatureDoesNotMatch"), ((string)row[0]!, (string)row[1]!));
    }

    [Theory]
    [InlineData("eu-west-1", "eu-west-2", "SecureQueue:Region (the default region, us-east-1) must be one of SecureQueue:Regions (eu-west-1, eu-west-2)")]
    [InlineData("us-east-1", "us-east-1", "SecureQueue:Regions names a region twice")]
    [InlineData("us-east-1", "not a region", "SecureQueue:Regions holds 'not a region'")]
    public async Task InvalidRegions_StartUpRefused(string first, string second, string expected)
    {
        var settings = new Dictionary<string, string?> { ["SecureQueue:Regions:0"] = first, ["SecureQueue:Regions:1"] = second };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, settings: settings));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> CreateAsync(string name, TestIdentity identity, string region) =>
        workspace.Client.JsonAsync("CreateQueue", JsonSerializer.Serialize(new { QueueName = name }), identity, region: region);
}

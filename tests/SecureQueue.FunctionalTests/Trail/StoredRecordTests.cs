using System.Text;
using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;
using SecureQueue.Trail.Records;
using static SecureQueue.FunctionalTests.Encryption.EncryptionClient;

namespace SecureQueue.FunctionalTests.Trail;

/// <summary>
/// What a real call leaves in the log is enough to render its CloudTrail record: who, over what, with which parameters
/// (a message body never), and what the caller was answered with.
/// </summary>
public sealed class StoredRecordTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private static readonly TrailSettings Settings = new("000000000000", "us-east-1");
    private readonly SignedClient client = fixture.Client();

    [Fact]
    public async Task SendMessage_RecordNamesCallerParametersAndMessageIdButNotTheBody()
    {
        var (name, url) = await CreateQueueAsync(client, "trail");
        using var response = await client.JsonAsync("SendMessage", JsonSerializer.Serialize(new { QueueUrl = url, MessageBody = "pan 4111111111111111" }), TestIdentity.Admin);
        Assert.Equal(200, (int)response.StatusCode);
        var messageId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("MessageId").GetString();

        var record = await RecordAsync(response);

        Assert.Equal("SendMessage", record.GetProperty("eventName").GetString());
        Assert.Equal("sqs.amazonaws.com", record.GetProperty("eventSource").GetString());
        Assert.Equal("Data", record.GetProperty("eventCategory").GetString());
        Assert.False(record.GetProperty("readOnly").GetBoolean());
        Assert.Equal(WireAssertions.RequestId(response).ToString(), record.GetProperty("requestID").GetString());
        var identity = record.GetProperty("userIdentity");
        Assert.Equal("IAMUser", identity.GetProperty("type").GetString());
        Assert.Equal(TestIdentity.Admin.AccessKeyId, identity.GetProperty("accessKeyId").GetString());
        Assert.Equal(TestIdentity.Admin.Name, identity.GetProperty("userName").GetString());
        Assert.Equal(url, record.GetProperty("requestParameters").GetProperty("queueUrl").GetString());
        Assert.Equal("HIDDEN_DUE_TO_SECURITY_REASONS", record.GetProperty("requestParameters").GetProperty("messageBody").GetString());
        Assert.Equal(messageId, record.GetProperty("responseElements").GetProperty("messageId").GetString());
        Assert.Equal($"arn:aws:sqs:us-east-1:000000000000:{name}", record.GetProperty("resources")[0].GetProperty("ARN").GetString());
        Assert.Equal(new Uri(url).Authority, record.GetProperty("tlsDetails").GetProperty("clientProvidedHostHeader").GetString());
        Assert.StartsWith("TLSv1.", record.GetProperty("tlsDetails").GetProperty("tlsVersion").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("4111111111111111", record.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeniedCall_RecordCarriesTheErrorAndDecisionAndNoResponse()
    {
        var (_, url) = await CreateQueueAsync(client, "trail");
        using var response = await client.JsonAsync("PurgeQueue", JsonSerializer.Serialize(new { QueueUrl = url }), TestIdentity.Sender);
        Assert.Equal(403, (int)response.StatusCode);

        var record = await RecordAsync(response);

        Assert.Equal("AccessDenied", record.GetProperty("errorCode").GetString());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("responseElements").ValueKind);
        Assert.Equal("Management", record.GetProperty("eventCategory").GetString());
        Assert.Equal(TestIdentity.Sender.Arn, record.GetProperty("userIdentity").GetProperty("arn").GetString());
        Assert.NotEqual("Allowed", record.GetProperty("additionalEventData").GetProperty("authorization").GetProperty("decision").GetString());
    }

    [Fact]
    public async Task UnauthenticatedCall_RecordsNoneOfItsParameters()
    {
        var (_, url) = await CreateQueueAsync(client, "trail");
        using var response = await client.JsonAsync("SendMessage", JsonSerializer.Serialize(new { QueueUrl = url, MessageBody = "x", DelaySeconds = 5 }), null);
        Assert.Equal(403, (int)response.StatusCode);

        var record = await RecordAsync(response);

        Assert.Equal(JsonValueKind.Null, record.GetProperty("requestParameters").ValueKind);
        Assert.Equal("Unknown", record.GetProperty("userIdentity").GetProperty("type").GetString());
    }

    private async Task<JsonElement> RecordAsync(HttpResponseMessage response)
    {
        var rows = await fixture.Database.RowsAsync($"select {StoredEvent.Columns} from events where request_id = '{WireAssertions.RequestId(response)}'");
        var row = Assert.Single(rows);
        var stored = new StoredEvent((Guid)row[0]!, (long)row[1]!, (long?)row[2], Encoding.UTF8.GetBytes((string)row[3]!));
        return JsonDocument.Parse(CloudTrailRecord.Render(stored, Settings)).RootElement.Clone();
    }

    public void Dispose() => client.Dispose();
}

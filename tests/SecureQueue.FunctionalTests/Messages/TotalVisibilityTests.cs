using System.Net;
using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;

namespace SecureQueue.FunctionalTests.Messages;

/// <summary>
/// A message stays invisible at most 12 hours after the receive that made its receipt handle, however often its
/// visibility is extended (SQS: "Total VisibilityTimeout for the message is beyond the limit"); the clock is moved, not waited for.
/// </summary>
public sealed class TotalVisibilityTests : IAsyncLifetime
{
    private const string Limit = "Total VisibilityTimeout for the message is beyond the limit [43200 seconds]";
    private readonly ShiftedTimeProvider time = new();
    private readonly GatewayWorkspace workspace = new();
    private GatewayInstance gateway = null!;
    private SignedClient client = null!;

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        gateway = await GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, time: time);
        client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await gateway.DisposeAsync();
        await workspace.DisposeAsync();
    }

    [Fact]
    public async Task ChangeRightAfterReceive_TwelveHoursRefused_LessAllowed()
    {
        var (url, handle) = await ReceiveOneAsync("now");

        var refused = await CallAsync("ChangeMessageVisibility", new { QueueUrl = url, ReceiptHandle = handle, VisibilityTimeout = 43_200 });
        var message = await WireAssertions.JsonErrorAsync(refused, 400, "com.amazon.coral.service#InvalidParameterValueException", "InvalidParameterValue");

        Assert.Equal($"Value 43200 for parameter VisibilityTimeout is invalid. Reason: {Limit}", message);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync("ChangeMessageVisibility", new { QueueUrl = url, ReceiptHandle = handle, VisibilityTimeout = 43_000 })).StatusCode);
    }

    [Fact]
    public async Task ExtendedForNearlyTwelveHours_OnlyWhatEndsWithinTheLimitAllowed_SingleAndBatch()
    {
        var (url, handle) = await ReceiveOneAsync("later");
        Assert.Equal(HttpStatusCode.OK, (await CallAsync("ChangeMessageVisibility", new { QueueUrl = url, ReceiptHandle = handle, VisibilityTimeout = 43_000 })).StatusCode);

        time.Offset = TimeSpan.FromHours(11) + TimeSpan.FromMinutes(50);
        await WireAssertions.JsonErrorAsync(
            await CallAsync("ChangeMessageVisibility", new { QueueUrl = url, ReceiptHandle = handle, VisibilityTimeout = 600 }),
            400, "com.amazon.coral.service#InvalidParameterValueException", "InvalidParameterValue");
        using var batch = await CallAsync("ChangeMessageVisibilityBatch", new
        {
            QueueUrl = url,
            Entries = new[]
            {
                new { Id = "beyond", ReceiptHandle = handle, VisibilityTimeout = 700 },
                new { Id = "within", ReceiptHandle = handle, VisibilityTimeout = 590 },
            },
        });

        var result = JsonDocument.Parse(await batch.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("within", Assert.Single(result.GetProperty("Successful").EnumerateArray()).GetProperty("Id").GetString());
        var failed = Assert.Single(result.GetProperty("Failed").EnumerateArray());
        Assert.Equal(("beyond", "InvalidParameterValue", true), (failed.GetProperty("Id").GetString(), failed.GetProperty("Code").GetString(), failed.GetProperty("SenderFault").GetBoolean()));
        Assert.EndsWith(Limit, failed.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    private async Task<(string Url, string Handle)> ReceiveOneAsync(string name)
    {
        using var created = await CallAsync("CreateQueue", new { QueueName = name });
        var url = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString()!;
        using var sent = await CallAsync("SendMessage", new { QueueUrl = url, MessageBody = "body" });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        using var received = await CallAsync("ReceiveMessage", new { QueueUrl = url, VisibilityTimeout = 60 });
        var handle = JsonDocument.Parse(await received.Content.ReadAsStringAsync()).RootElement.GetProperty("Messages")[0].GetProperty("ReceiptHandle").GetString()!;
        return (url, handle);
    }

    // Signed at the gateway's shifted time, as a client whose clock agrees with it.
    private Task<HttpResponseMessage> CallAsync(string action, object request) =>
        client.JsonAsync(action, JsonSerializer.Serialize(request), TestIdentity.Admin, at: time.GetUtcNow());
}

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.Gateway.Hosting;

namespace SecureQueue.FunctionalTests.Queues;

/// <summary>
/// MessageRetentionPeriod is enforced: expired messages are never delivered and the sweep records their expiry. The same
/// sweep forgets FIFO message groups that have been idle an hour, without breaking their numbering.
/// </summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private readonly ShiftedTimeProvider time = new();
    private readonly GatewayWorkspace workspace = new();
    private GatewayInstance gateway = null!;

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        gateway = await GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, time: time);
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await workspace.DisposeAsync();
    }

    [Fact]
    public async Task Expired_NotReceived_AndSweptWithEvent()
    {
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
        using var created = await client.JsonAsync("CreateQueue", """{"QueueName":"short","Attributes":{"MessageRetentionPeriod":"60"}}""", TestIdentity.Admin);
        var url = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString();
        using var sent = await client.JsonAsync("SendMessage", $$"""{"QueueUrl":"{{url}}","MessageBody":"old"}""", TestIdentity.Admin);
        Assert.Equal(200, (int)sent.StatusCode);

        time.Offset = TimeSpan.FromSeconds(61);
        using var received = await client.JsonAsync("ReceiveMessage", $$"""{"QueueUrl":"{{url}}"}""", TestIdentity.Admin);
        Assert.False(JsonDocument.Parse(await received.Content.ReadAsStringAsync()).RootElement.TryGetProperty("Messages", out _));

        var sweeper = gateway.Services.GetServices<IHostedService>().OfType<RetentionSweeper>().Single();
        Assert.Equal(1, await sweeper.SweepAsync());
        Assert.Equal(0L, await workspace.Database.ScalarAsync<long>("select count(*) from queue_messages"));
        Assert.Equal(1L, await workspace.Database.ScalarAsync<long>("select count(*) from events where event_type = 'MessagesExpired'"));
        Assert.Equal(0, await sweeper.SweepAsync());
    }

    [Fact]
    public async Task Sweep_FifoGroupIdleAnHour_RowRemovedAndItsNumbersKeepRising()
    {
        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
        using var created = await client.JsonAsync(
            "CreateQueue", """{"QueueName":"groups.fifo","Attributes":{"FifoQueue":"true","ContentBasedDeduplication":"true"}}""", TestIdentity.Admin);
        var url = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString()!;
        var idleFirst = await SendAsync(client, url, "idle", "one");
        await SendAsync(client, url, "busy", "two");

        using (var received = await client.JsonAsync("ReceiveMessage", $$"""{"QueueUrl":"{{url}}","MaxNumberOfMessages":10,"AttributeNames":["All"]}""", TestIdentity.Admin))
        {
            var idle = JsonDocument.Parse(await received.Content.ReadAsStringAsync()).RootElement.GetProperty("Messages").EnumerateArray()
                .Single(m => m.GetProperty("Attributes").GetProperty("MessageGroupId").GetString() == "idle");
            using var deleted = await client.JsonAsync(
                "DeleteMessage", JsonSerializer.Serialize(new { QueueUrl = url, ReceiptHandle = idle.GetProperty("ReceiptHandle").GetString() }), TestIdentity.Admin);
            Assert.Equal(200, (int)deleted.StatusCode);
        }

        var sweeper = gateway.Services.GetServices<IHostedService>().OfType<RetentionSweeper>().Single();
        await sweeper.SweepAsync();
        Assert.Equal(["busy", "idle"], await GroupsAsync());

        // An hour on: the empty group's row goes; the group still holding a message (in flight) keeps its row.
        time.Offset = TimeSpan.FromMinutes(61);
        await sweeper.SweepAsync();
        Assert.Equal(["busy"], await GroupsAsync());

        // Back on the right clock (signatures are checked against it): the group is made again, numbered after its last.
        time.Offset = TimeSpan.Zero;
        var idleAgain = await SendAsync(client, url, "idle", "three");
        Assert.True(idleAgain > idleFirst, $"{idleAgain} after {idleFirst}");
        Assert.Equal(["busy", "idle"], await GroupsAsync());
    }

    private static async Task<decimal> SendAsync(SignedClient client, string url, string group, string body)
    {
        using var sent = await client.JsonAsync("SendMessage", JsonSerializer.Serialize(new { QueueUrl = url, MessageBody = body, MessageGroupId = group }), TestIdentity.Admin);
        var text = await sent.Content.ReadAsStringAsync();
        Assert.True(sent.IsSuccessStatusCode, text);
        return decimal.Parse(JsonDocument.Parse(text).RootElement.GetProperty("SequenceNumber").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string[]> GroupsAsync() =>
        (await workspace.Database.RowsAsync("select group_id from fifo_groups order by group_id")).Select(r => (string)r[0]!).ToArray();
}

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.Gateway.Hosting;

namespace SecureQueue.FunctionalTests.Queues;

/// <summary>MessageRetentionPeriod is enforced: expired messages are never delivered and the sweep records their expiry.</summary>
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
}

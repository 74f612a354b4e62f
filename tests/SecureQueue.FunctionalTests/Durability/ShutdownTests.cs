using Npgsql;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Durability;

/// <summary>
/// A gateway that stops seals what it wrote and checkpoints it, even while an older transaction anywhere on the cluster
/// holds sealing back for a moment (the sealer follows the cluster's xmin horizon).
/// </summary>
public sealed class ShutdownTests : IAsyncLifetime
{
    private readonly GatewayWorkspace workspace = new();

    public Task InitializeAsync() => workspace.InitializeAsync();

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task Stop_WhileAnOlderTransactionIsOpen_SealsAndCheckpointsTheLastEvent()
    {
        var gateway = await GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString);
        await using var connection = new NpgsqlConnection(workspace.Database.ConnectionString);
        await connection.OpenAsync();
        await using var older = await connection.BeginTransactionAsync();
        await using (var xid = new NpgsqlCommand("select pg_current_xact_id()", connection, older))
        {
            await xid.ExecuteScalarAsync();
        }

        using (var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile))
        using (var response = await client.JsonAsync("CreateQueue", """{"QueueName":"last-before-stop"}""", TestIdentity.Admin))
        {
            Assert.Equal(200, (int)response.StatusCode);
        }

        var stopping = gateway.StopAsync();
        await Task.Delay(500);
        await older.CommitAsync();
        await stopping;

        Assert.Equal(0L, await workspace.Database.ScalarAsync<long>("select count(*) from events where position is null"));
        var events = await workspace.Database.ScalarAsync<long>("select count(*) from mt_events");
        Assert.Equal(events, await workspace.Database.ScalarAsync<long>("select max(position) from checkpoints"));
    }
}

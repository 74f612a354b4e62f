using Microsoft.Extensions.Logging;
using Npgsql;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Durability;

/// <summary>
/// A gateway that stops seals what it wrote and checkpoints it, even while an older transaction anywhere on the cluster
/// holds sealing back for a moment (the sealer follows the cluster's xmin horizon), and even while the database refuses
/// the gateway's connections for a moment (a failover, or the cluster's connection limit).
/// </summary>
public sealed class ShutdownTests : IAsyncLifetime
{
    private readonly GatewayWorkspace workspace = new();

    public Task InitializeAsync() => workspace.InitializeAsync();

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task Stop_WhileAnOlderTransactionIsOpen_SealsAndCheckpointsTheLastEvent()
    {
        using var logs = new LogCapture();
        await StopWhileSealingIsHeldBackAsync(logs, refuseConnections: false);
    }

    [Fact]
    public async Task Stop_WhileTheDatabaseRefusesConnections_RetriesUntilItSealsAndCheckpointsTheLastEvent()
    {
        using var logs = new LogCapture();
        await StopWhileSealingIsHeldBackAsync(logs, refuseConnections: true);

        Assert.Contains(logs.Entries, e => e.Id.Id == 1301);
        Assert.DoesNotContain(logs.Entries, e => e.Id.Id is 1104 or 1302);
    }

    /// <summary>
    /// Writes one call's events while an older transaction holds their seal back, stops the gateway, and ends that
    /// transaction half a second into the stop; with <paramref name="refuseConnections"/>, every connection the gateway
    /// holds is also ended and new ones refused until then. Every event must be sealed and checkpointed after the stop.
    /// </summary>
    private async Task StopWhileSealingIsHeldBackAsync(LogCapture logs, bool refuseConnections)
    {
        var gateway = await GatewayInstance.StartAsync(
            workspace.Files, workspace.Database.GatewayConnectionString, configure: builder => builder.Logging.AddProvider(logs));
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

        var role = workspace.Database.GatewayRole;
        if (refuseConnections)
        {
            await TestDatabase.ExecuteAsync(workspace.Database.ConnectionString, $"alter role {role} connection limit 0");
            await TestDatabase.ExecuteAsync(workspace.Database.ConnectionString, $"select pg_terminate_backend(pid) from pg_stat_activity where usename = '{role}'");
        }

        var stopping = gateway.StopAsync();
        await Task.Delay(500);
        await older.CommitAsync();
        if (refuseConnections)
        {
            await TestDatabase.ExecuteAsync(workspace.Database.ConnectionString, $"alter role {role} connection limit -1");
        }

        await stopping;

        var unsealed = await workspace.Database.ScalarAsync<long>("select count(*) from events where position is null");
        var events = await workspace.Database.ScalarAsync<long>("select count(*) from mt_events");
        var checkpointed = await workspace.Database.ScalarAsync<long>("select coalesce(max(position), 0) from checkpoints");
        Assert.True(
            unsealed == 0 && checkpointed == events,
            $"{unsealed} unsealed, {events} events, checkpoint at {checkpointed}; the gateway logged:{Environment.NewLine}{logs.Problems}");
    }
}

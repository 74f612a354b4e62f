using Npgsql;
using SecureQueue.Log.Events;

namespace SecureQueue.Log.Tests.Events;

/// <summary>
/// The writer's last round trip ends with COMMIT. When the connection breaks during it, the batch is committed or not,
/// and the writer must find out which: a committed call succeeds once (not run again, which would store it twice), an
/// uncommitted one fails and stores nothing. The connection is broken for real, by a relay between writer and server.
/// </summary>
public sealed class BrokenCommitTests : IClassFixture<LogHarness>, IAsyncLifetime
{
    private readonly LogHarness harness;
    private CuttingRelay relay = null!;
    private NpgsqlDataSource dataSource = null!;
    private LogWriter writer = null!;

    public BrokenCommitTests(LogHarness harness) => this.harness = harness;

    public async Task InitializeAsync()
    {
        var direct = new NpgsqlConnectionStringBuilder(harness.Database.GatewayConnectionString);
        relay = CuttingRelay.Start(direct.Host!, direct.Port);
        dataSource = LogServices.DataSource(new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = relay.Port }.ConnectionString);
        writer = await harness.StartWriterAsync(dataSource);
    }

    public async Task DisposeAsync()
    {
        await writer.StopAsync(CancellationToken.None);
        writer.Dispose();
        await dataSource.DisposeAsync();
        await relay.DisposeAsync();
    }

    [Fact]
    public async Task ConnectionBrokenAfterCommit_CallSucceedsOnceWithItsSequence()
    {
        var envelope = LogHarness.Envelope();
        relay.Arm(CuttingRelay.Point.AfterCommit);

        var outcome = await writer.ExecuteAsync(envelope, _ => ValueTask.FromResult(new Logged<string>("done", LogHarness.Tested)));

        Assert.True(relay.Cut.IsCompleted, "the relay did not break the connection");
        Assert.Equal("done", outcome.Result);
        Assert.Equal(outcome.Sequence, await harness.Database.ScalarAsync<long>($"select seq_id from mt_events where correlation_id = '{envelope.RequestId}'"));
        Assert.Equal(1L, await harness.Database.ScalarAsync<long>($"select count(*) from mt_events where correlation_id = '{envelope.RequestId}'"));
        Assert.Equal(1L, await harness.Database.ScalarAsync<long>(
            $"select count(*) from event_lookup l join mt_events e on e.seq_id = l.seq_id where e.correlation_id = '{envelope.RequestId}'"));
    }

    [Fact]
    public async Task ConnectionBrokenBeforeCommit_CallFailsAndStoresNothing()
    {
        var envelope = LogHarness.Envelope();
        relay.Arm(CuttingRelay.Point.BeforeCommit);

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => writer.ExecuteAsync(envelope, _ => ValueTask.FromResult(new Logged<string>("done", LogHarness.Tested))));

        Assert.True(relay.Cut.IsCompleted, "the relay did not break the connection");
        Assert.Equal(0L, await harness.Database.ScalarAsync<long>($"select count(*) from mt_events where correlation_id = '{envelope.RequestId}'"));
    }
}

using Npgsql;
using SecureQueue.Log.Events;

namespace SecureQueue.Log.Tests.Events;

/// <summary>
/// The writer's last round trip ends with COMMIT. When the connection breaks during it, the batch is committed or not,
/// and the writer must find out which: a committed call succeeds once (not run again, which would store it twice), an
/// uncommitted one fails and stores nothing; when no server answers whether it committed, its calls fail and are not
/// run again. The connection is broken for real, by a relay between writer and server. The writer's data source pools
/// nothing and asks for no TLS or GSS encryption, so each time the writer asks is one connection the relay sees (a refused
/// encryption request would be tried again without), and its waits between asking take no time.
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
        dataSource = LogServices.DataSource(
            new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = relay.Port, Pooling = false, SslMode = SslMode.Disable, GssEncryptionMode = GssEncryptionMode.Disable }.ConnectionString);
        writer = await harness.StartWriterAsync(dataSource, new InstantDelays());
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

    [Fact]
    public async Task CommitUnanswered_BatchFailsAndIsNotRunAgain()
    {
        // A first call holds the writer until both calls below wait in its channel, so they are one batch.
        var gate = new TaskCompletionSource();
        var holding = new TaskCompletionSource();
        var holder = writer.ExecuteAsync(LogHarness.Envelope(), async _ =>
        {
            holding.SetResult();
            await gate.Task;
            return new Logged<string>("held", LogHarness.Tested);
        });
        await holding.Task;
        var runs = 0;
        var envelopes = new[] { LogHarness.Envelope(), LogHarness.Envelope() };
        var calls = envelopes.Select(envelope => writer.ExecuteAsync(envelope, _ =>
        {
            Interlocked.Increment(ref runs);
            // Armed by the batch's own work, so the cut falls on its COMMIT; every check the writer then makes is refused.
            relay.Arm(CuttingRelay.Point.AfterCommit, refuseAfter: 61);
            return ValueTask.FromResult(new Logged<string>("done", LogHarness.Tested));
        })).ToList();
        gate.SetResult();
        await holder;

        foreach (var call in calls)
        {
            await Assert.ThrowsAsync<CommitUnknownException>(() => call);
        }

        // The server was in reach again right after the writer's last check: nothing of the batch ran a second time.
        Assert.Equal(61, relay.Refused);
        Assert.Equal(2, runs);
        foreach (var envelope in envelopes)
        {
            Assert.Equal(1L, await harness.Database.ScalarAsync<long>($"select count(*) from mt_events where correlation_id = '{envelope.RequestId}'"));
        }
    }

    private sealed class InstantDelays : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            base.CreateTimer(callback, state, TimeSpan.Zero, period);
    }
}

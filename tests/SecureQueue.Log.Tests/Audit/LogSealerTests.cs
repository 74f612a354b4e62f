using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SecureQueue.Log.Audit;
using SecureQueue.Log.Events;
using SecureQueue.Log.Queues;
using SecureQueue.Log.Signals;
using SecureQueue.Log.Tests.Events;

namespace SecureQueue.Log.Tests.Audit;

/// <summary>
/// The sealer takes events below the oldest running transaction of its database, so tests that hold a transaction
/// open in the harness's database (or read the process-wide metrics) run alone.
/// </summary>
[CollectionDefinition(nameof(SealerCollection), DisableParallelization = true)]
public sealed class SealerCollection;

[Collection(nameof(SealerCollection))]
public sealed class LogSealerTests(LogHarness harness) : IClassFixture<LogHarness>
{
    [Fact]
    public async Task SealAllAsync_WriterBatchRolledBackAfterDrawingSequenceNumbers_PositionsStayGapFree()
    {
        var before = await MaxSeqAsync();
        // Fails the commit of any batch holding a "Poison" call, after Marten drew its events' sequence numbers.
        await TestDatabase.ExecuteAsync(harness.Database.ConnectionString, """
            create function poison() returns trigger language plpgsql as $$
            begin
                if new.data ->> 'action' = 'Poison' then raise exception 'poisoned'; end if;
                return null;
            end $$;
            create constraint trigger poison after insert on mt_events deferrable initially deferred for each row execute function poison();
            """);
        try
        {
            var calls = Enumerable.Range(0, 10).Select(i => harness.Writer.ExecuteAsync(LogHarness.Envelope(i == 4 ? "Poison" : "Test"), _ =>
                ValueTask.FromResult(new Logged<int>(i, LogHarness.Tested)))).ToList();
            await Assert.ThrowsAsync<PostgresException>(() => calls[4]);
            await Task.WhenAll(calls.Where((_, i) => i != 4));
        }
        finally
        {
            await TestDatabase.ExecuteAsync(harness.Database.ConnectionString, "drop trigger poison on mt_events; drop function poison()");
        }

        var drawn = await harness.Database.ScalarAsync<long>($"select max(seq_id) - {before} from mt_events");
        Assert.True(drawn > 9, $"the rolled-back batch left no gap in seq_id ({drawn} numbers for 9 events)");
        Assert.Equal(9, await harness.Database.ScalarAsync<long>($"select count(*) from mt_events where seq_id > {before}"));

        await harness.SealAsync();
        await AssertSealedInOrderAsync();
    }

    [Fact]
    public async Task SealAllAsync_TransactionStartedFirstCommitsLast_WaitsForItThenSealsItFirst()
    {
        await harness.SealAsync();
        var sealedBefore = await harness.SealCountAsync();
        await using var other = new WriterOfAnotherProcess(harness);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var early = harness.Writer.ExecuteAsync(LogHarness.Envelope("Early"), async tx =>
        {
            // The transaction is given its id now, before the other writer's; its event is appended only at commit.
            await using (var command = new NpgsqlCommand("select pg_current_xact_id()", tx.Connection))
            {
                await command.ExecuteScalarAsync();
            }

            holding.SetResult();
            await release.Task;
            return new Logged<int>(0, LogHarness.Tested);
        });
        await holding.Task;

        var later = await Task.WhenAll(Enumerable.Range(0, 3).Select(other.ExecuteAsync));
        Assert.Equal(0, await harness.Sealer.SealAllAsync(CancellationToken.None));
        Assert.Equal(sealedBefore, await harness.SealCountAsync());
        var unsealed = await ChainCheck.VerifyAsync(harness.Database.ConnectionString);
        Assert.True(unsealed.Intact, ChainCheck.Describe(unsealed));
        Assert.Equal(3, unsealed.Unsealed);

        release.SetResult();
        var earlyOutcome = await early;
        Assert.All(later, l => Assert.True(l.Sequence < earlyOutcome.Sequence, "the late commit drew its sequence number last"));
        await harness.SealAsync();

        var positions = (await harness.Database.RowsAsync($"select position from seals where position > {sealedBefore} order by tx_id, seq_id"))
            .Select(r => (long)r[0]!).ToList();
        Assert.Equal(Enumerable.Range((int)sealedBefore + 1, 4).Select(p => (long)p), positions);
        Assert.Equal(sealedBefore + 1, await harness.Database.ScalarAsync<long>($"select position from seals where seq_id = {earlyOutcome.Sequence}"));
        await AssertSealedInOrderAsync();
    }

    [Fact]
    public async Task SealAllAsync_RawInsertHeldOpen_NothingAfterItIsSealedUntilItCommits()
    {
        await harness.Writer.ExecuteAsync(LogHarness.Envelope(), _ => ValueTask.FromResult(new Logged<int>(0, LogHarness.Tested)));
        await harness.SealAsync();
        var sealedBefore = await harness.SealCountAsync();

        await using var held = new NpgsqlConnection(harness.Database.ConnectionString);
        await held.OpenAsync();
        await using var transaction = await held.BeginTransactionAsync();
        long heldSeq;
        await using (var insert = new NpgsqlCommand("""
            insert into mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, headers, is_archived)
            select nextval('mt_events_sequence'), gen_random_uuid(), stream_id, version + 100000, data, type, timestamp, tenant_id, mt_dotnet_type,
                   correlation_id, headers, is_archived
            from mt_events order by seq_id desc limit 1
            returning seq_id
            """, held, transaction))
        {
            heldSeq = (long)(await insert.ExecuteScalarAsync())!;
        }

        // Its lookup row, as the writer adds one to each event (a copy of the copied event's).
        await using (var lookup = new NpgsqlCommand(
            "insert into event_lookup select $1, action, read_only, user_name, resource_service, resource_arn, event_source, access_key_id, recorded_at from event_lookup order by seq_id desc limit 1",
            held, transaction))
        {
            lookup.Parameters.AddWithValue(heldSeq);
            await lookup.ExecuteNonQueryAsync();
        }

        var later = await harness.Writer.ExecuteAsync(LogHarness.Envelope(), _ => ValueTask.FromResult(new Logged<int>(0, LogHarness.Tested)));
        Assert.True(later.Sequence > heldSeq);
        for (var pass = 0; pass < 3; pass++)
        {
            Assert.Equal(0, await harness.Sealer.SealAllAsync(CancellationToken.None));
            await Task.Delay(50);
        }

        await transaction.CommitAsync();
        await harness.SealAsync();
        Assert.Equal(sealedBefore + 1, await harness.Database.ScalarAsync<long>($"select position from seals where seq_id = {heldSeq}"));
        Assert.Equal(sealedBefore + 2, await harness.Database.ScalarAsync<long>($"select position from seals where seq_id = {later.Sequence}"));
        await AssertSealedInOrderAsync();
    }

    [Fact]
    public async Task SealAllAsync_WritingTransactionOpenInAnotherDatabase_DoesNotHoldSealingBack()
    {
        await harness.SealAsync();
        await using var elsewhere = await TestDatabase.CreateAsync(migrate: false);
        await using var held = new NpgsqlConnection(elsewhere.ConnectionString);
        await held.OpenAsync();
        await using var transaction = await held.BeginTransactionAsync();
        long heldXid;
        await using (var write = new NpgsqlCommand("create table t (i int); insert into t values (1); select pg_current_xact_id()::text::bigint", held, transaction))
        {
            heldXid = (long)(await write.ExecuteScalarAsync())!;
        }

        var after = await harness.Writer.ExecuteAsync(LogHarness.Envelope(), _ => ValueTask.FromResult(new Logged<int>(0, LogHarness.Tested)));
        Assert.True(await harness.Database.ScalarAsync<long>($"select tx_id::text::bigint from mt_events where seq_id = {after.Sequence}") > heldXid);

        Assert.Equal(1, await harness.Sealer.SealAllAsync(CancellationToken.None));
        Assert.Equal(1L, await harness.Database.ScalarAsync<long>($"select count(*) from seals where seq_id = {after.Sequence}"));
        await transaction.RollbackAsync();
        await AssertSealedInOrderAsync();
    }

    [Fact]
    public async Task SealAllAsync_TwoSealersWhileWriting_PositionsNeitherDuplicatedNorOutOfOrder()
    {
        using var second = new LogSealer(harness.DataSource, NullLogger<LogSealer>.Instance);
        await using var other = new WriterOfAnotherProcess(harness);
        using var stop = new CancellationTokenSource();
        var sealers = new[] { harness.Sealer, second, harness.Sealer, second }.Select(sealer => Task.Run(async () =>
        {
            long sealedBySealer = 0;
            while (!stop.IsCancellationRequested)
            {
                sealedBySealer += await sealer.SealAllAsync(CancellationToken.None);
            }

            return sealedBySealer;
        })).ToList();

        var before = await harness.SealCountAsync();
        try
        {
            for (var round = 0; round < 20; round++)
            {
                // Both writers append to the same queue at once: neither collides with the other's streams.
                await Task.WhenAll(Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? ExecuteOnSharedQueueAsync(i) : other.ExecuteAsync(i)));
            }

            // The racing sealers, not the harness, seal all of it.
            for (var wait = 0; wait < 200 && await harness.SealCountAsync() < await harness.EventCountAsync(); wait++)
            {
                await Task.Delay(50);
            }
        }
        finally
        {
            await stop.CancelAsync();
        }

        var sealedBySealers = await Task.WhenAll(sealers);
        Assert.Equal(2L, await harness.Database.ScalarAsync<long>($"select count(distinct stream_id) from mt_events where data ->> 'resourceArn' = '{SharedQueueArn}'"));
        Assert.Equal(await harness.SealCountAsync() - before, sealedBySealers.Sum());
        Assert.True(sealedBySealers.Sum() >= 400);
        await AssertSealedInOrderAsync();
    }

    [Fact]
    public async Task SealAllAsync_EventsWaited_ReportsLagAndSealedCount()
    {
        double? lag = null;
        long sealedEvents = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LogMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "secq.log.sealing_lag")
            {
                lag = value;
            }
        });
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "secq.log.sealed_events")
            {
                Interlocked.Add(ref sealedEvents, value);
            }
        });
        listener.Start();

        await harness.SealAsync();
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            harness.Writer.ExecuteAsync(LogHarness.Envelope(), _ => ValueTask.FromResult(new Logged<int>(i, LogHarness.Tested)))));
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        Interlocked.Exchange(ref sealedEvents, 0);
        await harness.SealAsync();
        listener.RecordObservableInstruments();

        Assert.Equal(5, Interlocked.Read(ref sealedEvents));
        Assert.NotNull(lag);
        Assert.InRange(lag.Value, 0.5, 60);

        await harness.Sealer.SealAllAsync(CancellationToken.None);
        listener.RecordObservableInstruments();
        Assert.Equal(0, lag);
    }

    [Fact]
    public async Task SealAllAsync_HeldBackByARunningTransaction_ReportsTheWaitAsLag()
    {
        await harness.SealAsync();
        await using var held = new NpgsqlConnection(harness.Database.ConnectionString);
        await held.OpenAsync();
        await using var transaction = await held.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("select pg_current_xact_id()", held, transaction))
        {
            await command.ExecuteScalarAsync();
        }

        await harness.Writer.ExecuteAsync(LogHarness.Envelope(), _ => ValueTask.FromResult(new Logged<int>(0, LogHarness.Tested)));
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        Assert.Equal(0, await harness.Sealer.SealAllAsync(CancellationToken.None));
        Assert.InRange(LogMetrics.SealingLag, 0.5, 60);

        await transaction.RollbackAsync();
        await harness.SealAsync();
        await harness.Sealer.SealAllAsync(CancellationToken.None);
        Assert.Equal(0, LogMetrics.SealingLag);
    }

    private Task<long> MaxSeqAsync() => harness.Database.ScalarAsync<long>("select coalesce(max(seq_id), 0) from mt_events");

    /// <summary>Every event sealed once, positions 1..n with no gap, in (transaction, sequence) order, and the chain intact.</summary>
    private async Task AssertSealedInOrderAsync()
    {
        var events = await harness.EventCountAsync();
        Assert.Equal(events, await harness.SealCountAsync());
        Assert.Equal(events, await harness.Database.ScalarAsync<long>("select coalesce(max(position), 0) from seals"));
        Assert.Equal(events, await harness.Database.ScalarAsync<long>("select count(*) from seals s join mt_events e on e.seq_id = s.seq_id and e.tx_id = s.tx_id"));
        Assert.Equal(0L, await harness.Database.ScalarAsync<long>("""
            select count(*) from (
                select tx_id, seq_id, lag(tx_id) over w as previous_tx, lag(seq_id) over w as previous_seq from seals window w as (order by position)) x
            where previous_tx is not null and (tx_id, seq_id) <= (previous_tx, previous_seq)
            """));
        var report = await ChainCheck.VerifyAsync(harness.Database.ConnectionString);
        Assert.True(report.Intact, ChainCheck.Describe(report));
        Assert.Equal((events, 0L), (report.LastPosition, report.Unsealed));
    }

    /// <summary>
    /// A second writer on the same database, as another replica runs. Its calls name the same queue as
    /// <see cref="ExecuteOnSharedQueueAsync"/> calls of the harness's writer: each writer appends to streams of its own.
    /// </summary>
    private const string SharedQueueArn = "arn:aws:sqs:us-east-1:000000000000:replica";

    private Task<LogOutcome<int>> ExecuteOnSharedQueueAsync(int value) =>
        harness.Writer.ExecuteAsync(LogHarness.Envelope("Local") with { ResourceArn = SharedQueueArn }, _ => ValueTask.FromResult(new Logged<int>(value, LogHarness.Tested)));

    private sealed class WriterOfAnotherProcess : IAsyncDisposable
    {
        private readonly LogWriter writer;

        public WriterOfAnotherProcess(LogHarness harness)
        {
            writer = new LogWriter(
                harness.DataSource, harness.Store, harness.Sealer, new QueueSignals(), new QueueDirectory(harness.DataSource, TimeProvider.System),
                TimeProvider.System, NullLogger<LogWriter>.Instance);
            writer.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        public Task<LogOutcome<int>> ExecuteAsync(int value) =>
            writer.ExecuteAsync(
                LogHarness.Envelope("Replica") with { ResourceArn = SharedQueueArn },
                _ => ValueTask.FromResult(new Logged<int>(value, LogHarness.Tested)));

        public async ValueTask DisposeAsync()
        {
            await writer.StopAsync(CancellationToken.None);
            writer.Dispose();
        }
    }
}

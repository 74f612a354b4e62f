using Npgsql;
using SecureQueue.Log.Events;
using SecureQueue.Log.Messages;
using SecureQueue.Log.Queues;

namespace SecureQueue.Log.Tests.Events;

/// <summary>
/// The writer's statements that touch the log as a gateway's connection keeps them: prepared once, planned generically
/// while the log was small, and reused as the log grows, since nothing re-plans them until the table's statistics
/// change (the first autoanalyze of a new database's log can be a minute away at full load). They still read none of
/// the events already stored beyond their own. The append read all of them once: its lookup rows found their events by
/// id through a join that was planned as a sequential scan of <c>mt_events</c>.
/// </summary>
public sealed class SmallLogPlanTests : IAsyncLifetime
{
    private const int Grown = 20_000;
    private readonly LogHarness harness = new();
    private NpgsqlConnection connection = null!;
    private long queueId;
    private Guid sendEvent;

    public async Task InitializeAsync()
    {
        await harness.InitializeAsync();
        var created = await harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            var queue = await tx.Queues.InsertAsync(new QueueKey("000000000000", "us-east-1", "plans"), new Dictionary<string, string>(), new Dictionary<string, string>(), tx.Now);
            return new Logged<(long, Guid)>((queue.QueueId, tx.EventId), LogHarness.Tested);
        });
        (queueId, sendEvent) = created.Result;
        var owner = harness.Database.ConnectionString;
        await TestDatabase.ExecuteAsync(owner, $"""
            insert into queue_messages (queue_id, position, idx, message_id, event_id, key_id, sent_at, visible_at, expires_at)
            select {queueId}, 1, g, gen_random_uuid(), '{sendEvent}', gen_random_uuid(), now(), now() - interval '1 minute', now() + interval '4 days'
            from generate_series(0, 9) g
            """);
        await TestDatabase.ExecuteAsync(owner, "alter table mt_events set (autovacuum_enabled = false)");
        await TestDatabase.ExecuteAsync(owner, "analyze");
        connection = await harness.DataSource.OpenConnectionAsync();
        await using var generic = new NpgsqlCommand("set plan_cache_mode = force_generic_plan", connection);
        await generic.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await connection.DisposeAsync();
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task Append_PlannedWhileTheLogWasSmall_ReadsNoStoredEventsOnceItGrew()
    {
        var append = new EventAppend(harness.Store);
        var small = await AppendAsync(append, "small");
        await harness.GrowLogAsync(Grown);

        var grown = await AppendAsync(append, "grown-later");

        Assert.Equal((3, 3), (small.Stored, grown.Stored));
        Assert.InRange(grown.Read, 0, Grown / 20);
    }

    [Fact]
    public async Task Claim_PlannedWhileTheLogWasSmall_ReadsOnlyItsSendEventOnceItGrew()
    {
        await ClaimAsync(1);
        await harness.GrowLogAsync(Grown);

        var (claimed, read) = await ClaimAsync(5);

        Assert.Equal(5, claimed);
        Assert.InRange(read, 1, Grown / 20);
    }

    /// <summary>Appends three events to <paramref name="stream"/>: how many lookup rows it stored, and how much of <c>mt_events</c> it read.</summary>
    private async Task<(long Stored, long Read)> AppendAsync(EventAppend append, string stream)
    {
        var now = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, 3).Select(_ => Pending(stream, now)).ToList();
        await using var transaction = await connection.BeginTransactionAsync();
        var read = await ReadAsync(append.Command(stream, events));
        await using var stored = new NpgsqlCommand("select count(*) from event_lookup l join mt_events e using (seq_id) where e.stream_id = $1", connection)
        {
            Parameters = { new() { Value = stream } },
        };
        var count = (long)(await stored.ExecuteScalarAsync())!;
        await transaction.CommitAsync();
        return (count, read.Read);
    }

    /// <summary>Claims up to <paramref name="limit"/> of the queue's messages (all from one send event), and puts them back.</summary>
    private async Task<(int Claimed, long Read)> ClaimAsync(int limit)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        var now = DateTimeOffset.UtcNow;
        var result = await ReadAsync(MessageStore.ReserveCommand(queueId, now, [new ClaimReservation(1, limit, now.AddMinutes(5))]));
        await transaction.RollbackAsync();
        return (result.Rows, result.Read);
    }

    /// <summary>Runs <paramref name="statement"/> prepared: the rows it answered, and how much of <c>mt_events</c> it read.</summary>
    private async Task<(int Rows, long Read)> ReadAsync(NpgsqlBatchCommand statement)
    {
        var before = await RowsRead.SoFarAsync(connection, "mt_events");
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { statement } };
        await batch.PrepareAsync();
        var rows = 0;
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows++;
            }
        }

        return (rows, await RowsRead.SoFarAsync(connection, "mt_events") - before);
    }

    private static PendingEvent Pending(string stream, DateTimeOffset now)
    {
        var envelope = LogHarness.Envelope();
        var recordedAt = EventData.Time(now);
        var data = EventData.Write(envelope, "Tested", recordedAt, null, null, null);
        return new PendingEvent(Guid.CreateVersion7(now), stream, envelope.RequestId, "Tested", data, null, LookupKeys.Of(envelope, recordedAt));
    }
}

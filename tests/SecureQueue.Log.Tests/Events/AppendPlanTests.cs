using Npgsql;
using SecureQueue.Log.Events;

namespace SecureQueue.Log.Tests.Events;

/// <summary>
/// The append's plan as a gateway's connection keeps it: prepared once, planned generically while the log was small,
/// and reused as the log grows, since nothing re-plans it until the table's statistics change. Appending then still
/// reads none of the events already stored (it read all of them once: its lookup rows found their events by id
/// through a join that was planned as a sequential scan of <c>mt_events</c>).
/// </summary>
public sealed class AppendPlanTests : IAsyncLifetime
{
    private const int Grown = 20_000;
    private readonly LogHarness harness = new();

    public Task InitializeAsync() => harness.InitializeAsync();

    public Task DisposeAsync() => harness.DisposeAsync();

    [Fact]
    public async Task Append_PlannedWhileTheLogWasSmall_ReadsNoStoredEventsOnceItGrew()
    {
        var owner = harness.Database.ConnectionString;
        await harness.Writer.AppendAsync(LogHarness.Envelope(), "Tested");
        await TestDatabase.ExecuteAsync(owner, "alter table mt_events set (autovacuum_enabled = false)");
        await TestDatabase.ExecuteAsync(owner, "analyze mt_events");
        var append = new EventAppend(harness.Store);
        await using var connection = await harness.DataSource.OpenConnectionAsync();
        await using (var generic = new NpgsqlCommand("set plan_cache_mode = force_generic_plan", connection))
        {
            await generic.ExecuteNonQueryAsync();
        }

        var small = await AppendAsync(connection, append, "small");
        await TestDatabase.ExecuteAsync(owner, $$"""
            insert into mt_streams (id, version, timestamp, tenant_id) values ('grown', {{Grown}}, now(), '*DEFAULT*');
            insert into mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, is_archived)
            select nextval('mt_events_sequence'), gen_random_uuid(), 'grown', g, '{"time": "2026-11-30T00:00:00.000000Z"}', 'call_recorded',
                   '*DEFAULT*', now(), false
            from generate_series(1, {{Grown}}) g
            """);
        var grown = await AppendAsync(connection, append, "grown-later");

        Assert.Equal(3, small.Stored);
        Assert.Equal(3, grown.Stored);
        Assert.InRange(grown.Read, 0, Grown / 20);
    }

    /// <summary>Appends three events to <paramref name="stream"/> in a transaction: how many lookup rows it stored, and how much of <c>mt_events</c> it read.</summary>
    private static async Task<(long Stored, long Read)> AppendAsync(NpgsqlConnection connection, EventAppend append, string stream)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        var before = await RowsRead.SoFarAsync(connection, "mt_events");
        var now = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, 3).Select(_ => Pending(stream, now)).ToList();
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { append.Command(stream, events) } };
        await batch.PrepareAsync();
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
            }
        }

        var read = await RowsRead.SoFarAsync(connection, "mt_events") - before;
        await using var stored = new NpgsqlCommand("select count(*) from event_lookup l join mt_events e using (seq_id) where e.stream_id = $1", connection)
        {
            Parameters = { new() { Value = stream } },
        };
        var count = (long)(await stored.ExecuteScalarAsync())!;
        await transaction.CommitAsync();
        return (count, read);
    }

    private static PendingEvent Pending(string stream, DateTimeOffset now)
    {
        var envelope = LogHarness.Envelope();
        var recordedAt = EventData.Time(now);
        var data = EventData.Write(envelope, "Tested", recordedAt, null, null, null);
        return new PendingEvent(Guid.CreateVersion7(now), stream, envelope.RequestId, "Tested", data, null, LookupKeys.Of(envelope, recordedAt));
    }
}

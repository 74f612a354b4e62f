using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SecureQueue.Log.Audit;
using SecureQueue.Log.Events;
using SecureQueue.Log.Queues;
using SecureQueue.Log.Signals;
using SecureQueue.Log.Tests.Events;

namespace SecureQueue.Log.Tests.Audit;

/// <summary>
/// LookupEvents' time windows: pages run newest first by recorded time, and a window in the past is one index range
/// scan, however many events were appended after it. Events recorded in the past come from writers whose clocks lag
/// (replicas whose clocks differ, as far as the log can tell), so the log's append order and time order differ here.
/// </summary>
public sealed class AuditSearchTests(LogHarness harness) : IClassFixture<LogHarness>
{
    private const int NewerEvents = 3_000;

    // Far above what a page of the window reads (its own rows and index entries), far below the newer events.
    private const long MaxRowsRead = 100;

    [Theory]
    [InlineData(null)]
    [InlineData(AuditField.Action)]
    public async Task Window_AWeekAgo_FoundByRecordedTimeInPagesReadingOnlyItsOwnRows(AuditField? field)
    {
        var now = DateTimeOffset.UtcNow;
        var weekAgo = await AppendAsync(TimeSpan.FromDays(field is null ? 7 : 17), 5);
        await Task.WhenAll(Enumerable.Range(0, NewerEvents).Select(_ => harness.Writer.AppendAsync(LogHarness.Envelope(), LogHarness.Tested)));
        var dayEarlier = await AppendAsync(TimeSpan.FromDays(field is null ? 8 : 18), 1);
        var filter = new AuditFilter(field, field is null ? null : "Test", now - TimeSpan.FromDays(field is null ? 9 : 19), now - TimeSpan.FromDays(field is null ? 6 : 16), 2);

        var pages = new List<long>();
        AuditCursor? after = null;
        var search = new AuditSearch(harness.DataSource);
        while (true)
        {
            var page = await search.FindAsync(filter, after, CancellationToken.None);
            pages.AddRange(page.Select(r => r.SeqId));
            Assert.True(page.Zip(page.Skip(1)).All(p => p.First.RecordedAt >= p.Second.RecordedAt), "a page out of time order");
            if (page.Count < filter.Limit)
            {
                break;
            }

            after = page[^1].Cursor;
        }

        Assert.Equal([.. weekAgo.AsEnumerable().Reverse(), .. dayEarlier], pages);
        Assert.True(dayEarlier[0] > weekAgo.Max(), "the older event was appended last");
        Assert.InRange(await RowsReadAsync(filter, null), 1, MaxRowsRead);
        Assert.InRange(await RowsReadAsync(filter, new AuditCursor(DateTimeOffset.UtcNow, long.MaxValue)), 1, MaxRowsRead);
    }

    [Fact]
    public async Task Page_EventsRecordedAtTheSameTime_OrderedBySequenceAndNoneSkippedAcrossPages()
    {
        var recorded = DateTimeOffset.UtcNow - TimeSpan.FromDays(30);
        recorded = recorded.AddTicks(-(recorded.Ticks % 10)); // whole microseconds, as PostgreSQL stores them
        var sequences = await AppendAsync(TimeSpan.FromDays(30), 3);
        await TestDatabase.ExecuteAsync(harness.Database.ConnectionString,
            $"alter table event_lookup disable trigger event_lookup_no_update; " +
            $"update event_lookup set recorded_at = '{recorded:O}' where seq_id in ({string.Join(", ", sequences)}); " +
            "alter table event_lookup enable trigger event_lookup_no_update");
        var filter = new AuditFilter(null, null, recorded, recorded.AddTicks(10), 2);
        var search = new AuditSearch(harness.DataSource);

        var first = await search.FindAsync(filter, null, CancellationToken.None);
        var second = await search.FindAsync(filter, first[^1].Cursor, CancellationToken.None);

        Assert.Equal([.. sequences.AsEnumerable().Reverse()], first.Concat(second).Select(r => r.SeqId));
    }

    /// <summary>Appends <paramref name="count"/> events, one after another, through a writer whose clock lags by <paramref name="lag"/>; returns their sequence numbers.</summary>
    private async Task<long[]> AppendAsync(TimeSpan lag, int count)
    {
        using var writer = new LogWriter(
            harness.DataSource, harness.Store, harness.Sealer, new QueueSignals(), new QueueDirectory(harness.DataSource, TimeProvider.System),
            new LaggingClock(lag), NullLogger<LogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        var sequences = new long[count];
        for (var i = 0; i < count; i++)
        {
            sequences[i] = (await writer.AppendAsync(LogHarness.Envelope(), LogHarness.Tested)).Sequence!.Value;
        }

        await writer.StopAsync(CancellationToken.None);
        return sequences;
    }

    /// <summary>Heap rows and index entries of <c>event_lookup</c> and <c>mt_events</c> that one page's statement reads.</summary>
    private async Task<long> RowsReadAsync(AuditFilter filter, AuditCursor? after)
    {
        var (sql, parameters) = AuditSearch.Explainable(filter, after)!.Value;
        await using var connection = await harness.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var start = await RowsRead.SoFarAsync(connection, "event_lookup", "mt_events");
        await using (var page = new NpgsqlCommand(sql, connection, transaction))
        {
            page.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
            await using var reader = await page.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }
        }

        return await RowsRead.SoFarAsync(connection, "event_lookup", "mt_events") - start;
    }

    private sealed class LaggingClock(TimeSpan lag) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() - lag;
    }
}

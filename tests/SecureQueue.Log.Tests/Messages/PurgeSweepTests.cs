using Npgsql;
using SecureQueue.Log.Events;
using SecureQueue.Log.Keys;
using SecureQueue.Log.Messages;
using SecureQueue.Log.Queues;
using SecureQueue.Log.Tests.Events;

namespace SecureQueue.Log.Tests.Messages;

/// <summary>
/// A purge is a generation (118_batched_purge.sql): the call's transaction ends the queue's current one and the sweep
/// removes its rows in batches, from a cursor, leaving what was stored after the purge, and ends only when none is left.
/// </summary>
public sealed class PurgeSweepTests(LogHarness harness) : IClassFixture<LogHarness>
{
    private static readonly MessageKey First = new(long.MinValue, short.MinValue);

    [Fact]
    public async Task BeginPurge_SendsEarlierInTheBatchArePurged_LaterOnesAreKept()
    {
        var (queueId, keyId) = await CreateQueueWithKeyAsync();
        var (before, after) = (Guid.NewGuid(), Guid.NewGuid());
        var sweep = await RunAsync(async tx =>
        {
            tx.Messages.Insert(queueId, tx.Position, tx.EventId, [Message(tx, before, keyId)]);
            var started = await tx.Messages.BeginPurgeAsync(queueId, deletingQueue: false);
            Assert.Equal([keyId], await tx.DataKeys.RetireAsync(queueId, tx.Now));
            var newer = new StoredDataKey(Guid.NewGuid(), queueId, "default", 1, [7, 8, 9], tx.Now);
            Assert.True(await tx.DataKeys.InsertAsync(newer));
            tx.Messages.Insert(queueId, tx.Position + 1, tx.EventId, [Message(tx, after, newer.KeyId)]);
            return started;
        });
        Assert.True(await MessageStore.PurgedRowsLeftAsync(harness.DataSource, sweep, CancellationToken.None));

        var (removed, state) = await RunAsync(async tx =>
            ((await tx.Messages.DeletePurgedAsync(sweep, First, 1000)).Count, await tx.Messages.FinishPurgeAsync(sweep)));

        Assert.Equal((1, PurgeState.Finished), (removed, state));
        Assert.False(await MessageStore.PurgedRowsLeftAsync(harness.DataSource, sweep, CancellationToken.None));
        Assert.Equal([after], await MessageIdsAsync(queueId));
        Assert.False(await harness.Database.ScalarAsync<bool>($"select purging from queues where queue_id = {queueId}"));
    }

    [Fact]
    public async Task DeletePurged_InBatches_EachReadsOnFromWhereTheLastStopped()
    {
        var (queueId, _, _) = await CreatePurgedQueueAsync(purgedRows: 3000, keptRows: 3000);
        var sweep = new PurgeSweep(queueId, 1, 1);

        var batches = new List<(IReadOnlyList<MessageKey> Removed, long Read)>();
        var cursor = First;
        for (var i = 0; i < 4; i++)
        {
            var batch = await RunAsync(async tx =>
            {
                var read = await RowsRead.SoFarAsync(tx.Connection, "queue_messages");
                var removed = await tx.Messages.DeletePurgedAsync(sweep, cursor, 1000);
                return (removed, await RowsRead.SoFarAsync(tx.Connection, "queue_messages") - read);
            });
            batches.Add(batch);
            cursor = batch.removed.Count > 0 ? batch.removed.MaxBy(k => (k.Position, k.Index)) : cursor;
        }

        Assert.Equal([1000, 1000, 1000, 0], batches.Select(b => b.Removed.Count));

        // The queue has no statistics: planned freely, a batch read all 6,000 rows of the queue past its cursor (12,000
        // index entries and rows) and sorted them. In key order it reads the 2,000 up to its thousandth purged row.
        Assert.InRange(batches[0].Read, 1, 6000);
        for (var i = 1; i < 3; i++)
        {
            var previousEnd = batches[i - 1].Removed.Max(k => k.Position);
            Assert.All(batches[i].Removed, k => Assert.True(k.Position > previousEnd));

            // The purged rows are every other position: each batch reads its thousand and the kept ones between them, as
            // the first did, not the kept and dead rows of the batches before it as well (twice as many, then three times).
            Assert.InRange(batches[i].Read, 1, batches[0].Read * 5 / 4);
        }

        Assert.Equal(3000L, await harness.Database.ScalarAsync<long>($"select count(*) from queue_messages where queue_id = {queueId} and generation = 1"));
        Assert.Equal(0L, await harness.Database.ScalarAsync<long>($"select count(*) from queue_messages where queue_id = {queueId} and generation = 0"));
    }

    [Fact]
    public async Task FinishPurge_ManyRowsSentSince_ReadsOnlyTheRetiredKeysEntries()
    {
        // Statistics taken while the queue held only the purged rows, under one key, as in a purge. Asking for rows of
        // older generations, the end of the sweep read every row sent since, inside the writer. The purged rows are few:
        // their deleted index entries are read too while an older snapshot anywhere keeps them from being marked dead.
        const int PurgedRows = 100;
        const int SentSince = 5_000;
        var (queueId, purgedKey, keptKey) = await CreatePurgedQueueAsync(PurgedRows, keptRows: 0);
        await TestDatabase.ExecuteAsync(harness.Database.ConnectionString, "analyze queue_messages");
        await TestDatabase.ExecuteAsync(
            harness.Database.ConnectionString,
            $"delete from queue_messages where queue_id = {queueId};" + RowsSql(queueId, keptKey, 1, $"{2 * PurgedRows} + g", SentSince));
        var sweep = new PurgeSweep(queueId, 1, 1);
        Assert.False(await MessageStore.PurgedRowsLeftAsync(harness.DataSource, sweep, CancellationToken.None));

        var (state, destroyed, read) = await RunAsync(async tx =>
        {
            var before = await RowsRead.SoFarAsync(tx.Connection, "queue_messages");
            var finished = await tx.Messages.FinishPurgeAsync(sweep);
            var keys = await tx.DataKeys.DestroyRetiredAsync(queueId, tx.Now);
            return (finished, keys, await RowsRead.SoFarAsync(tx.Connection, "queue_messages") - before);
        });

        Assert.Equal(PurgeState.Finished, state);
        Assert.Equal([purgedKey], destroyed);
        Assert.InRange(read, 0, SentSince / 10);
    }

    [Fact]
    public async Task FinishPurge_RowHeldByAnotherTransaction_RowsLeftUntilTheSweepTakesIt()
    {
        var (queueId, _, _) = await CreatePurgedQueueAsync(purgedRows: 10, keptRows: 0);
        var sweep = new PurgeSweep(queueId, 1, 1);

        await using var holder = await harness.DataSource.OpenConnectionAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand($"select 1 from queue_messages where queue_id = {queueId} and position = 3 for update", holder, hold))
        {
            await lockRow.ExecuteNonQueryAsync();
        }

        var (removed, state) = await RunAsync(async tx =>
            ((await tx.Messages.DeletePurgedAsync(sweep, First, 1000)).Count, await tx.Messages.FinishPurgeAsync(sweep)));
        Assert.Equal((9, PurgeState.RowsLeft), (removed, state));
        Assert.True(await harness.Database.ScalarAsync<bool>($"select purging from queues where queue_id = {queueId}"));
        Assert.True(await MessageStore.PurgedRowsLeftAsync(harness.DataSource, sweep, CancellationToken.None));

        await hold.CommitAsync();
        var (removedAfter, stateAfter) = await RunAsync(async tx =>
            ((await tx.Messages.DeletePurgedAsync(sweep, First, 1000)).Count, await tx.Messages.FinishPurgeAsync(sweep)));
        Assert.Equal((1, PurgeState.Finished), (removedAfter, stateAfter));
    }

    [Fact]
    public async Task FinishPurge_QueuePurgedAgain_IsSupersededAndLeavesTheMarkToTheNewerSweep()
    {
        var (queueId, _, _) = await CreatePurgedQueueAsync(purgedRows: 5, keptRows: 5);
        var first = new PurgeSweep(queueId, 1, 1);
        var second = await RunAsync(tx => new ValueTask<PurgeSweep>(tx.Messages.BeginPurgeAsync(queueId, deletingQueue: false)));
        Assert.False(await MessageStore.PurgedRowsLeftAsync(harness.DataSource, first, CancellationToken.None));
        Assert.True(await MessageStore.PurgedRowsLeftAsync(harness.DataSource, second, CancellationToken.None));

        var state = await RunAsync(async tx =>
        {
            await tx.Messages.DeletePurgedAsync(first, First, 1000);
            return await tx.Messages.FinishPurgeAsync(first);
        });

        Assert.Equal(PurgeState.Superseded, state);
        Assert.Equal(2, second.Generation);
        Assert.True(await harness.Database.ScalarAsync<bool>($"select purging from queues where queue_id = {queueId}"));
        var (removed, finished) = await RunAsync(async tx =>
            ((await tx.Messages.DeletePurgedAsync(second, First, 1000)).Count, await tx.Messages.FinishPurgeAsync(second)));
        Assert.Equal((5, PurgeState.Finished), (removed, finished));
        Assert.Empty(await MessageIdsAsync(queueId));
    }

    [Fact]
    public async Task BeginPurge_DeletingTheQueue_SweepsEveryGenerationAndIsListedAsPending()
    {
        var (queueId, _, _) = await CreatePurgedQueueAsync(purgedRows: 5, keptRows: 5);
        var sweep = await RunAsync(tx => new ValueTask<PurgeSweep>(tx.Messages.BeginPurgeAsync(queueId, deletingQueue: true)));
        await RunAsync(async tx =>
        {
            await tx.Queues.DeleteAsync(queueId, tx.Now);
            return true;
        });

        Assert.Equal(MessageStore.AllGenerations, sweep.Below);
        Assert.Contains(sweep, await MessageStore.PendingPurgesAsync(harness.DataSource, CancellationToken.None));
        var (removed, state) = await RunAsync(async tx =>
            ((await tx.Messages.DeletePurgedAsync(sweep, First, 1000)).Count, await tx.Messages.FinishPurgeAsync(sweep)));
        Assert.Equal((10, PurgeState.Finished), (removed, state));
        Assert.DoesNotContain(await MessageStore.PendingPurgesAsync(harness.DataSource, CancellationToken.None), p => p.QueueId == queueId);
    }

    [Fact]
    public async Task RetireAsync_KeySealsNothingMore_AndIsDestroyedOnlyOnceNoMessageNeedsIt()
    {
        var (queueId, keyId) = await CreateQueueWithKeyAsync();
        var kept = Guid.NewGuid();
        var (retired, liveAfter) = await RunAsync(async tx =>
        {
            tx.Messages.Insert(queueId, tx.Position, tx.EventId, [Message(tx, kept, keyId)]);
            var keys = await tx.DataKeys.RetireAsync(queueId, tx.Now);
            return (keys, await tx.DataKeys.IsLiveAsync(keyId));
        });
        Assert.Equal([keyId], retired);
        Assert.False(liveAfter);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => RunAsync(tx =>
        {
            tx.Messages.Insert(queueId, tx.Position, tx.EventId, [Message(tx, Guid.NewGuid(), keyId)]);
            return ValueTask.FromResult(true);
        }));
        Assert.Contains("retired", refused.MessageText, StringComparison.Ordinal);

        // A newer key, never retired and holding no message, is not the purge's to destroy.
        var newer = await RunAsync(async tx =>
        {
            var key = new StoredDataKey(Guid.NewGuid(), queueId, "default", 1, [4, 5, 6], tx.Now);
            Assert.True(await tx.DataKeys.InsertAsync(key));
            return key.KeyId;
        });
        Assert.Empty(await RunAsync(tx => new ValueTask<IReadOnlyList<Guid>>(tx.DataKeys.DestroyRetiredAsync(queueId, tx.Now))));

        await TestDatabase.ExecuteAsync(harness.Database.ConnectionString, $"delete from queue_messages where message_id = '{kept}'");
        Assert.Equal([keyId], await RunAsync(tx => new ValueTask<IReadOnlyList<Guid>>(tx.DataKeys.DestroyRetiredAsync(queueId, tx.Now))));
        Assert.Equal(1L, await harness.Database.ScalarAsync<long>($"select count(*) from data_keys where key_id = '{keyId}' and wrapped is null"));
        Assert.Equal(1L, await harness.Database.ScalarAsync<long>($"select count(*) from data_keys where key_id = '{newer}' and wrapped is not null"));
    }

    private async Task<T> RunAsync<T>(Func<LogTransaction, ValueTask<T>> work)
    {
        var outcome = await harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx => new Logged<T>(await work(tx), LogHarness.Tested));
        return outcome.Result;
    }

    private static NewMessage Message(LogTransaction tx, Guid id, Guid keyId) => new(0, id, tx.Now, tx.Now, tx.Now.AddDays(1), keyId);

    private async Task<IReadOnlyList<Guid>> MessageIdsAsync(long queueId)
    {
        await using var connection = await harness.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"select message_id from queue_messages where queue_id = {queueId}", connection);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private async Task<(long QueueId, Guid KeyId)> CreateQueueWithKeyAsync() => await RunAsync(async tx =>
    {
        var queue = await tx.Queues.InsertAsync(new QueueKey("000000000000", "us-east-1", "p-" + Guid.NewGuid().ToString("N")[..10]), new Dictionary<string, string>(), new Dictionary<string, string>(), tx.Now);
        var key = new StoredDataKey(Guid.NewGuid(), queue.QueueId, "default", 1, [1, 2, 3], tx.Now);
        Assert.True(await tx.DataKeys.InsertAsync(key));
        return (queue.QueueId, key.KeyId);
    });

    /// <summary>
    /// A queue at generation 1, being purged: its odd positions hold the purged rows (generation 0, under the key the purge
    /// retired), its even ones the kept (under a key made since).
    /// </summary>
    private async Task<(long QueueId, Guid PurgedKey, Guid KeptKey)> CreatePurgedQueueAsync(int purgedRows, int keptRows)
    {
        var (queueId, purgedKey) = await CreateQueueWithKeyAsync();
        var keptKey = Guid.NewGuid();
        await TestDatabase.ExecuteAsync(harness.Database.ConnectionString, $"""
            update queues set generation = 1, purging = true where queue_id = {queueId};
            update data_keys set retired_at = now() where key_id = '{purgedKey}';
            insert into data_keys (key_id, queue_id, keyring, kek_version, wrapped, created_at) values ('{keptKey}', {queueId}, 'default', 1, '\x070809', now());
            """ + RowsSql(queueId, purgedKey, 0, "2 * g - 1", purgedRows) + RowsSql(queueId, keptKey, 1, "2 * g", keptRows));
        return (queueId, purgedKey, keptKey);
    }

    private static string RowsSql(long queueId, Guid keyId, int generation, string position, int count) => $"""
        insert into queue_messages (queue_id, position, idx, message_id, event_id, key_id, sent_at, visible_at, expires_at, generation)
        select {queueId}, {position}, 0, gen_random_uuid(), gen_random_uuid(), '{keyId}', now(), now(), now() + interval '1 day', {generation}
        from generate_series(1, {count}) g;
        """;
}

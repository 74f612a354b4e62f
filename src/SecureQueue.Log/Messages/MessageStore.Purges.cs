using Npgsql;

namespace SecureQueue.Log.Messages;

/// <summary>
/// PurgeQueue and DeleteQueue (118_batched_purge.sql): the call moves its queue to the next generation, and the purge
/// sweeper removes the rows of earlier generations a batch per writer transaction, so no transaction, and no other call
/// waiting on the writer, carries a whole queue's deletion.
/// </summary>
public sealed partial class MessageStore
{
    /// <summary>The generation bound that covers every row of a queue: a deleted queue keeps none.</summary>
    public const int AllGenerations = int.MaxValue;

    /// <summary>
    /// Starts purging the queue: rows stored before this point in the transaction (this batch's earlier sends are written
    /// first) belong to the generation the purge ends, rows stored after it to the one it returns. The queue is marked for
    /// the sweeper, and its FIFO deduplication window and receive attempts are forgotten at once (as SQS's purge does).
    /// </summary>
    public async Task<PurgeSweep> BeginPurgeAsync(long queueId, bool deletingQueue)
    {
        await FlushAsync();
        await using var command = connection.Command(
            "update queues set generation = generation + 1, purging = true where queue_id = $1 returning generation", queueId);
        var generation = (int)(await command.ExecuteScalarAsync())!;
        await ForgetFifoStateAsync(queueId);
        return new PurgeSweep(queueId, generation, deletingQueue ? AllGenerations : generation);
    }

    /// <summary>
    /// Deletes up to <paramref name="limit"/> purged rows of the queue after <paramref name="after"/> in primary-key order
    /// (<c>secq_delete_purged</c>, 118_batched_purge.sql), skipping rows another transaction holds
    /// (<see cref="FinishPurgeAsync"/> finds those later).
    /// </summary>
    public async Task<IReadOnlyList<MessageKey>> DeletePurgedAsync(PurgeSweep sweep, MessageKey after, int limit)
    {
        await FlushAsync();
        await using var command = connection.Command(
            "select * from secq_delete_purged($1, $2, $3, $4, $5)", sweep.QueueId, after.Position, after.Index, sweep.Below, limit);
        var removed = new List<MessageKey>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            removed.Add(new MessageKey(reader.GetInt64(0), reader.GetInt16(1)));
        }

        return removed;
    }

    // The queue's purged rows are exactly its rows under retired keys: a purge retires every key of its queue in its call
    // (QueueRemoval), and no row is stored under a retired key (InsertSql), so rows sent since then are under newer keys.
    // Asked that way, the check reads only the retired keys' entries of queue_messages_key, not the queue's newer rows
    // (or, planned as a scan, the whole table's). The queue is hidden from the planner, as in DataKeyStore: named as
    // k.queue_id, it could become the index scan's only condition, the key a filter (in psql, with statistics from before
    // a deep purge, that plan read all 100,000 rows sent since).
    private const string RowsUnderRetiredKeys =
        """
        select 1 from data_keys k
        where k.queue_id = $1 and k.retired_at is not null and k.destroyed_at is null
          and exists (select 1 from queue_messages m where m.queue_id = (select $1) and m.key_id = k.key_id)
        """;

    /// <summary>
    /// Ends the sweep when no purged row is left: clears the queue's mark, unless a later purge has taken the queue to a
    /// newer generation (its own sweep ends it) or another sweeper ended this one first. Rows that a receive held while the
    /// batches passed are still there; the sweep goes over the queue again for them.
    /// </summary>
    public async Task<PurgeState> FinishPurgeAsync(PurgeSweep sweep)
    {
        await using (var finish = connection.Command(
            $"""
            update queues set purging = false
            where queue_id = $1 and generation = $2 and purging and not exists ({RowsUnderRetiredKeys})
            """,
            sweep.QueueId, sweep.Generation))
        {
            if (await finish.ExecuteNonQueryAsync() == 1)
            {
                return PurgeState.Finished;
            }
        }

        await using var current = connection.Command("select generation = $2 and purging from queues where queue_id = $1", sweep.QueueId, sweep.Generation);
        return (bool)(await current.ExecuteScalarAsync())! ? PurgeState.RowsLeft : PurgeState.Superseded;
    }

    /// <summary>
    /// Whether the sweep still has rows to remove, read outside the writer: false when none of the queue's purged rows is
    /// left, or when a later purge has taken the queue over (<see cref="FinishPurgeAsync"/> then tells which). The scan
    /// passes over the index entries of the rows the sweep deleted and, as those are dead to every transaction by then,
    /// marks them so: the same check in <see cref="FinishPurgeAsync"/>, and the destruction of the retired keys, then skip
    /// them inside the writer's transaction instead of visiting every deleted row (a million took 300 ms there, with every
    /// other call waiting).
    /// </summary>
    public static async Task<bool> PurgedRowsLeftAsync(NpgsqlDataSource dataSource, PurgeSweep sweep, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            $"select exists (select 1 from queues where queue_id = $1 and generation = $2 and purging) and exists ({RowsUnderRetiredKeys})",
            sweep.QueueId, sweep.Generation);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Whether a purge of the queue is still being swept: until it ends, its rows may leave the queue no other way. The
    /// queue's row stays share-locked until this transaction ends, so a purge another replica has begun is waited for and
    /// then seen, and one begun later waits for this transaction: none commits between this answer and what it allows.
    /// </summary>
    public async Task<bool> IsPurgingAsync(long queueId)
    {
        await using var command = connection.Command("select purging from queues where queue_id = $1 for share", queueId);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The purges not swept to the end yet, on any replica: after a crash, or past what their calls waited for.</summary>
    public static async Task<IReadOnlyList<PurgeSweep>> PendingPurgesAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("select queue_id, generation, deleted_at is not null from queues where purging");
        var pending = new List<PurgeSweep>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var generation = reader.GetInt32(1);
            pending.Add(new PurgeSweep(reader.GetInt64(0), generation, reader.GetBoolean(2) ? AllGenerations : generation));
        }

        return pending;
    }
}

/// <summary>One purge's work: the queue's rows of a generation below <paramref name="Below"/> go.</summary>
/// <param name="Generation">The generation the purge moved the queue to.</param>
public sealed record PurgeSweep(long QueueId, int Generation, int Below);

public enum PurgeState
{
    /// <summary>No purged row is left and the queue's mark is cleared: its retired keys can be destroyed.</summary>
    Finished,

    /// <summary>Purged rows remain (held by other transactions when the batches passed).</summary>
    RowsLeft,

    /// <summary>A later purge or another sweeper owns the queue's mark now.</summary>
    Superseded,
}

using Npgsql;

namespace SecureQueue.Log.Queues;

/// <summary>
/// Reads the projections on a pooled connection, outside the writer, for calls that change nothing (their audit
/// event alone goes through the writer) and for long polls deciding whether a claim is worth a writer transaction.
/// Every read sees what was committed when it ran, so a caller reads its own acknowledged writes.
/// </summary>
public sealed class QueueReader(NpgsqlDataSource dataSource)
{
    public Task<QueueRecord?> FindAsync(QueueKey key, CancellationToken cancellationToken) =>
        ReadAsync(store => store.FindAsync(key), cancellationToken);

    /// <summary>The live queue and its approximate message counts at <paramref name="now"/>, or null when there is no such queue.</summary>
    public Task<(QueueRecord Queue, QueueCounts Counts)?> FindWithCountsAsync(QueueKey key, DateTimeOffset now, CancellationToken cancellationToken) =>
        ReadAsync<(QueueRecord, QueueCounts)?>(
            async store => await store.FindAsync(key) is { } queue ? (queue, await store.CountAsync(queue.QueueId, now)) : null,
            cancellationToken);

    /// <summary>Names of live queues in name order, after <paramref name="after"/>, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<string>> ListAsync(string accountId, string region, string prefix, string? after, int limit, CancellationToken cancellationToken) =>
        ReadAsync(store => store.ListAsync(accountId, region, prefix, after, limit), cancellationToken);

    public Task<IReadOnlyList<string>> ListSourcesAsync(string accountId, string region, string targetArn, string? after, int limit, CancellationToken cancellationToken) =>
        ReadAsync(store => store.ListSourcesAsync(accountId, region, targetArn, after, limit), cancellationToken);

    /// <summary>Every live queue of the account in every region, in region and name order.</summary>
    public Task<IReadOnlyList<QueueRecord>> AllAsync(string accountId, CancellationToken cancellationToken) =>
        ReadAsync(store => store.AllAsync(accountId), cancellationToken);

    /// <summary>Messages over every queue at <paramref name="now"/>: visible, in flight (received, not yet visible again) and delayed.</summary>
    public Task<QueueCounts> TotalsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        ReadAsync(store => store.CountAllAsync(now), cancellationToken);

    /// <summary>
    /// Whether the queue still exists, whether a message looks claimable at <paramref name="now"/> (a hint: a claim in
    /// the writer decides), and, only when nothing looks claimable, when the next unexpired message becomes visible.
    /// Both come from the queue's first unexpired row in visibility order: the walk stops there, so on a busy queue it
    /// never enters the range past <paramref name="now"/>, which holds the index entries of every message received and
    /// deleted within the visibility timeout. On a FIFO queue (<paramref name="fifo"/>) a visible message is claimable only
    /// as its group's first unexpired message: the messages behind one in flight are visible and wait for it, and a
    /// probe that counted them sent every waiting poll to the writer once a second for a claim that could not succeed.
    /// </summary>
    public async Task<QueueProbe> ProbeAsync(long queueId, DateTimeOffset now, bool fifo, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ProbeAsync(connection, queueId, now, fifo, cancellationToken);
    }

    /// <summary>The probe on a connection the caller holds. The queue and the time are hidden from the planner, as in <see cref="Messages.MessageStore"/>.</summary>
    internal static async Task<QueueProbe> ProbeAsync(NpgsqlConnection connection, long queueId, DateTimeOffset now, bool fifo, CancellationToken cancellationToken)
    {
        // A FIFO group open to a receive, judged as the FIFO claim judges it; the walk stops at the first one.
        const string LeaderVisible = $"exists (select 1 from fifo_groups g {Messages.MessageStore.GroupHead} where g.queue_id = (select $1) and h.visible_at <= (select $2))";
        await using var command = connection.Command(
            $"""
            select exists (select 1 from queues where queue_id = $1 and deleted_at is null),
                   (select visible_at from queue_messages where queue_id = (select $1) and expires_at > (select $2) order by visible_at limit 1),
                   {(fifo ? LeaderVisible : "null::boolean")}
            """,
            queueId, now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var next = reader.IsDBNull(1) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(1);
        var live = reader.GetBoolean(0);
        var claimable = fifo ? reader.GetBoolean(2) : next <= now;

        // Nothing visible: the first to become visible is the next chance. Visible but blocked behind a group's message in
        // flight: no time is known (that message's deletion signals the poll; its timeout is found by the next probe).
        return new QueueProbe(live, claimable, live && !claimable && next > now ? next : null);
    }

    private async Task<T> ReadAsync<T>(Func<QueueStore, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await read(new QueueStore(connection));
    }
}

/// <summary>What a long poll learns without the writer: the queue exists, something looks claimable, the next visibility time.</summary>
public sealed record QueueProbe(bool QueueExists, bool LooksClaimable, DateTimeOffset? NextVisibleAt);

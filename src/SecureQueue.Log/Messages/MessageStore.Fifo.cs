namespace SecureQueue.Log.Messages;

/// <summary>
/// FIFO state as rows (107_fifo.sql), so that every gateway replica on the database keeps the same order, group lock,
/// deduplication window and receive attempts: nothing here lives only in a process.
/// </summary>
public sealed partial class MessageStore
{
    /// <summary>How long a deduplication id and a receive attempt id are remembered (SQS: 5 minutes).</summary>
    public static readonly TimeSpan FifoWindow = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Draws the next sequence numbers of the groups of <paramref name="groupIds"/> (one per message, in order) and holds
    /// each group's row lock until commit, so concurrent sends to one group, from any replica, are numbered in commit order.
    /// </summary>
    public async Task<IReadOnlyList<decimal>> NextSequencesAsync(long queueId, IReadOnlyList<string> groupIds, DateTimeOffset now)
    {
        var counts = groupIds.GroupBy(g => g, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (Group: g.Key, Count: g.Count())).ToList();
        await using var command = connection.Command(
            """
            insert into fifo_groups as g (queue_id, group_id, last_sequence)
            select $1, r.group_id, $4 + r.n from unnest($2::text[], $3::integer[]) as r(group_id, n) order by r.group_id
            on conflict (queue_id, group_id) do update set last_sequence = greatest(g.last_sequence, $4) + (excluded.last_sequence - $4)
            returning group_id, last_sequence
            """,
            queueId, counts.Select(c => c.Group).ToArray(), counts.Select(c => c.Count).ToArray(), FifoSequence.Base(now));
        var next = new Dictionary<string, decimal>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var count = counts.First(c => c.Group == reader.GetString(0)).Count;
                next[reader.GetString(0)] = reader.GetDecimal(1) - count + 1;
            }
        }

        return groupIds.Select(g => next[g]++).ToList();
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> messages of a FIFO queue. A group is deliverable up to its first message that
    /// is not visible (in flight or delayed): positional, as SQS's group lock. Groups are claimed oldest first, as many
    /// messages of one group as it can give, under their <c>fifo_groups</c> row lock (skip locked): a concurrent receive on
    /// any replica takes other groups. The messages are chosen by a second statement, whose snapshot begins after the locks
    /// are held, so it sees every claim committed by the group's previous holder.
    /// </summary>
    public async Task<ClaimedBatch> ClaimFifoAsync(long queueId, DateTimeOffset now, int limit, DateTimeOffset visibleAt, long nonce)
    {
        await FlushAsync();
        var groups = await LockGroupsAsync(queueId, now, limit);
        return groups.Length == 0
            ? new ClaimedBatch([], new Dictionary<long, SendEvent>())
            : await ClaimRowsAsync(GroupLeaders("$6", "$7"), nonce, queueId, now, limit, visibleAt, nonce, groups, SentHere);
    }

    /// <summary>
    /// Joins each group "g" of <c>fifo_groups</c> to its first unexpired message "h" (visible_at, sequence_number) at $2:
    /// one index probe per group. A group is open to a receive when that message is visible. FIFO claims and long-poll
    /// probes (<see cref="Queues.QueueReader"/>) both judge groups by it.
    /// </summary>
    internal const string GroupHead = """
        cross join lateral (
            select m.visible_at, m.sequence_number from queue_messages m
            where m.queue_id = g.queue_id and m.group_id = g.group_id and m.expires_at > (select $2)
            order by m.sequence_number limit 1) h
        """;

    /// <summary>
    /// Locks, skip locked, up to <paramref name="limit"/> groups of the queue whose first unexpired message is visible,
    /// oldest first; returns their ids. The locks hold until commit.
    /// </summary>
    private async Task<string[]> LockGroupsAsync(long queueId, DateTimeOffset now, int limit)
    {
        var groups = new List<string>();
        await using var lockGroups = connection.Command(
            $"""
            select g.group_id from fifo_groups g {GroupHead}
            where g.queue_id = (select $1) and h.visible_at <= (select $2)
            order by h.sequence_number
            limit $3
            for update of g skip locked
            """,
            queueId, now, limit);
        await using var reader = await lockGroups.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            groups.Add(reader.GetString(0));
        }

        return [.. groups];
    }

    /// <summary>
    /// The CTE "c" of the locked groups' leading messages: each group's unexpired messages in sequence order up to the
    /// first that is not visible, groups in the order locked, at most $3 in all: (ctid, position, idx, ord,
    /// sequence_number). Over $1 queue, $2 now, $3 limit, the locked groups' ids in <paramref name="groups"/> and the
    /// positions to leave out (this batch's own sends) in <paramref name="leaveOut"/>.
    /// </summary>
    private static string GroupLeaders(string groups, string leaveOut) => $"""
        h as (
            select g.ord, m.ctid, m.position, m.idx, m.sequence_number, m.visible_at
            from unnest({groups}::text[]) with ordinality as g(group_id, ord)
            cross join lateral (
                select m.ctid, m.position, m.idx, m.sequence_number, m.visible_at from queue_messages m
                where m.queue_id = (select $1) and m.group_id = g.group_id and m.expires_at > (select $2) and m.position <> all({leaveOut})
                order by m.sequence_number limit $3) m),
        o as (select h.*, bool_and(h.visible_at <= $2) over (partition by h.ord order by h.sequence_number) as open from h),
        c as (select ctid, position, idx, ord, sequence_number from o where open order by ord, sequence_number limit $3)
        """;

    /// <summary>
    /// A retried receive (same ReceiveRequestAttemptId within the window): the same messages, with the same receipts, their
    /// visibility reset to <paramref name="visibleAt"/>; null when the attempt is unknown, expired, or any of its messages was
    /// deleted, received again or had its visibility changed since.
    /// </summary>
    public async Task<ClaimedBatch?> RepeatAttemptAsync(long queueId, byte[] attemptHash, DateTimeOffset now, DateTimeOffset visibleAt)
    {
        await FlushAsync();
        long[] positions;
        short[] indexes;
        long nonce;
        DateTimeOffset previous;
        DateTimeOffset expires;
        await using (var find = connection.Command(
            """
            select positions, indexes, nonce, visible_at, expires_at from fifo_receive_attempts
            where queue_id = $1 and attempt_hash = $2 and expires_at > $3
            for update
            """,
            queueId, attemptHash, now))
        {
            await using var reader = await find.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return null;
            }

            (positions, indexes, nonce, previous, expires) = (
                reader.GetFieldValue<long[]>(0), reader.GetFieldValue<short[]>(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetFieldValue<DateTimeOffset>(4));
        }

        await using (var unchanged = connection.Command(
            """
            select count(*) from (
                select 1 from queue_messages m join unnest($2::bigint[], $3::smallint[]) as r(position, idx) on m.position = r.position and m.idx = r.idx
                where m.queue_id = (select $1) and m.receipt_nonce = $4 and m.visible_at = $5
                for update of m) x
            """,
            queueId, positions, indexes, nonce, previous))
        {
            if ((long)(await unchanged.ExecuteScalarAsync())! != positions.Length)
            {
                return null;
            }
        }

        await using (var remember = connection.Command(
            "update fifo_receive_attempts set visible_at = $3 where queue_id = $1 and attempt_hash = $2", queueId, attemptHash, visibleAt))
        {
            await remember.ExecuteNonQueryAsync();
        }

        await using var command = connection.Command(
            """
            with u as (
                update queue_messages m set visible_at = $4
                from unnest($2::bigint[], $3::smallint[]) as r(position, idx)
                where m.queue_id = (select $1) and m.position = r.position and m.idx = r.idx
                returning m.position, m.idx, m.message_id, m.receive_count, m.sent_at, m.first_received_at, m.event_id, m.sequence_number, m.group_id)
            """ + Delivered,
            queueId, positions, indexes, visibleAt);

        // The attempt's window began with its first claim (RememberAttemptAsync).
        return await ReadClaimedAsync(command, nonce) with { FirstClaimedAt = expires - FifoWindow };
    }

    /// <summary>Remembers what a receive with a ReceiveRequestAttemptId returned, for its retries within the window.</summary>
    public async Task RememberAttemptAsync(long queueId, byte[] attemptHash, IReadOnlyList<ClaimedMessage> claimed, long nonce, DateTimeOffset visibleAt, DateTimeOffset now)
    {
        await using var command = connection.Command(
            """
            insert into fifo_receive_attempts (queue_id, attempt_hash, positions, indexes, nonce, visible_at, expires_at)
            values ($1, $2, $3, $4, $5, $6, $7)
            on conflict (queue_id, attempt_hash) do update
                set positions = excluded.positions, indexes = excluded.indexes, nonce = excluded.nonce, visible_at = excluded.visible_at, expires_at = excluded.expires_at
            """,
            queueId, attemptHash, claimed.Select(c => c.Key.Position).ToArray(), claimed.Select(c => c.Key.Index).ToArray(), nonce, visibleAt, now + FifoWindow);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// How long a message group's row outlives its last send once it holds no message. Its sequence numbers come from the
    /// clock (<see cref="FifoSequence"/>), so a send after the row is gone still numbers above every earlier one, unless
    /// the sending replica's clock lags by more than this.
    /// </summary>
    public static readonly TimeSpan IdleGroupLifetime = TimeSpan.FromHours(1);

    /// <summary>
    /// Removes FIFO windows that have ended and the rows of message groups idle for <see cref="IdleGroupLifetime"/>, in any
    /// queue (with the retention sweep). Group ids are caller text, often one per order or customer: kept forever, their
    /// rows would grow without bound and every FIFO receive, which probes each group of its queue, would slow with them.
    /// A group row a send or receive holds is skipped; one that is gone is made again by the next send to its group.
    /// Ended deduplication records go as expired messages do (<see cref="DeleteExpiredAsync"/>): in expiry index order,
    /// deleted by their ctids. Receive attempts have no expiry index: only receives that name an attempt id leave one.
    /// Returns how many group rows went.
    /// </summary>
    public async Task<int> DeleteExpiredFifoStateAsync(DateTimeOffset now, int limit)
    {
        await using var command = connection.Command(
            """
            with d as (delete from fifo_deduplication where ctid = any(array(
                     select ctid from fifo_deduplication where expires_at <= (select $1) order by expires_at limit $2 for update skip locked))),
                 a as (delete from fifo_receive_attempts where ctid = any(array(
                     select ctid from fifo_receive_attempts where expires_at <= $1 limit $2 for update skip locked))),
                 g as (delete from fifo_groups where ctid in (
                     select g.ctid from fifo_groups g
                     where g.last_sequence < $3
                       and not exists (select 1 from queue_messages m where m.queue_id = g.queue_id and m.group_id = g.group_id)
                     limit $2 for update skip locked)
                     returning 1)
            select count(*)::integer from g
            """,
            now, limit, FifoSequence.Base(now - IdleGroupLifetime));
        return (int)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A purge or a queue's deletion forgets its deduplication window and receive attempts (as SQS's purge does).</summary>
    private async Task ForgetFifoStateAsync(long queueId)
    {
        await using var command = connection.Command(
            """
            with d as (delete from fifo_deduplication where queue_id = $1), a as (delete from fifo_receive_attempts where queue_id = $1)
            select 1
            """,
            queueId);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// SequenceNumber: a 128-bit decimal (SQS's are about 20 digits), strictly increasing within a group. Each send draws
/// <c>max(last in group, now in µs × 10⁴) + 1</c>, so numbers also grow with time across groups and stay increasing when a
/// replica's clock lags another's.
/// </summary>
public static class FifoSequence
{
    public static decimal Base(DateTimeOffset now) => (now.ToUnixTimeMilliseconds() * 1000m + now.Ticks / 10 % 1000) * 10_000m;
}

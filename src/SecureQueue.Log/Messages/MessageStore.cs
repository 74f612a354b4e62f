using Npgsql;

namespace SecureQueue.Log.Messages;

/// <summary>
/// SQL over the <c>queue_messages</c> projection and the send events (in <c>mt_events</c>) that hold bodies.
/// </summary>
/// <remarks>
/// Statements name their queue as <c>(select $1)</c>, and the time their scans compare with as <c>(select $2)</c>, not as
/// bare parameters. A bare value is planned from that value's statistics, which a burst makes stale: a queue that was
/// nearly empty when <c>queue_messages</c> was last analyzed is planned as one row, so a delete or a FIFO claim scans the
/// whole queue per call until autoanalyze runs, and on a large table, where the burst is under a tenth of it, never.
/// A subquery's value is unknown when planning, so it is planned as an average queue and an unknown time, for which
/// the index paths (primary-key probes per receipt, the ready index in claim order) win whatever the statistics say.
/// <c>StaleStatisticsTests</c> reads PostgreSQL's row counters to hold each statement to that.
/// </remarks>
public sealed partial class MessageStore
{
    // The last line that keeps a message sealed under a retired or destroyed data key out of the projection (sends check
    // their key with DataKeyStore.IsLiveAsync first): a row whose key is retired is not inserted, and the short count
    // fails the statement, so the batch rolls back. The key rows stay share-locked until commit, so another replica's
    // RetireAsync or DestroyUnusedAsync waits for these messages. Each row takes its queue's generation as this
    // statement reads it: a purge earlier in this transaction, or committed before it, leaves the row out of what it purges.
    private const string InsertSql = """
        with stored as (
            insert into queue_messages (queue_id, position, idx, message_id, sent_at, visible_at, expires_at, key_id, event_id, receive_count, group_id, sequence_number, generation)
            select m.*, q.generation from unnest($1::bigint[], $2::bigint[], $3::smallint[], $4::uuid[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], $8::uuid[], $9::uuid[], $10::integer[],
                                   $11::text[], $12::numeric[])
                as m(queue_id, position, idx, message_id, sent_at, visible_at, expires_at, key_id, event_id, receive_count, group_id, sequence_number)
            join queues q on q.queue_id = m.queue_id
            where exists (select 1 from data_keys k where k.key_id = m.key_id and k.retired_at is null for share)
            returning 1)
        select secq_expect_rows(count(*), $13, 'A message was sealed with a data key that is retired or destroyed; it was not stored.') from stored
        """;

    private readonly NpgsqlConnection connection;
    private readonly List<(long QueueId, long Position, Guid EventId, NewMessage Message)> pending = [];

    // Positions of the messages this transaction sends. Their send events are appended only when the batch ends, so a
    // claim in the same batch must not take them: it would find no body, and the message would stay invisible for its
    // visibility timeout (a FIFO group blocked behind it). They are claimable once the batch commits.
    private readonly HashSet<long> sentHere = [];

    internal MessageStore(NpgsqlConnection connection) => this.connection = connection;

    /// <summary>
    /// Adds messages to the projection. The rows are buffered and written in one statement with the rest of the
    /// batch's sends, before anything else reads or changes the projection and before the batch commits.
    /// </summary>
    public void Insert(long queueId, long position, Guid eventId, IReadOnlyList<NewMessage> messages)
    {
        pending.AddRange(messages.Select(m => (queueId, position, eventId, m)));
        sentHere.Add(position);
    }

    private long[] SentHere => [.. sentHere];

    internal async Task FlushAsync()
    {
        if (pending.Count > 0)
        {
            await using var command = connection.Command(InsertSql, TakePending());
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The buffered rows as one command for the writer's last round trip (it answers one row); null when nothing is buffered.</summary>
    internal NpgsqlBatchCommand? TakeFlush()
    {
        if (pending.Count == 0)
        {
            return null;
        }

        return SqlCommands.BatchCommand(InsertSql, TakePending());
    }

    private object[] TakePending()
    {
        object[] values =
        [
            pending.Select(p => p.QueueId).ToArray(), pending.Select(p => p.Position).ToArray(), pending.Select(p => p.Message.Index).ToArray(),
            pending.Select(p => p.Message.MessageId).ToArray(), pending.Select(p => p.Message.SentAt).ToArray(),
            pending.Select(p => p.Message.VisibleAt).ToArray(), pending.Select(p => p.Message.ExpiresAt).ToArray(),
            pending.Select(p => p.Message.KeyId).ToArray(), pending.Select(p => p.EventId).ToArray(), pending.Select(p => p.Message.ReceiveCount).ToArray(),
            pending.Select(p => p.Message.Fifo?.GroupId).ToArray(), pending.Select(p => p.Message.Fifo?.Sequence).ToArray(), pending.Count,
        ];
        pending.Clear();
        return values;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> visible, unexpired messages, oldest first, and reads the send events
    /// that hold their sealed bodies, in one statement (<see cref="ReserveCommand"/>, which the writer's prefetch uses
    /// for all of a batch's receives), unless the prefetch already made this claim. Each event's data comes once,
    /// however many of its messages were claimed.
    /// </summary>
    public async Task<ClaimedBatch> ClaimAsync(long queueId, DateTimeOffset now, int limit, DateTimeOffset visibleAt, long nonce)
    {
        if (await TakeReservedAsync(queueId, limit, visibleAt, nonce) is { } reserved)
        {
            return reserved;
        }

        await FlushAsync();
        ClaimReservation request = new(nonce, limit, visibleAt);
        await using (var batch = new NpgsqlBatch(connection) { BatchCommands = { ReserveCommand(queueId, now, [request], SentHere) } })
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            await ReadReservedAsync(reader, queueId, [request]);
        }

        reservations.Remove(nonce, out var claimed);
        return claimed!.Claimed;
    }

    /// <summary>
    /// The FIFO claims (<see cref="ReserveCommand"/>, the standard one, is built the same way): the CTE <paramref name="choose"/> names "c", the (ctid, position, idx) rows
    /// to claim, over parameters $1 queue, $2 now, $3 limit, $4 new visible_at, $5 nonce (and any after). The rows are
    /// updated by their ctid (held by this transaction's row or group lock), a TID scan whatever the planner believes
    /// about the queue's size: a join on (position, idx) was planned, with stale statistics, as a scan of the whole queue.
    /// The send events are read by one unique-index lookup per claimed message (a lateral subquery, evaluated per row),
    /// never by a plain join: once the statement is prepared, a generic plan for a join may scan the whole log for ten rows.
    /// Only the first claimed message of each send event fetches its record and attachment (<see cref="SendEventOfFirst"/>).
    /// </summary>
    private async Task<ClaimedBatch> ClaimRowsAsync(string choose, long nonce, params object[] parameters)
    {
        await using var command = connection.Command(
            "with " + choose + """
            ,
            u as (
                update queue_messages m
                set visible_at = $4, receive_count = m.receive_count + 1, receipt_nonce = $5, first_received_at = coalesce(m.first_received_at, $2)
                from c where m.ctid = c.ctid
                returning m.position, m.idx, m.message_id, m.receive_count, m.sent_at, m.first_received_at, m.event_id, m.sequence_number, m.group_id)
            """ + Delivered,
            parameters);
        return await ReadClaimedAsync(command, nonce);
    }

    private static readonly string Delivered =
        """

        select v.position, v.idx, v.message_id, v.receive_count, v.sent_at, v.first_received_at, e.data, e.bdata, v.sequence_number, v.group_id
        from (select u.*, row_number() over (partition by u.position order by u.idx) as nth from u) v
        """ + SendEventOfFirst("u");

    /// <summary>
    /// The record and attachment of each send event, on the first row "v" of that event only (v.nth = 1; the other rows
    /// of the event carry nulls), for claimed rows named <paramref name="rows"/> (a CTE with an event_id column). The
    /// events are read by <c>secq_send_events</c> (<c>115_send_event.sql</c>), once per statement for all of them, planned
    /// with sequential scans off: a probe of the log written into the statement was planned with it, and a statement
    /// prepared while the log was small scanned the whole log per claimed message as the log grew. Of the record only
    /// what a receive reads comes back (its detail, which holds the sealed messages, and the sender's ARN): the rest of
    /// the envelope (source address, agent, TLS, authentication, decision) was most of the text PostgreSQL printed and
    /// the gateway parsed per message.
    /// </summary>
    internal static string SendEventOfFirst(string rows) => $"""

        left join secq_send_events(array(select distinct {rows}.event_id from {rows})) e on e.id = v.event_id and v.nth = 1
        """;

    /// <summary>The send event a claim row carries in columns <paramref name="data"/> and data + 1, or null on rows that share another's.</summary>
    internal static SendEvent? ReadSendEvent(NpgsqlDataReader reader, int data) =>
        reader.IsDBNull(data) ? null : new SendEvent(reader.GetFieldValue<byte[]>(data), reader.IsDBNull(data + 1) ? null : reader.GetFieldValue<byte[]>(data + 1));

    private static async Task<ClaimedBatch> ReadClaimedAsync(NpgsqlCommand command, long nonce)
    {
        var claimed = new List<ClaimedMessage>();
        var events = new Dictionary<long, SendEvent>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var (message, send) = ReadClaimedRow(reader, nonce);
            claimed.Add(message);
            if (send is not null)
            {
                events[message.Key.Position] = send;
            }
        }

        return Ordered(claimed, events);
    }

    /// <summary>A row in <see cref="Delivered"/>'s columns: the claimed message, and its send event on the first row that carries it.</summary>
    private static (ClaimedMessage Message, SendEvent? Send) ReadClaimedRow(NpgsqlDataReader reader, long nonce)
    {
        var key = new MessageKey(reader.GetInt64(0), reader.GetInt16(1));
        var message = new ClaimedMessage(
            key, reader.GetGuid(2), reader.GetInt32(3), nonce, reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5))
        {
            Sequence = reader.IsDBNull(8) ? null : reader.GetDecimal(8),
            GroupId = reader.IsDBNull(9) ? null : reader.GetString(9),
        };
        return (message, ReadSendEvent(reader, 6));
    }

    /// <summary>FIFO: each group's messages together, in sequence, groups by their first message; standard: send order.</summary>
    private static ClaimedBatch Ordered(List<ClaimedMessage> claimed, Dictionary<long, SendEvent> events)
    {
        var firsts = claimed.Where(m => m.GroupId is not null).GroupBy(m => m.GroupId!).ToDictionary(g => g.Key, g => g.Min(m => m.Sequence!.Value));
        var ordered = claimed
            .OrderBy(m => m.GroupId is null ? 0m : firsts[m.GroupId]).ThenBy(m => m.Sequence ?? 0m).ThenBy(m => m.Key.Position).ThenBy(m => m.Key.Index)
            .ToList();
        return new ClaimedBatch(ordered, events);
    }

    /// <summary>Deletes the messages whose receipt is current; stale or unknown receipts delete nothing.</summary>
    public async Task<IReadOnlyList<RemovedMessage>> DeleteAsync(long queueId, IReadOnlyList<Receipt> receipts) =>
        (await DeleteAsync(new DeleteRequest(queueId, receipts), DateTimeOffset.MinValue)).Removed;

    /// <summary>
    /// A FIFO queue's delete: deletes the messages whose receipt is current and still in flight at <paramref name="now"/>,
    /// and reports each receipt whose message is still queued but that the receipt no longer holds (its visibility timeout
    /// ended, or it was received again); unknown receipts (the message is gone) delete nothing and are not reported.
    /// </summary>
    public Task<MessagesDeleted> DeleteUnexpiredAsync(long queueId, IReadOnlyList<Receipt> receipts, DateTimeOffset now) =>
        DeleteAsync(new DeleteRequest(queueId, receipts, RefuseExpired: true), now);

    private async Task<MessagesDeleted> DeleteAsync(DeleteRequest request, DateTimeOffset now)
    {
        if (TakeDeletedAhead(request.QueueId, request.Receipts, request.RefuseExpired) is { } deleted)
        {
            return deleted;
        }

        await FlushAsync();
        (long, DeleteRequest)[] requests = [(Call, request)];
        await using (var batch = new NpgsqlBatch(connection) { BatchCommands = { DeleteCommand(request.QueueId, requests, now) } })
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            await ReadDeletedAsync(reader, request.QueueId, requests);
        }

        deletions.Remove(Call, out var deletion);
        return deletion!.Deleted;
    }

    /// <summary>
    /// Removes up to <paramref name="limit"/> messages past their retention period, in any queue, earliest expiry first.
    /// Both steps keep to what they remove whatever the statistics say. The rows are chosen in the expiry index's order
    /// against a hidden time (as in the class remarks): with statistics taken when most messages had expired, a plain
    /// filter was planned as a sequential scan of the whole table. They are then deleted by their ctids (held by the row
    /// locks) as one array: joined, a batch of a thousand was planned as a hash join over a second scan of the table.
    /// </summary>
    public async Task<IReadOnlyList<RemovedMessage>> DeleteExpiredAsync(DateTimeOffset now, int limit)
    {
        await FlushAsync();
        await using var command = connection.Command(
            """
            delete from queue_messages m
            where m.ctid = any(array(select ctid from queue_messages where expires_at <= (select $1) order by expires_at limit $2 for update skip locked))
            returning m.queue_id, m.position, m.idx, m.message_id
            """,
            now, limit);
        var removed = new List<RemovedMessage>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            removed.Add(new RemovedMessage(reader.GetInt64(0), new MessageKey(reader.GetInt64(1), reader.GetInt16(2)), reader.GetGuid(3)));
        }

        return removed;
    }
}

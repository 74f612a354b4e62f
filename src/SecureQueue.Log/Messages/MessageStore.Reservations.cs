using Npgsql;

namespace SecureQueue.Log.Messages;

/// <summary>
/// Claims and deletes made for a batch's receives and deletes before they run: one statement per queue deletes for all
/// of that queue's deletes, and one claims for all its receives, in the writer's first round trip, where each call used
/// to take a round trip of its own while the batch waited. Each result is held for its call (by its position, which is
/// a claim's nonce) and handed over when the call's work asks for the same thing. A claim the call does not take (it
/// failed, or its queue's settings changed since it asked) is put back before the batch commits, row by row as it was,
/// so nothing outside the transaction ever sees it. A delete cannot be put back, so it is made only where the call
/// cannot fail after it: a queue that is live in the statement's own snapshot (a deleted queue is never live again: a
/// new one gets a new id), receipts of that queue, and nothing the call checks after reading its queue but what the
/// statement itself judges: on a FIFO queue, which receipts have expired (those delete nothing).
/// </summary>
public sealed partial class MessageStore
{
    private readonly Dictionary<long, Reservation> reservations = [];
    private readonly Dictionary<long, Deletion> deletions = [];

    /// <summary>The position of the call whose work runs now: it finds what was done ahead for it by this.</summary>
    internal long Call { get; set; }

    /// <summary>
    /// The statement deleting, in live queue <paramref name="queueId"/>, the messages whose receipt is current among the
    /// <paramref name="requests"/> (each the receipts of one call, by its position). It answers the call's position with
    /// each message it deleted. A delete made in its own call's work uses it too, with itself as the only request (its
    /// queue is live then: the call has just read it, and a deleted queue keeps no messages). Requests that refuse expired
    /// receipts (FIFO) delete only messages still in flight at <paramref name="now"/>, and are also answered, with no
    /// message id, each receipt whose message is still queued but that the receipt no longer holds.
    /// </summary>
    internal static NpgsqlBatchCommand DeleteCommand(long queueId, IReadOnlyList<(long Call, DeleteRequest Request)> requests, DateTimeOffset now)
    {
        var rows = requests.SelectMany(r => r.Request.Receipts.Select(receipt => (r.Call, receipt))).ToList();
        object[] values =
        [
            queueId, rows.Select(r => r.receipt.Key.Position).ToArray(), rows.Select(r => r.receipt.Key.Index).ToArray(), rows.Select(r => r.receipt.Nonce).ToArray(),
            rows.Select(r => r.Call).ToArray(),
        ];
        return requests[0].Request.RefuseExpired ? SqlCommands.BatchCommand(DeleteUnexpiredSql, [.. values, now]) : SqlCommands.BatchCommand(DeleteSql, values);
    }

    // Built once: the text is the same for every delete (and Npgsql finds its prepared statement by it).
    private const string DeleteSql =
        """
        delete from queue_messages m
        using unnest($2::bigint[], $3::smallint[], $4::bigint[], $5::bigint[]) as r(position, idx, nonce, call)
        where m.queue_id = (select $1) and m.position = r.position and m.idx = r.idx and m.receipt_nonce = r.nonce
          and exists (select 1 from queues q where q.queue_id = (select $1) and q.deleted_at is null)
        returning r.call, m.position, m.idx, m.message_id, false, r.nonce
        """;

    // The outer query reads the statement's snapshot, where the rows "d" deleted are still there: a receipt is expired when
    // its message is queued and "d" did not delete it under that same receipt (a row another transaction received meanwhile
    // is re-checked by the delete on its newest version, and so is left, and judged expired).
    private const string DeleteUnexpiredSql =
        """
        with r as (select * from unnest($2::bigint[], $3::smallint[], $4::bigint[], $5::bigint[]) as r(position, idx, nonce, call)),
        live as (select 1 from queues q where q.queue_id = (select $1) and q.deleted_at is null),
        d as (
            delete from queue_messages m using r
            where m.queue_id = (select $1) and m.position = r.position and m.idx = r.idx and m.receipt_nonce = r.nonce and m.visible_at > (select $6)
              and exists (select 1 from live)
            returning r.call, m.position, m.idx, m.receipt_nonce, m.message_id)
        select call, position, idx, message_id, false, receipt_nonce from d
        union all
        select r.call, r.position, r.idx, null, true, r.nonce from r
        where exists (select 1 from live)
          and not exists (select 1 from d where d.position = r.position and d.idx = r.idx and d.receipt_nonce = r.nonce)
          and exists (select 1 from queue_messages m where m.queue_id = (select $1) and m.position = r.position and m.idx = r.idx)
        """;

    /// <summary>
    /// Keeps what <see cref="DeleteCommand"/> deleted, for each of its calls (none for a call whose receipts were all
    /// stale), and the receipts it judged expired.
    /// </summary>
    internal async Task ReadDeletedAsync(NpgsqlDataReader reader, long queueId, IReadOnlyList<(long Call, DeleteRequest Request)> requests)
    {
        var removed = requests.ToDictionary(r => r.Call, _ => new List<RemovedMessage>());
        var expired = requests.ToDictionary(r => r.Call, _ => new HashSet<Receipt>());
        while (await reader.ReadAsync())
        {
            var key = new MessageKey(reader.GetInt64(1), reader.GetInt16(2));
            if (reader.GetBoolean(4))
            {
                expired[reader.GetInt64(0)].Add(new Receipt(key, reader.GetInt64(5)));
            }
            else
            {
                removed[reader.GetInt64(0)].Add(new RemovedMessage(queueId, key, reader.GetGuid(3)));
            }
        }

        foreach (var (call, request) in requests)
        {
            deletions[call] = new Deletion(request, new MessagesDeleted(removed[call], expired[call]));
        }
    }

    /// <summary>What was deleted ahead for the current call, if it asks for exactly that; it cannot ask for another delete once one was made.</summary>
    private MessagesDeleted? TakeDeletedAhead(long queueId, IReadOnlyList<Receipt> receipts, bool refuseExpired)
    {
        if (!deletions.Remove(Call, out var deletion))
        {
            return null;
        }

        if (deletion.Request.QueueId == queueId && deletion.Request.RefuseExpired == refuseExpired && deletion.Request.Receipts.SequenceEqual(receipts))
        {
            return deletion.Deleted;
        }

        return deletion.Deleted.Removed.Count == 0
            ? null
            : throw new InvalidOperationException("A delete made ahead of its call does not match the delete the call asked for; the batch is rolled back.");
    }

    // Built once: the text is the same for every claim (and Npgsql finds its prepared statement by it).
    private static readonly string ReserveSql =
        """
        with r as (select * from unnest($3::bigint[], $4::integer[], $5::timestamptz[]) with ordinality as r(nonce, lim, visible_at, n)),
        b as (select nonce, visible_at, sum(lim) over (order by n) - lim as lo, sum(lim) over (order by n) as hi from r),
        f as (
            select ctid, position, idx, visible_at, receipt_nonce, first_received_at from queue_messages
            where queue_id = (select $1) and visible_at <= (select $2) and expires_at > (select $2) and position <> all($7)
            order by visible_at, position, idx
            limit $6
            for update skip locked),
        c as (select f.*, row_number() over (order by f.visible_at, f.position, f.idx) as rn from f),
        u as (
            update queue_messages m
            set visible_at = b.visible_at, receive_count = m.receive_count + 1, receipt_nonce = b.nonce, first_received_at = coalesce(m.first_received_at, $2)
            from c join b on c.rn > b.lo and c.rn <= b.hi
            where m.ctid = c.ctid
            returning m.position, m.idx, m.message_id, m.receive_count, m.sent_at, m.first_received_at, m.event_id, m.sequence_number, m.group_id,
                      b.nonce, c.visible_at as was_visible_at, c.receipt_nonce as was_nonce, c.first_received_at as was_first_received_at)
        select v.position, v.idx, v.message_id, v.receive_count, v.sent_at, v.first_received_at, e.data, e.bdata, v.sequence_number, v.group_id,
               v.nonce, v.was_visible_at, v.was_nonce, v.was_first_received_at
        from (select u.*, row_number() over (partition by u.nonce, u.position order by u.idx) as nth from u) v
        """ + SendEventOfFirst("u");

    /// <summary>
    /// The statement claiming, oldest first, up to each request's limit for the requests in their order, in queue
    /// <paramref name="queueId"/>: the rows are numbered in claim order and request i takes the numbers after the
    /// limits of those before it. It answers <see cref="Delivered"/>'s columns, then the nonce, then each row as it was.
    /// Messages at the <paramref name="excluded"/> positions (this batch's own sends) are left alone. A standard receive
    /// claiming on its own uses it too, with itself as the only request.
    /// </summary>
    internal static NpgsqlBatchCommand ReserveCommand(long queueId, DateTimeOffset now, IReadOnlyList<ClaimReservation> requests, long[]? excluded = null)
    {
        return SqlCommands.BatchCommand(
            ReserveSql,
            queueId, now, requests.Select(r => r.Nonce).ToArray(), requests.Select(r => r.Limit).ToArray(), requests.Select(r => r.VisibleAt).ToArray(),
            requests.Sum(r => r.Limit), excluded ?? []);
    }

    /// <summary>Keeps what <see cref="ReserveCommand"/> claimed, one reservation per request (empty when it got nothing).</summary>
    internal async Task ReadReservedAsync(NpgsqlDataReader reader, long queueId, IReadOnlyList<ClaimReservation> requests)
    {
        var rows = requests.ToDictionary(r => r.Nonce, _ => new ClaimRows());
        while (await reader.ReadAsync())
        {
            var nonce = reader.GetInt64(10);
            var (message, send) = ReadClaimedRow(reader, nonce);
            var claimed = rows[nonce];
            claimed.Messages.Add(message);
            claimed.Previous.Add(new PreviousClaim(message.Key, reader.GetFieldValue<DateTimeOffset>(11), reader.GetInt64(12), reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13)));
            if (send is not null)
            {
                claimed.SendEvents[message.Key.Position] = send;
            }
        }

        foreach (var request in requests)
        {
            var claimed = rows[request.Nonce];
            reservations[request.Nonce] = new Reservation(queueId, request, Ordered(claimed.Messages, claimed.SendEvents), claimed.Previous);
        }
    }

    /// <summary>The claim reserved for the call with <paramref name="nonce"/>, if it asked for exactly this one; a reservation it does not match is put back first.</summary>
    private async Task<ClaimedBatch?> TakeReservedAsync(long queueId, int limit, DateTimeOffset visibleAt, long nonce)
    {
        if (!reservations.Remove(nonce, out var reserved))
        {
            return null;
        }

        if (reserved.QueueId == queueId && reserved.Request.Limit == limit && reserved.Request.VisibleAt == visibleAt)
        {
            return reserved.Claimed;
        }

        if (Release(reserved.QueueId, [reserved]) is var (sql, values))
        {
            await using var command = connection.Command(sql, values);
            await command.ExecuteNonQueryAsync();
        }

        return null;
    }

    /// <summary>
    /// Puts back, before the batch commits, every reservation and FIFO placement no call took: one statement per queue for
    /// each. A delete or a visibility change made ahead that no call took would commit what no call made: it fails the
    /// batch, which is rolled back.
    /// </summary>
    internal IReadOnlyList<NpgsqlBatchCommand> TakeReleases()
    {
        if (deletions.Values.Any(d => d.Deleted.Removed.Count > 0))
        {
            throw new InvalidOperationException("A delete made ahead of its call was not taken by the call; the batch is rolled back.");
        }

        deletions.Clear();
        CheckChangesTaken();
        var releases = reservations.Values.GroupBy(r => r.QueueId)
            .Select(g => Release(g.Key, [.. g]))
            .Where(r => r is not null)
            .Select(r => SqlCommands.BatchCommand(r!.Value.Sql, r.Value.Values))
            .ToList();
        reservations.Clear();
        return [.. releases, .. TakePlacementReleases()];
    }

    private static (string Sql, object[] Values)? Release(long queueId, IReadOnlyList<Reservation> unused)
    {
        var rows = unused.SelectMany(r => r.Previous.Select(p => (p, r.Request.Nonce))).ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        // It answers one row (how many it put back), like every statement of the batch's last round trip before COMMIT.
        const string sql = """
            with released as (
                update queue_messages m
                set visible_at = r.visible_at, receive_count = m.receive_count - 1, receipt_nonce = r.was_nonce, first_received_at = r.first_received_at
                from unnest($2::bigint[], $3::smallint[], $4::bigint[], $5::timestamptz[], $6::bigint[], $7::timestamptz[])
                    as r(position, idx, nonce, visible_at, was_nonce, first_received_at)
                where m.queue_id = (select $1) and m.position = r.position and m.idx = r.idx and m.receipt_nonce = r.nonce
                returning 1)
            select count(*) from released
            """;
        object[] values =
        [
            queueId, rows.Select(r => r.p.Key.Position).ToArray(), rows.Select(r => r.p.Key.Index).ToArray(), rows.Select(r => r.Nonce).ToArray(),
            rows.Select(r => r.p.VisibleAt).ToArray(), rows.Select(r => r.p.Nonce).ToArray(), rows.Select(r => r.p.FirstReceivedAt).ToArray(),
        ];
        return (sql, values);
    }

    private sealed record Deletion(DeleteRequest Request, MessagesDeleted Deleted);

    private sealed record Reservation(long QueueId, ClaimReservation Request, ClaimedBatch Claimed, IReadOnlyList<PreviousClaim> Previous);

    /// <summary>A claimed row as it was before the claim: what putting it back restores.</summary>
    private sealed record PreviousClaim(MessageKey Key, DateTimeOffset VisibleAt, long Nonce, DateTimeOffset? FirstReceivedAt);

    private sealed class ClaimRows
    {
        public List<ClaimedMessage> Messages { get; } = [];

        public List<PreviousClaim> Previous { get; } = [];

        public Dictionary<long, SendEvent> SendEvents { get; } = [];
    }
}

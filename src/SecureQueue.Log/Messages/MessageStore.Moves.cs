using Npgsql;

namespace SecureQueue.Log.Messages;

/// <summary>What a message move task takes from its source queue, in the writer's transaction that also moves it.</summary>
public sealed partial class MessageStore
{
    /// <summary>
    /// Locks up to <paramref name="limit"/> visible, unexpired messages of the queue, in the order receives take them
    /// (longest visible first), and reads the events holding their sealed bodies. That order is the ready index's, so a
    /// batch reads about what it locks: ordered by send time, each batch of a redrive sorted every visible message of the
    /// queue again, and a large dead-letter queue took time quadratic in its size, inside the writer's transaction.
    /// Nothing changes here: the same transaction removes what it moves (<see cref="RemoveAsync"/>), so a crash or a
    /// rollback leaves every message where it was.
    /// </summary>
    public async Task<ClaimedBatch> LockOldestAsync(long queueId, DateTimeOffset now, int limit)
    {
        await FlushAsync();
        await using var command = connection.Command(
            """
            with c as (
                select position, idx, message_id, receive_count, sent_at, visible_at, event_id from queue_messages
                where queue_id = (select $1) and visible_at <= (select $2) and expires_at > (select $2) and position <> all($4)
                order by visible_at, position, idx
                limit $3
                for update skip locked)
            select v.position, v.idx, v.message_id, v.receive_count, v.sent_at, e.data, e.bdata
            from (select c.*, row_number() over (partition by c.position order by c.idx) as nth from c) v
            """ + SendEventOfFirst("c") + "\norder by v.visible_at, v.position, v.idx",
            queueId, now, limit, SentHere);
        return await ReadLockedAsync(command);
    }

    /// <summary>
    /// What a move task takes from a FIFO queue: the leading visible messages of the groups it locks, as a FIFO receive
    /// takes them (<see cref="ClaimFifoAsync"/>), in group and sequence order, their rows locked too. A group whose
    /// first message is in flight or delayed gives nothing, so none of its later messages overtakes it into the
    /// destination. Nothing changes here, as in <see cref="LockOldestAsync"/>.
    /// </summary>
    public async Task<ClaimedBatch> LockFifoLeadersAsync(long queueId, DateTimeOffset now, int limit)
    {
        await FlushAsync();
        var groups = await LockGroupsAsync(queueId, now, limit);
        if (groups.Length == 0)
        {
            return new ClaimedBatch([], new Dictionary<long, SendEvent>());
        }

        await using var command = connection.Command(
            "with " + GroupLeaders("$4", "$5") + """
            ,
            l as (
                select q.position, q.idx, q.message_id, q.receive_count, q.sent_at, q.event_id, c.ord, c.sequence_number
                from c join queue_messages q on q.ctid = c.ctid
                for update of q)
            select v.position, v.idx, v.message_id, v.receive_count, v.sent_at, e.data, e.bdata
            from (select l.*, row_number() over (partition by l.position order by l.idx) as nth from l) v
            """ + SendEventOfFirst("l") + "\norder by v.ord, v.sequence_number",
            queueId, now, limit, groups, SentHere);
        return await ReadLockedAsync(command);
    }

    private static async Task<ClaimedBatch> ReadLockedAsync(NpgsqlCommand command)
    {
        var locked = new List<ClaimedMessage>();
        var events = new Dictionary<long, SendEvent>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var key = new MessageKey(reader.GetInt64(0), reader.GetInt16(1));
            var sentAt = reader.GetFieldValue<DateTimeOffset>(4);
            locked.Add(new ClaimedMessage(key, reader.GetGuid(2), reader.GetInt32(3), 0, sentAt, sentAt));
            if (ReadSendEvent(reader, 5) is { } send)
            {
                events[key.Position] = send;
            }
        }

        return new ClaimedBatch(locked, events);
    }

    /// <summary>Removes messages this transaction locked; returns how many it removed.</summary>
    public async Task<int> RemoveAsync(long queueId, IReadOnlyList<MessageKey> keys)
    {
        await FlushAsync();
        await using var command = connection.Command(
            """
            delete from queue_messages m
            using unnest($2::bigint[], $3::smallint[]) as r(position, idx)
            where m.queue_id = (select $1) and m.position = r.position and m.idx = r.idx
            """,
            queueId, keys.Select(k => k.Position).ToArray(), keys.Select(k => k.Index).ToArray());
        return await command.ExecuteNonQueryAsync();
    }
}

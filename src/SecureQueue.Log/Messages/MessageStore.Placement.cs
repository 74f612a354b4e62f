using Npgsql;

namespace SecureQueue.Log.Messages;

/// <summary>
/// FIFO sends' placements: one statement per queue draws the sequence numbers of all of a batch's FIFO sends in their
/// groups and checks and records their deduplication keys, in the writer's first round trip, where each send used to
/// take a round trip of its own while the batch waited. The batch's sends are placed in the order they then run, as if
/// one after the other: a message whose key an earlier call of the batch recorded is that call's duplicate.
/// A placement its call does not take (the queue's settings or data key changed since the call was prepared, or the
/// queue is gone) is put back before commit: its deduplication records are removed, and the sequence numbers it drew
/// stay drawn (a group's numbers increase, they need not be consecutive). When a call that took its placement was
/// answered as a duplicate of one of those messages, putting it back would leave that answer naming a message never
/// stored: the batch fails instead, is rolled back, and its calls run one by one.
/// </summary>
public sealed partial class MessageStore
{
    // Built once: the text is the same for every placement (and Npgsql finds its prepared statement by it). Group rows are
    // locked in group order, so two replicas placing in the same groups wait for each other instead of deadlocking.
    private const string PlaceSql =
        """
        with m as (
            select * from unnest($2::text[], $3::text[], $4::bytea[], $5::uuid[], $6::boolean[]) with ordinality as m(group_id, scope, id_hash, message_id, first, n)),
        c as (select group_id, count(*)::integer as k from m group by group_id),
        g as (
            insert into fifo_groups as g (queue_id, group_id, last_sequence)
            select $1, c.group_id, $7 + c.k from c order by c.group_id
            on conflict (queue_id, group_id) do update set last_sequence = greatest(g.last_sequence, $7) + (excluded.last_sequence - $7)
            returning g.group_id, g.last_sequence),
        s as (
            select m.*, g.last_sequence - c.k + row_number() over (partition by m.group_id order by m.n) as sequence_number
            from m join g on g.group_id = m.group_id join c on c.group_id = m.group_id),
        d as (
            insert into fifo_deduplication as d (queue_id, scope, id_hash, message_id, sequence_number, expires_at)
            select $1, s.scope, s.id_hash, s.message_id, s.sequence_number, $8 from s where s.first order by s.scope, s.id_hash
            on conflict (queue_id, scope, id_hash) do update
                set message_id = excluded.message_id, sequence_number = excluded.sequence_number, expires_at = excluded.expires_at
                where d.expires_at <= $9
            returning d.scope, d.id_hash)
        select s.n, s.sequence_number, d.id_hash is not null, o.message_id, o.sequence_number
        from s
        left join d on s.first and d.scope = s.scope and d.id_hash = s.id_hash
        left join fifo_deduplication o on s.first and d.id_hash is null and o.queue_id = $1 and o.scope = s.scope and o.id_hash = s.id_hash
        """;

    private readonly Dictionary<long, Placement> placements = [];

    /// <summary>
    /// Places a FIFO send's messages: draws each group's next sequence numbers (holding the group rows' locks until
    /// commit, so concurrent sends to a group, from any replica, are numbered in commit order) and records each message's
    /// deduplication key for the window unless a live record holds it. Returns, per message, its sequence number and, for
    /// a duplicate, the original's id and sequence number. Two messages of one call with one key: the second is a
    /// duplicate of the first. A placement made ahead for the call is handed over when it asks for exactly that one.
    /// </summary>
    public async Task<IReadOnlyList<(decimal Sequence, (Guid MessageId, decimal Sequence)? Original)>> PlaceFifoAsync(
        long queueId, IReadOnlyList<FifoMessage> messages, DateTimeOffset now)
    {
        if (!placements.Remove(Call, out var placement))
        {
            (long, IReadOnlyList<FifoMessage>)[] request = [(Call, messages)];
            await using (var batch = new NpgsqlBatch(connection) { BatchCommands = { PlaceCommand(queueId, request, now) } })
            await using (var reader = await batch.ExecuteReaderAsync())
            {
                await ReadPlacedAsync(reader, queueId, request);
            }

            placements.Remove(Call, out placement);
        }
        else if (placement.QueueId != queueId || placement.Messages.Count != messages.Count || !placement.Messages.Zip(messages).All(p => p.First.Matches(p.Second)))
        {
            throw new InvalidOperationException("A FIFO placement made ahead of its call does not match the placement the call asked for; the batch is rolled back.");
        }

        var results = new List<(decimal, (Guid, decimal)?)>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var row = placement!.Rows[i];
            // Held by a record another writer committed while the statement waited on it: not in the statement's snapshot, so read again.
            results.Add((row.Sequence, row.HeldElsewhere ? await HeldAsync(queueId, messages[i].Scope, messages[i].IdHash) : row.Original));
        }

        return results;
    }

    /// <summary>The statement placing, in queue <paramref name="queueId"/>, the messages of <paramref name="requests"/> (each one call's, by its position) in their order.</summary>
    internal static NpgsqlBatchCommand PlaceCommand(long queueId, IReadOnlyList<(long Call, IReadOnlyList<FifoMessage> Messages)> requests, DateTimeOffset now)
    {
        var messages = requests.SelectMany(r => r.Messages).ToList();
        var firstOf = FirstOf(messages);
        return SqlCommands.BatchCommand(
            PlaceSql,
            queueId, messages.Select(m => m.GroupId).ToArray(), messages.Select(m => m.Scope).ToArray(), messages.Select(m => m.IdHash).ToArray(),
            messages.Select(m => m.MessageId).ToArray(), firstOf.Select((f, i) => f == i).ToArray(), FifoSequence.Base(now), now + FifoWindow, now);
    }

    /// <summary>Keeps what <see cref="PlaceCommand"/> placed, for each of its calls, and which calls were answered with another's messages.</summary>
    internal async Task ReadPlacedAsync(NpgsqlDataReader reader, long queueId, IReadOnlyList<(long Call, IReadOnlyList<FifoMessage> Messages)> requests)
    {
        var messages = requests.SelectMany(r => r.Messages).ToList();
        var owners = requests.SelectMany(r => r.Messages.Select(_ => r.Call)).ToList();
        var firstOf = FirstOf(messages);
        var placed = new (decimal Sequence, bool Recorded, (Guid, decimal)? Held)[messages.Count];
        while (await reader.ReadAsync())
        {
            placed[reader.GetInt64(0) - 1] = (reader.GetDecimal(1), reader.GetBoolean(2), reader.IsDBNull(3) ? null : (reader.GetGuid(3), reader.GetDecimal(4)));
        }

        var rows = new PlacedRow[messages.Count];
        var dependents = requests.ToDictionary(r => r.Call, _ => new HashSet<long>());
        for (var i = 0; i < messages.Count; i++)
        {
            var first = firstOf[i];
            var original = placed[first].Recorded
                ? first != i ? (messages[first].MessageId, placed[first].Sequence) : null
                : placed[first].Held;
            rows[i] = new PlacedRow(placed[i].Sequence, original, first == i && placed[i].Recorded, !placed[first].Recorded && placed[first].Held is null);
            if (placed[first].Recorded && owners[first] != owners[i])
            {
                dependents[owners[first]].Add(owners[i]);
            }
        }

        var start = 0;
        foreach (var (call, callMessages) in requests)
        {
            placements[call] = new Placement(queueId, callMessages, rows[start..(start + callMessages.Count)], dependents[call]);
            start += callMessages.Count;
        }
    }

    /// <summary>
    /// The statements putting back, before the batch commits, the placements no call took: one per queue, each removing
    /// the deduplication records they made. Fails the batch when a call that took its own placement depends on one.
    /// </summary>
    private List<NpgsqlBatchCommand> TakePlacementReleases()
    {
        if (placements.Values.Any(p => p.Dependents.Any(d => !placements.ContainsKey(d))))
        {
            throw new InvalidOperationException("A FIFO placement made ahead of its call was not taken, and another call was answered with its messages; the batch is rolled back.");
        }

        var releases = placements.Values
            .GroupBy(p => p.QueueId)
            .Select(g => (QueueId: g.Key, Recorded: g.SelectMany(p => p.Messages.Where((_, i) => p.Rows[i].Recorded)).ToList()))
            .Where(g => g.Recorded.Count > 0)
            .Select(g => SqlCommands.BatchCommand(
                """
                with released as (
                    delete from fifo_deduplication d using unnest($2::text[], $3::bytea[], $4::uuid[]) as r(scope, id_hash, message_id)
                    where d.queue_id = $1 and d.scope = r.scope and d.id_hash = r.id_hash and d.message_id = r.message_id
                    returning 1)
                select count(*) from released
                """,
                g.QueueId, g.Recorded.Select(m => m.Scope).ToArray(), g.Recorded.Select(m => m.IdHash).ToArray(), g.Recorded.Select(m => m.MessageId).ToArray()))
            .ToList();
        placements.Clear();
        return releases;
    }

    /// <summary>For each message, the index of the first message with its deduplication key: itself, or an earlier duplicate.</summary>
    private static List<int> FirstOf(IReadOnlyList<FifoMessage> messages)
    {
        var first = new Dictionary<(string, string), int>();
        return messages.Select((m, i) => first.TryAdd((m.Scope, Convert.ToHexString(m.IdHash)), i) ? i : first[(m.Scope, Convert.ToHexString(m.IdHash))]).ToList();
    }

    private async Task<(Guid, decimal)> HeldAsync(long queueId, string scope, byte[] idHash)
    {
        await using var command = connection.Command(
            "select message_id, sequence_number from fifo_deduplication where queue_id = $1 and scope = $2 and id_hash = $3", queueId, scope, idHash);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? (reader.GetGuid(0), reader.GetDecimal(1))
            : throw new InvalidOperationException("A deduplication record vanished within its window.");
    }

    /// <summary>
    /// One message as placed: its sequence number; the original it duplicates, if known; whether it recorded its key (the
    /// put-back removes those); and whether a live record the statement could not see holds its key.
    /// </summary>
    private sealed record PlacedRow(decimal Sequence, (Guid MessageId, decimal Sequence)? Original, bool Recorded, bool HeldElsewhere);

    /// <summary>A call's placement, and the calls of its batch answered as duplicates of its messages.</summary>
    private sealed record Placement(long QueueId, IReadOnlyList<FifoMessage> Messages, IReadOnlyList<PlacedRow> Rows, IReadOnlySet<long> Dependents);
}

using Npgsql;

namespace SecureQueue.Log.Messages;

/// <summary>
/// Visibility changes (ChangeMessageVisibility and its batch): one statement per queue for all of a batch's calls, made
/// in the writer's first round trip as its deletes and claims are, where each call used to take a round trip of its own
/// while the batch waited. A change cannot be put back, and needs none: the call's only failure after it is finding that
/// nothing changed.
/// </summary>
public sealed partial class MessageStore
{
    // Built once: the text is the same for every change (and Npgsql finds its prepared statement by it).
    // Two calls of one batch may name the same receipt: the message takes the later call's timeout (the later position, as
    // if they ran one after the other), and both calls changed it.
    private const string VisibilitySql =
        """
        with r as (select * from unnest($2::bigint[], $3::smallint[], $4::bigint[], $5::timestamptz[], $6::bigint[]) as r(position, idx, nonce, visible_at, call)),
        w as (select distinct on (position, idx, nonce) * from r order by position, idx, nonce, call desc),
        u as (
            update queue_messages m set visible_at = w.visible_at
            from w
            where m.queue_id = (select $1) and m.position = w.position and m.idx = w.idx and m.receipt_nonce = w.nonce
              and exists (select 1 from queues q where q.queue_id = (select $1) and q.deleted_at is null)
            returning m.position, m.idx, m.receipt_nonce)
        select r.call, r.position, r.idx from r join u on u.position = r.position and u.idx = r.idx and u.receipt_nonce = r.nonce
        """;

    private readonly Dictionary<long, VisibilityMade> visibilityChanges = [];

    /// <summary>Applies the changes whose receipt is current in a live queue; returns the keys that changed.</summary>
    public async Task<IReadOnlySet<MessageKey>> ChangeVisibilityAsync(long queueId, IReadOnlyList<VisibilityChange> changes)
    {
        if (TakeChangedAhead(queueId, changes) is { } changed)
        {
            return changed;
        }

        await FlushAsync();
        (long, IReadOnlyList<VisibilityChange>)[] request = [(Call, changes)];
        await using (var batch = new NpgsqlBatch(connection) { BatchCommands = { VisibilityCommand(queueId, request) } })
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            await ReadChangedAsync(reader, queueId, request);
        }

        visibilityChanges.Remove(Call, out var made);
        return made!.Changed;
    }

    /// <summary>
    /// The statement making, in live queue <paramref name="queueId"/>, the changes whose receipt is current among the
    /// <paramref name="requests"/> (each the changes of one call, by its position). It answers the call's position with
    /// each message it changed for it.
    /// </summary>
    internal static NpgsqlBatchCommand VisibilityCommand(long queueId, IReadOnlyList<(long Call, IReadOnlyList<VisibilityChange> Changes)> requests)
    {
        var rows = requests.SelectMany(r => r.Changes.Select(change => (r.Call, change))).ToList();
        return SqlCommands.BatchCommand(
            VisibilitySql,
            queueId, rows.Select(r => r.change.Receipt.Key.Position).ToArray(), rows.Select(r => r.change.Receipt.Key.Index).ToArray(),
            rows.Select(r => r.change.Receipt.Nonce).ToArray(), rows.Select(r => r.change.VisibleAt).ToArray(), rows.Select(r => r.Call).ToArray());
    }

    /// <summary>Keeps what <see cref="VisibilityCommand"/> changed, for each of its calls (nothing for a call whose receipts were all stale).</summary>
    internal async Task ReadChangedAsync(NpgsqlDataReader reader, long queueId, IReadOnlyList<(long Call, IReadOnlyList<VisibilityChange> Changes)> requests)
    {
        var changed = requests.ToDictionary(r => r.Call, _ => new HashSet<MessageKey>());
        while (await reader.ReadAsync())
        {
            changed[reader.GetInt64(0)].Add(new MessageKey(reader.GetInt64(1), reader.GetInt16(2)));
        }

        foreach (var (call, changes) in requests)
        {
            visibilityChanges[call] = new VisibilityMade(queueId, changes, changed[call]);
        }
    }

    /// <summary>What was changed ahead for the current call, if it asks for exactly that; it cannot ask for another change once one was made.</summary>
    private IReadOnlySet<MessageKey>? TakeChangedAhead(long queueId, IReadOnlyList<VisibilityChange> changes)
    {
        if (!visibilityChanges.Remove(Call, out var made))
        {
            return null;
        }

        if (made.QueueId == queueId && made.Changes.SequenceEqual(changes))
        {
            return made.Changed;
        }

        return made.Changed.Count == 0
            ? null
            : throw new InvalidOperationException("A visibility change made ahead of its call does not match the change the call asked for; the batch is rolled back.");
    }

    /// <summary>A visibility change made ahead that no call took would commit a change no call made: it fails the batch, which is rolled back.</summary>
    private void CheckChangesTaken()
    {
        if (visibilityChanges.Values.Any(v => v.Changed.Count > 0))
        {
            throw new InvalidOperationException("A visibility change made ahead of its call was not taken by the call; the batch is rolled back.");
        }

        visibilityChanges.Clear();
    }

    private sealed record VisibilityMade(long QueueId, IReadOnlyList<VisibilityChange> Changes, IReadOnlySet<MessageKey> Changed);
}

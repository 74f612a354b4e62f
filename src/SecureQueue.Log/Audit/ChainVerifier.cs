using System.Data;
using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace SecureQueue.Log.Audit;

/// <summary>
/// Recomputes the chain of seals over every stored field of every event from a position on, in one pass over a
/// sequential reader, and checks it against the signed checkpoints in the database and in the checkpoint file. The
/// seals, the events and the checkpoint rows are read in one repeatable-read snapshot; the file is read after the
/// snapshot was taken, so every row in the snapshot was already in the file (the gateway appends to the file first).
/// A long log is cut into ranges walked side by side on connections that share the snapshot.
/// </summary>
public sealed partial class ChainVerifier
{
    // Below this many events per range, one more connection costs more than it saves.
    private const long DefaultEventsPerRange = 65536;

    // Ranges walked side by side, each on its own connection: reading the event rows (TOAST included) is most of the work.
    private static readonly int Parallelism = Math.Clamp(Environment.ProcessorCount, 2, 4);
    private readonly NpgsqlDataSource dataSource;
    private readonly long eventsPerRange;

    public ChainVerifier(NpgsqlDataSource dataSource)
        : this(dataSource, DefaultEventsPerRange)
    {
    }

    /// <summary>Tests cut a short log into several ranges with a small <paramref name="eventsPerRange"/>.</summary>
    internal ChainVerifier(NpgsqlDataSource dataSource, long eventsPerRange)
    {
        this.dataSource = dataSource;
        this.eventsPerRange = eventsPerRange;
    }

    /// <param name="from">The first position to recompute; the stored link before it is trusted.</param>
    /// <param name="publicKey">The checkpoint key's 32-byte public key.</param>
    /// <param name="checkpointFile">The checkpoint file, or null to check only the database's checkpoints.</param>
    public async Task<ChainReport> VerifyAsync(
        long from, ReadOnlyMemory<byte> publicKey, string? checkpointFile, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        from = Math.Max(from, 1);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginAsync(connection, null, cancellationToken);
        var snapshot = (string)(await ScalarAsync(connection, "select pg_export_snapshot()", cancellationToken))!;
        var cursor = await CursorAsync(connection, cancellationToken);
        var last = cursor.Position;
        var stored = await StoredCheckpointsAsync(connection, cancellationToken);
        var file = checkpointFile is null ? [] : CheckpointFile.Read(checkpointFile);
        var anchors = new CheckpointAnchors(publicKey.Span, stored, file, checkpointFile);
        // Past the end there is nothing to recompute: start right after the last seal.
        from = Math.Min(from, last + 1);
        var ranges = PositionRange.Split(from, Math.Max(last, from), Parallelism, eventsPerRange);
        var shared = new SharedProgress(progress);
        // The search for unsealed events behind the cursor reads the whole log's order index: beside the walks, not after them.
        var insertedSearch = InsertedBehindInSnapshotAsync(snapshot, cursor, cancellationToken);
        var walks = await Task.WhenAll(ranges.Select((range, i) => i == 0
            ? WalkAsync(connection, range, anchors, shared, cancellationToken)
            : WalkInSnapshotAsync(snapshot, range, anchors, shared, cancellationToken)));
        var walk = Combine(ranges, walks);
        var inserted = await insertedSearch;
        var unsealed = (long)(await ScalarAsync(connection, SealSql.UnsealedAfter, cursor.TxId, cursor.SeqId, cancellationToken))!;
        await transaction.RollbackAsync(cancellationToken);

        var findings = anchors.Findings.ToList();
        var late = await ConfirmAsync(anchors.Unconfirmed, findings, checkpointFile, cancellationToken);
        if (inserted is not null)
        {
            findings.Add(inserted);
        }

        if (walk.Finding is { } broken)
        {
            findings.Add(broken);
        }

        // A bad lookup row where the chain breaks is part of that break (a forged event has none), not a finding of its own.
        if (walk.Lookup is { } lookup && (walk.Finding is null || lookup.Position < walk.Finding.Position))
        {
            findings.Add(lookup);
        }
        else
        {
            CheckEnd(walk, anchors.Newest(late), findings);
        }

        return new ChainReport(
            from, walk.Events, walk.LastPosition, Convert.ToHexStringLower(walk.LastLink), unsealed, stored.Count, anchors.FileCheckpoints,
            anchors.Checked, [.. findings.OrderBy(f => f.Position)], clock.Elapsed);
    }

    /// <summary>
    /// The walk of the whole range: the first range that found a problem, or whose events stop short of the next range,
    /// with the first bad lookup row of the ranges up to it.
    /// </summary>
    private static Walk Combine(IReadOnlyList<PositionRange> ranges, Walk[] walks)
    {
        long events = 0;
        ChainFinding? lookup = null;
        for (var i = 0; i < walks.Length; i++)
        {
            events += walks[i].Events;
            lookup ??= walks[i].Lookup;
            if (walks[i].Finding is not null)
            {
                return walks[i] with { Events = events, Lookup = lookup };
            }

            if (i < walks.Length - 1 && walks[i].LastPosition != ranges[i].To)
            {
                var missing = walks[i].LastPosition + 1;
                return walks[i] with { Events = events, Lookup = lookup, Finding = new ChainFinding(missing, ChainKinds.Deleted, $"position {missing} is missing; later positions follow") };
            }
        }

        return walks[^1] with { Events = events, Lookup = lookup };
    }

    /// <summary>A range walked on a connection of its own, in the snapshot the verification exported.</summary>
    private async Task<Walk> WalkInSnapshotAsync(string snapshot, PositionRange range, CheckpointAnchors anchors, SharedProgress progress, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginAsync(connection, snapshot, cancellationToken);
        return await WalkAsync(connection, range, anchors, progress, cancellationToken);
    }

    /// <summary>A read-only repeatable-read transaction (in <paramref name="snapshot"/> when given) that reads events in primary-key order.</summary>
    private static async Task<NpgsqlTransaction> BeginAsync(NpgsqlConnection connection, string? snapshot, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        if (snapshot is not null)
        {
            await ScalarAsync(connection, $"set transaction snapshot '{snapshot.Replace("'", "''", StringComparison.Ordinal)}'", cancellationToken);
        }

        // Stream from the index: a sort of the whole log would spill to disk before the first row arrives, and a log
        // written moments ago has no statistics yet, so the planner would count the few unsealed events by reading the
        // whole table. The ranges are the parallelism: a parallel plan per range ships every 2 KB row through a worker's
        // queue, and JIT compiles code for a streaming scan that runs once (both measured 10-15 % slower).
        await ScalarAsync(
            connection,
            "set local transaction_read_only = on; set local enable_sort = off; set local enable_seqscan = off; " +
            "set local max_parallel_workers_per_gather = 0; set local jit = off",
            cancellationToken);
        return transaction;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken) =>
        await ScalarAsync(connection, sql, null, null, cancellationToken);

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, object? first, object? second, CancellationToken cancellationToken)
    {
        await using var command = first is null ? connection.Command(sql) : connection.Command(sql, first, second!);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>The log must reach the newest checkpoint: an end before it means sealed events were removed.</summary>
    private static void CheckEnd(Walk walk, (long Position, string Source)? newest, List<ChainFinding> findings)
    {
        var end = walk.LastPosition;
        if (newest is { } checkpoint && checkpoint.Position > end)
        {
            findings.Add(new ChainFinding(end + 1, ChainKinds.Truncated, $"the log ends at {end}, but {checkpoint.Source} anchors position {checkpoint.Position}"));
        }
    }

    /// <summary>The first event behind the last seal that has no seal, named at the position of the first seal after it.</summary>
    private async Task<ChainFinding?> InsertedBehindInSnapshotAsync(string snapshot, SealCursor cursor, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginAsync(connection, snapshot, cancellationToken);
        await using var command = connection.Command(SealSql.InsertedBehind, cursor.TxId, cursor.SeqId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var position = reader.IsDBNull(1) ? cursor.Position : reader.GetInt64(1);
        return new ChainFinding(position, ChainKinds.Inserted,
            $"event {reader.GetInt64(0)} is in the log before the event sealed at {position} but was never sealed");
    }

    /// <summary>The last seal: its position and the (transaction, sequence) the sealer has passed.</summary>
    private static async Task<SealCursor> CursorAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(SealSql.Last);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new SealCursor(reader.GetInt64(0), reader.GetString(2), reader.GetInt64(3)) : new SealCursor(0, "0", 0);
    }

    /// <summary>
    /// Looks again, outside the snapshot, for file checkpoints the snapshot lacked: a checkpoint written meanwhile is
    /// there now (and returned as late); one that is still absent was removed from the database.
    /// </summary>
    private async Task<HashSet<string>> ConfirmAsync(
        IReadOnlyCollection<Checkpoint> unconfirmed, List<ChainFinding> findings, string? fileName, CancellationToken cancellationToken)
    {
        var late = new HashSet<string>(StringComparer.Ordinal);
        if (unconfirmed.Count == 0)
        {
            return late;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            "select signature from checkpoints where signature = any($1)",
            new NpgsqlParameter { Value = unconfirmed.Select(c => c.Signature).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            late.Add(Convert.ToBase64String(reader.GetFieldValue<byte[]>(0)));
        }

        foreach (var checkpoint in unconfirmed.Where(c => !late.Contains(c.SignatureText)))
        {
            findings.Add(new ChainFinding(checkpoint.Position, ChainKinds.MissingCheckpoint,
                $"the checkpoint at {checkpoint.Position} signed at {checkpoint.Time:O} in {fileName} is missing from the database"));
        }

        return late;
    }

    private static async Task<List<Checkpoint>> StoredCheckpointsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(CheckpointSql.All);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var checkpoints = new List<Checkpoint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            checkpoints.Add(new Checkpoint(
                reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<byte[]>(5)));
        }

        return checkpoints;
    }

    private sealed record SealCursor(long Position, string TxId, long SeqId);
}

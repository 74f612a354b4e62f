using System.Data;
using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace SecureQueue.Storage.Audit;

/// <summary>
/// Recomputes the chain over every stored field of every event from a position on, in one pass over a sequential
/// reader, and checks it against the signed checkpoints in the database and in the checkpoint file. The events,
/// the head row and the checkpoint rows are read in one repeatable-read snapshot; the file is read after the
/// snapshot was taken, so every row in the snapshot was already in the file (the gateway appends to the file first).
/// </summary>
public sealed partial class ChainVerifier(NpgsqlDataSource dataSource)
{
    /// <param name="from">The first position to recompute; the stored link before it is trusted.</param>
    /// <param name="publicKey">The checkpoint key's 32-byte public key.</param>
    /// <param name="checkpointFile">The checkpoint file, or null to check only the database's checkpoints.</param>
    public async Task<ChainReport> VerifyAsync(
        long from, ReadOnlyMemory<byte> publicKey, string? checkpointFile, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        from = Math.Max(from, 1);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var head = await HeadAsync(connection, cancellationToken);
        var stored = await StoredCheckpointsAsync(connection, cancellationToken);
        var file = checkpointFile is null ? [] : CheckpointFile.Read(checkpointFile);
        var anchors = new CheckpointAnchors(publicKey.Span, stored, file, checkpointFile);
        var walk = await WalkAsync(connection, from, anchors, progress, cancellationToken);
        await transaction.RollbackAsync(cancellationToken);

        var findings = anchors.Findings.ToList();
        var late = await ConfirmAsync(anchors.Unconfirmed, findings, checkpointFile, cancellationToken);
        if (walk.Finding is { } broken)
        {
            findings.Add(broken);
        }
        else
        {
            CheckEnd(walk, head, anchors.Newest(late), findings);
        }

        return new ChainReport(
            from, walk.Events, walk.LastPosition, Convert.ToHexStringLower(walk.LastLink), Unsealed: 0, stored.Count, anchors.FileCheckpoints,
            anchors.Checked, [.. findings.OrderBy(f => f.Position)], clock.Elapsed);
    }

    /// <summary>The log must end exactly where the head row and the newest checkpoint say it does.</summary>
    private static void CheckEnd(Walk walk, (long Position, byte[] Hash) head, (long Position, string Source)? newest, List<ChainFinding> findings)
    {
        var end = walk.LastPosition;
        if (newest is { } checkpoint && checkpoint.Position > end)
        {
            findings.Add(new ChainFinding(end + 1, ChainKinds.Truncated, $"the log ends at {end}, but {checkpoint.Source} anchors position {checkpoint.Position}"));
        }
        else if (head.Position > end)
        {
            findings.Add(new ChainFinding(end + 1, ChainKinds.Truncated, $"the log ends at {end}, but log_head records position {head.Position}"));
        }
        else if (head.Position < end)
        {
            findings.Add(new ChainFinding(head.Position + 1, ChainKinds.Inserted, $"events after log_head's position {head.Position} were added"));
        }
        else if (!head.Hash.AsSpan().SequenceEqual(walk.LastLink))
        {
            findings.Add(new ChainFinding(end, ChainKinds.Edited, "log_head's hash is not the recomputed link of the last event"));
        }
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

    private static async Task<(long Position, byte[] Hash)> HeadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(CheckpointSql.Head);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1))
            : throw new InvalidOperationException("log_head is missing: this database has no SecureQueue log.");
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
}

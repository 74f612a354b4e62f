using Npgsql;
using SecureQueue.Log.Events;

namespace SecureQueue.Log.Audit;

public sealed partial class ChainVerifier
{
    private const int ProgressEvery = 16384;

    /// <summary>
    /// Recomputes the links of the events in <paramref name="range"/>, starting from
    /// the stored link before it, and stops at the first event that does not follow. Ranges walked side by side
    /// check the same chain as one walk: each event's link must equal its stored link, so each range's stored
    /// starting link is the one the range before it verified.
    /// </summary>
    private static async Task<Walk> WalkAsync(
        NpgsqlConnection connection, PositionRange range, CheckpointAnchors anchors, SharedProgress progress, CancellationToken cancellationToken)
    {
        var from = range.From;
        var previous = from == 1 ? new byte[EventHash.Size] : await StoredLinkAsync(connection, from - 1, cancellationToken);
        if (previous is null)
        {
            return new Walk(0, from - 1, new byte[EventHash.Size], new ChainFinding(from - 1, ChainKinds.Deleted, $"the event at {from - 1}, before position {from}, is missing"), null);
        }

        var hasher = new EventHash();
        var link = new byte[EventHash.Size];
        var expected = from;
        long events = 0;
        ChainFinding? lookup = null;
        // From the first position the log can hold, so a forged row at 0 or below is read too. Rows are small, so the
        // reader buffers each one whole (no SequentialAccess).
        await using var command = connection.Command(SealSql.Range, from == 1 ? long.MinValue : from, range.To);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var stored = StoredEvent.Read(reader);
            if (stored.Missing && stored.Position == expected)
            {
                return new Walk(events, expected - 1, previous, new ChainFinding(expected, ChainKinds.Deleted, $"the event sealed at {expected} is no longer in the log"), lookup);
            }

            var sealedHere = stored.Row is { } row && stored.Position == expected && Sealed(hasher, previous, row, stored.Hash, link);
            if (!sealedHere || !previous.AsSpan().SequenceEqual(stored.PreviousHash))
            {
                var next = await reader.ReadAsync(cancellationToken) ? StoredEvent.ReadLinks(reader) : (Position: 0L, PreviousHash: Array.Empty<byte>());
                await reader.DisposeAsync();
                var finding = await ClassifyAsync(connection, expected, previous, stored, sealedHere, next, cancellationToken);
                return new Walk(events, expected - 1, previous, finding, lookup);
            }

            if (anchors.Check(expected, link) is { } mismatch)
            {
                return new Walk(events, expected - 1, previous, mismatch, lookup);
            }

            // Kept, not returned: a break of the chain further on explains a bad lookup row here better (a forged event has none).
            lookup ??= LookupFinding(expected, stored);

            previous = stored.Hash;
            expected++;
            if (++events % ProgressEvery == 0)
            {
                progress.Add(ProgressEvery);
            }
        }

        progress.Add(events % ProgressEvery);
        return new Walk(events, expected - 1, previous, null, lookup);
    }

    /// <summary>True when the fields hash, after the verified link, to the stored link.</summary>
    private static bool Sealed(EventHash hasher, byte[] previous, in EventRow row, byte[] hash, byte[] link)
    {
        hasher.Link(previous, row, link);
        return link.AsSpan().SequenceEqual(hash);
    }

    /// <summary>
    /// The event's lookup row must hold what its sealed data says: LookupEvents finds events through these rows, so an
    /// edited or missing one hides an event from a lookup (or shows it under another attribute) as an edit of the event would.
    /// </summary>
    private static ChainFinding? LookupFinding(long position, StoredEvent stored) => stored.LookupMismatch switch
    {
        null or "" => null,
        SealSql.NoLookupRow => new ChainFinding(position, ChainKinds.Edited, $"the event at {position} has no lookup row: lookups cannot find it"),
        var columns => new ChainFinding(position, ChainKinds.Edited, $"the lookup row of the event at {position} does not match its sealed data ({columns})"),
    };

    /// <summary>
    /// Names what happened at the first position <paramref name="expected"/> whose event does not follow the verified
    /// link <paramref name="previous"/>, from the event found there, the next one, and where its own link points.
    /// <paramref name="sealedHere"/>: its fields hash to its stored link at this position after the verified link, so
    /// only its <c>prev_hash</c> column can be wrong.
    /// </summary>
    private static async Task<ChainFinding> ClassifyAsync(
        NpgsqlConnection connection, long expected, byte[] previous, StoredEvent found, bool sealedHere, (long Position, byte[] PreviousHash) next,
        CancellationToken cancellationToken)
    {
        if (found.Position > expected)
        {
            return new ChainFinding(expected, ChainKinds.Deleted, $"position {expected} is missing; the next stored position is {found.Position}");
        }

        if (found.Position == expected - 1 && expected > 1)
        {
            return new ChainFinding(found.Position, ChainKinds.Edited, $"position {found.Position} is read twice: a key constraint was dropped and its event has a second lookup row or seal");
        }

        if (found.Position < expected)
        {
            return new ChainFinding(found.Position, ChainKinds.Inserted, $"an event at position {found.Position}, before the log's first position");
        }

        if (!found.PreviousHash.AsSpan().SequenceEqual(previous) && await PositionOfLinkAsync(connection, found.PreviousHash, cancellationToken) is { } target)
        {
            if (target >= expected)
            {
                return new ChainFinding(expected, ChainKinds.Reordered, $"the event at {expected} was chained after the event now at {target}");
            }

            if (target < expected - 1)
            {
                return new ChainFinding(target + 1, ChainKinds.Inserted, $"the event at {expected} was chained after {target}: positions {target + 1}–{expected - 1} were inserted");
            }
        }

        if (next.Position == expected + 1 && next.PreviousHash.AsSpan().SequenceEqual(previous))
        {
            return new ChainFinding(expected, ChainKinds.Inserted, $"the event at {expected + 1} was chained directly after {expected - 1}: {expected} was inserted");
        }

        if (found.Row is null || sealedHere || found.PreviousHash.AsSpan().SequenceEqual(previous))
        {
            return new ChainFinding(expected, ChainKinds.Edited, $"the stored fields of the event at {expected} do not hash to its sealed link");
        }

        return new ChainFinding(expected, ChainKinds.Deleted, $"the event at {expected} was chained after an event that is no longer in the log");
    }

    private static async Task<byte[]?> StoredLinkAsync(NpgsqlConnection connection, long position, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(SealSql.HashAt, position);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    private static async Task<long?> PositionOfLinkAsync(NpgsqlConnection connection, byte[] link, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("select min(position) from seals where hash = $1", link);
        return await command.ExecuteScalarAsync(cancellationToken) is long position ? position : null;
    }

    /// <param name="Lookup">The first event whose lookup row does not match it, found while the chain held.</param>
    private sealed record Walk(long Events, long LastPosition, byte[] LastLink, ChainFinding? Finding, ChainFinding? Lookup);
}

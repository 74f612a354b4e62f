namespace SecureQueue.Log.Audit;

/// <summary>What <see cref="ChainVerifier"/> found: counts, the recomputed head, and every problem in position order.</summary>
public sealed record ChainReport(
    long From,
    long Events,
    long LastPosition,
    string HeadHash,
    long Unsealed,
    int StoredCheckpoints,
    int FileCheckpoints,
    int CheckedCheckpoints,
    IReadOnlyList<ChainFinding> Findings,
    TimeSpan Elapsed)
{
    public bool Intact => Findings.Count == 0;

    public ChainFinding? First => Findings.Count == 0 ? null : Findings[0];
}

/// <summary>One problem: the first position it affects, its kind (<see cref="ChainKinds"/>) and what was seen.</summary>
public sealed record ChainFinding(long Position, string Kind, string Detail);

/// <summary>The kinds of tampering the verifier names.</summary>
public static class ChainKinds
{
    /// <summary>A stored field (any column the chain covers, or a link) differs from what was sealed.</summary>
    public const string Edited = "edited";

    /// <summary>An event is missing: a gap in positions, or an event links to one no longer in the log.</summary>
    public const string Deleted = "deleted";

    /// <summary>An event that was never sealed in this place was added.</summary>
    public const string Inserted = "inserted";

    /// <summary>An authentic event sits before the event it was chained after.</summary>
    public const string Reordered = "reordered";

    /// <summary>The log ends before a signed checkpoint (or the head row), or a checkpoint's hash is not the recomputed link.</summary>
    public const string Truncated = "truncated";

    /// <summary>A checkpoint that is not signed by the key, or a file line that is not a checkpoint.</summary>
    public const string BadCheckpoint = "bad-checkpoint";

    /// <summary>A checkpoint in the file that the database lacks, or one of the file's origin in the database that the file lacks.</summary>
    public const string MissingCheckpoint = "missing-checkpoint";
}

using SecureQueue.Log.Audit;

namespace SecureQueue.Trail.Reports;

/// <summary>The audit-integrity section from the verifier's report, the sealing state and the newest checkpoint.</summary>
internal static class Integrity
{
    /// <summary>Events waiting longer than this for their seal are reported: the sealer normally follows within a second.</summary>
    public const double MaxUnsealedAgeSeconds = 60;

    public static AuditIntegrity From(ChainReport chain, SealingState sealing, CheckpointSummary? checkpoint, bool checkpointFileChecked, DateTimeOffset now)
    {
        var oldestUnsealed = sealing.OldestUnsealedAt is { } at ? (now - at).TotalSeconds : (double?)null;
        var status = !chain.Intact ? CheckStatus.Fail
            : checkpoint is null || !checkpointFileChecked || oldestUnsealed > MaxUnsealedAgeSeconds ? CheckStatus.Warn
            : CheckStatus.Pass;
        return new AuditIntegrity(
            status,
            chain.Intact,
            chain.Events,
            chain.LastPosition,
            chain.HeadHash,
            [.. chain.Findings.Select(f => new IntegrityFinding(f.Position, f.Kind, f.Detail))],
            checkpointFileChecked,
            chain.StoredCheckpoints,
            chain.FileCheckpoints,
            chain.CheckedCheckpoints,
            checkpoint is null ? null : new CheckpointView(checkpoint.Position, checkpoint.SignedAt, (now - checkpoint.SignedAt).TotalSeconds, checkpoint.KeyId, checkpoint.Origin),
            sealing.Unsealed,
            oldestUnsealed,
            sealing.LagP50Seconds,
            sealing.LagP99Seconds,
            sealing.LagMaxSeconds,
            sealing.Events,
            sealing.FirstEventAt,
            sealing.FirstEventAt is { } first ? Math.Max(0, (now - first).TotalDays) : 0);
    }
}

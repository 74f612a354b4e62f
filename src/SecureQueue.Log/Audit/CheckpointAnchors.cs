using SecureQueue.Crypto.Signatures;

namespace SecureQueue.Log.Audit;

/// <summary>
/// The checkpoints a verification checks the log against: every row of <c>checkpoints</c> and every line of the
/// checkpoint file, each signature checked, each file line matched to a row and each row of the file's origin
/// matched to a line. Only checkpoints signed by the key anchor positions.
/// </summary>
internal sealed class CheckpointAnchors
{
    private readonly Dictionary<long, List<(Checkpoint Checkpoint, string Source)>> byPosition = [];
    private readonly List<ChainFinding> findings = [];
    private readonly Dictionary<string, Checkpoint> unconfirmed = new(StringComparer.Ordinal);

    public CheckpointAnchors(
        ReadOnlySpan<byte> publicKey, IReadOnlyList<Checkpoint> stored, IReadOnlyList<(int Line, Checkpoint? Checkpoint, string? Error)> file, string? fileName)
    {
        var keyId = CheckpointSigningKey.FingerprintOf(publicKey);
        var storedSignatures = stored.Select(c => c.SignatureText).ToHashSet(StringComparer.Ordinal);
        foreach (var checkpoint in stored)
        {
            Add(publicKey, keyId, checkpoint, $"database checkpoint signed at {checkpoint.Time:O} ({checkpoint.Origin})");
        }

        foreach (var (line, checkpoint, error) in file)
        {
            if (checkpoint is null)
            {
                findings.Add(new ChainFinding(0, ChainKinds.BadCheckpoint, $"line {line} of {fileName} is not a checkpoint: {error}"));
            }
            else if (Add(publicKey, keyId, checkpoint, $"line {line} of {fileName}") && !storedSignatures.Contains(checkpoint.SignatureText))
            {
                unconfirmed[checkpoint.SignatureText] = checkpoint;
            }
        }

        var lines = file.Where(l => l.Checkpoint is not null).Select(l => l.Checkpoint!).ToList();
        var origins = lines.Select(c => c.Origin).ToHashSet(StringComparer.Ordinal);
        var lineSignatures = lines.Select(c => c.SignatureText).ToHashSet(StringComparer.Ordinal);
        foreach (var checkpoint in stored.Where(c => origins.Contains(c.Origin) && !lineSignatures.Contains(c.SignatureText)))
        {
            findings.Add(new ChainFinding(checkpoint.Position, ChainKinds.MissingCheckpoint,
                $"the database checkpoint at {checkpoint.Position} signed at {checkpoint.Time:O} is missing from {fileName}, which holds that origin's checkpoints"));
        }

        FileCheckpoints = lines.Count;
    }

    public int FileCheckpoints { get; }

    public IReadOnlyList<ChainFinding> Findings => findings;

    /// <summary>File checkpoints not in the database snapshot: written since it was taken, or removed from the database.</summary>
    public IReadOnlyCollection<Checkpoint> Unconfirmed => unconfirmed.Values;

    /// <summary>Valid checkpoints compared with a recomputed link.</summary>
    public int Checked { get; private set; }

    /// <summary>A finding when a valid checkpoint at <paramref name="position"/> names a different link.</summary>
    public ChainFinding? Check(long position, ReadOnlySpan<byte> link)
    {
        if (!byPosition.TryGetValue(position, out var anchors))
        {
            return null;
        }

        foreach (var (checkpoint, source) in anchors)
        {
            Checked++;
            if (!link.SequenceEqual(checkpoint.Hash))
            {
                return new ChainFinding(position, ChainKinds.Truncated,
                    $"{source} anchors {Convert.ToHexStringLower(checkpoint.Hash)} at {position}, but the recomputed link is {Convert.ToHexStringLower(link)}: the log was rewritten from there");
            }
        }

        return null;
    }

    /// <summary>
    /// The newest valid checkpoint the log must reach; file checkpoints confirmed in the database only after the
    /// snapshot are newer than it and do not count.
    /// </summary>
    public (long Position, string Source)? Newest(IReadOnlySet<string> lateSignatures) => byPosition
        .SelectMany(p => p.Value)
        .Where(a => !lateSignatures.Contains(a.Checkpoint.SignatureText))
        .Select(a => ((long Position, string Source)?)(a.Checkpoint.Position, a.Source))
        .MaxBy(a => a!.Value.Position);

    private bool Add(ReadOnlySpan<byte> publicKey, string keyId, Checkpoint checkpoint, string source)
    {
        if (!checkpoint.IsSignedBy(publicKey))
        {
            var why = checkpoint.KeyId == keyId ? "its signature is invalid" : $"it names key {checkpoint.KeyId}";
            findings.Add(new ChainFinding(checkpoint.Position, ChainKinds.BadCheckpoint, $"{source} is not signed by key {keyId}: {why}"));
            return false;
        }

        if (!byPosition.TryGetValue(checkpoint.Position, out var list))
        {
            byPosition[checkpoint.Position] = list = [];
        }

        list.Add((checkpoint, source));
        return true;
    }
}

using SecureQueue.Crypto.Signatures;

namespace SecureQueue.Trail.Exports;

/// <summary>
/// <c>secq audit validate-export</c>: what <c>aws cloudtrail validate-logs</c> does, offline, with the checkpoint
/// public key. It starts from the newest digest (the one the export state names, or the newest on disk), follows each
/// digest's previous link back to the starting digest, then checks forward: each digest is where it says it is, signed
/// by the key, chained to the one before (hash, signature, window, positions) and tied to a signed checkpoint; each log
/// file it names is present with the hash it names and holds exactly the positions it names. Unlike validate-logs it
/// also reports digests outside the chain and log files no digest names, and requires the windows to tile time, so a
/// removed newest digest is found from the state or from <c>until</c>.
/// </summary>
public sealed partial class ExportValidator(byte[] publicKey)
{
    private readonly string fingerprint = CheckpointSigningKey.FingerprintOf(publicKey);

    /// <summary>The chain of digests, oldest first, as read from disk.</summary>
    internal sealed record LoadedDigest(string Path, byte[] Stored, ExportDigest? Digest, string? Signature, string? FormatProblem);

    public ExportValidation Validate(string directory, ExportFormat format, DateTimeOffset? until = null)
    {
        var result = new ExportValidation();
        ExportState? state;
        try
        {
            state = ExportState.Read(directory, format);
        }
        catch (InvalidDataException exception)
        {
            result.Add(ValidationLine.Export, ExportState.FileName(format), exception.Message);
            state = null;
        }

        var onDisk = Files(directory, format.DigestFolder, ".json.gz");
        var newest = state?.LastDigest ?? onDisk.LastOrDefault();
        if (newest is null)
        {
            result.Add(ValidationLine.Export, directory, $"no {format.Name} digest found");
            return result;
        }

        if (state is null && until is null)
        {
            // Without the state, or a time the digests must reach, nothing shows that newer digests were removed.
            result.Add(ValidationLine.Export, ExportState.FileName(format), "missing: give --until to say how far the export must reach");
        }

        var (chain, missing) = Walk(directory, newest, state?.LastDigest is not null);
        if (missing is { } gap)
        {
            result.Add(ValidationLine.Digest, gap.Path, gap.Problem);
        }

        CheckChain(directory, format, chain, result);
        CheckState(state, chain, result);
        if (until is { } expected && result.End is { } end && end < expected)
        {
            result.Add(ValidationLine.Export, directory, $"the newest digest ends at {end:O}, before {expected:O}: newer digests are missing");
        }

        var inChain = chain.Select(d => d.Path).ToHashSet(StringComparer.Ordinal);
        var named = chain.SelectMany(d => d.Digest?.LogFiles ?? []).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var path in onDisk.Where(p => !inChain.Contains(p)))
        {
            result.Add(ValidationLine.Digest, path, "not in the chain of digests that ends at the newest one");
        }

        var pending = state?.Pending?.ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var path in Files(directory, format.LogFolder, format.LogSuffix).Where(p => !named.Contains(p)))
        {
            result.Add(ValidationLine.Log, path, pending.Contains(path) ? "written by an interrupted export run (the next run removes it)" : "not named by any digest");
        }

        return result;
    }

    /// <summary>
    /// From the newest digest back to the starting one (or to the first one missing): the chain, oldest first, and the
    /// missing link with why it matters.
    /// </summary>
    private static (List<LoadedDigest> Chain, (string Path, string Problem)? Missing) Walk(string directory, string newest, bool namedByState)
    {
        var chain = new List<LoadedDigest>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        string? path = newest;
        (string, string)? missing = null;
        while (path is not null && visited.Add(path))
        {
            var loaded = Load(directory, path);
            if (loaded is null)
            {
                missing = (path, chain.Count == 0
                    ? (namedByState ? "not found: the export state names it as the newest digest" : "not found")
                    : $"not found: {chain[^1].Path} names it as the previous digest");
                break;
            }

            chain.Add(loaded);
            path = loaded.Digest?.PreviousPath;
        }

        chain.Reverse();
        return (chain, missing);
    }

    private static LoadedDigest? Load(string directory, string path)
    {
        string full;
        try
        {
            full = ExportLayout.FullPath(directory, path);
        }
        catch (InvalidDataException)
        {
            return null;
        }

        if (!File.Exists(full))
        {
            return null;
        }

        var stored = File.ReadAllBytes(full);
        var signatureFile = ExportLayout.SignatureFile(full);
        var signature = File.Exists(signatureFile) ? File.ReadAllText(signatureFile).Trim() : null;
        try
        {
            return new LoadedDigest(path, stored, ExportDigest.Parse(Gzip.Decompress(stored)), signature, null);
        }
        catch (InvalidDataException exception)
        {
            // Kept in the chain so the problem is reported where it is; it links to nothing before it.
            return new LoadedDigest(path, stored, null, signature, exception.Message.StartsWith("invalid format", StringComparison.Ordinal) ? exception.Message : "invalid format: " + exception.Message);
        }
    }

    /// <summary>Every file under <c>AWSLogs/*/&lt;folder&gt;/</c> ending in <paramref name="suffix"/>, relative, in name order (oldest first).</summary>
    private static List<string> Files(string directory, string folder, string suffix)
    {
        var root = Path.Combine(directory, "AWSLogs");
        if (!Directory.Exists(root))
        {
            return [];
        }

        return Directory.EnumerateDirectories(root)
            .Select(account => Path.Combine(account, folder))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(suffix, StringComparison.Ordinal))
            .Select(f => ExportLayout.RelativePath(directory, f))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}

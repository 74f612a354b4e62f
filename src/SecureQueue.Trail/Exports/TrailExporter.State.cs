using System.Text;

namespace SecureQueue.Trail.Exports;

public sealed partial class TrailExporter
{
    private void CheckContinues(ExportRequest request, ExportLayout layout, ExportState? state)
    {
        if (state is null)
        {
            var digests = ExportLayout.FullPath(request.Directory, layout.DigestRoot);
            if (Directory.Exists(digests) && Directory.EnumerateFiles(digests, "*", SearchOption.AllDirectories).Any())
            {
                throw new InvalidOperationException(
                    $"'{request.Directory}' holds {request.Format.Name} digests but no {ExportState.FileName(request.Format)}: a new export there would start a second chain. Use an empty directory.");
            }

            return;
        }

        if (state.AccountId != layout.AccountId || state.Region != layout.Region || state.KeyFingerprint != key.Fingerprint)
        {
            throw new InvalidOperationException(
                $"'{request.Directory}' continues an export of account {state.AccountId} in {state.Region} signed by key {state.KeyFingerprint}; this run is for " +
                $"{layout.AccountId} in {layout.Region} with key {key.Fingerprint}. Use another directory.");
        }

        if (request.From is not null)
        {
            throw new InvalidOperationException(
                $"--from only starts a new export; '{request.Directory}' continues from position {state.LastPosition + 1}, so records are never skipped or written twice.");
        }
    }

    /// <summary>Deletes what an interrupted run wrote: no digest names those files, and their records are exported again.</summary>
    private static ExportState? RemovePending(string directory, ExportState? state)
    {
        if (state?.Pending is not { Count: > 0 } pending)
        {
            return state;
        }

        // Only files outside the committed chain: a state edited to list delivered files must not get them deleted.
        var committed = Committed(directory, state);
        if (pending.FirstOrDefault(committed.Contains) is { } delivered)
        {
            throw new InvalidOperationException(
                $"the export state lists {delivered} as unfinished, but a digest of the export names it: the state was edited. Run secq audit validate-export.");
        }

        foreach (var path in pending)
        {
            File.Delete(ExportLayout.FullPath(directory, path));
        }

        // A first run that never wrote a digest leaves nothing to continue: the next run starts afresh (with its own --from).
        if (state.LastDigest is null)
        {
            File.Delete(Path.Combine(directory, ExportState.FileName(ExportFormat.Parse(state.Format)!)));
            return null;
        }

        var cleared = state with { Pending = null };
        cleared.Write(directory);
        return cleared;
    }

    /// <summary>
    /// Refuses to continue from a state that does not match the newest digest it names (missing, another file, another
    /// signature or position): the next digest would chain to something that is not there.
    /// </summary>
    private static void CheckNewestDigest(string directory, ExportState? state)
    {
        if (state?.LastDigest is not { } path)
        {
            return;
        }

        var full = ExportLayout.FullPath(directory, path);
        var signatureFile = ExportLayout.SignatureFile(full);
        if (!File.Exists(full) || !File.Exists(signatureFile))
        {
            throw new InvalidOperationException($"the export's newest digest {path} (or its signature) is missing. Run secq audit validate-export.");
        }

        var stored = File.ReadAllBytes(full);
        var matches = DigestSignature.Hash(stored) == state.LastDigestHash
            && File.ReadAllText(signatureFile, Encoding.ASCII).Trim() == state.LastDigestSignature
            && ExportDigest.Parse(Gzip.Decompress(stored)).LastPosition == state.LastPosition;
        if (!matches)
        {
            throw new InvalidOperationException($"the export state does not match its newest digest {path}. Run secq audit validate-export.");
        }
    }

    /// <summary>The digests (and their signature files) of the chain that ends at the state's newest digest, and the log files they name.</summary>
    private static HashSet<string> Committed(string directory, ExportState state)
    {
        var committed = new HashSet<string>(StringComparer.Ordinal);
        for (var path = state.LastDigest; path is not null && committed.Add(path);)
        {
            committed.Add(ExportLayout.SignatureFile(path));
            var full = ExportLayout.FullPath(directory, path);
            if (!File.Exists(full))
            {
                break;
            }

            var digest = ExportDigest.Parse(Gzip.Decompress(File.ReadAllBytes(full)));
            committed.UnionWith(digest.LogFiles.Select(f => f.Path));
            path = digest.PreviousPath;
        }

        return committed;
    }
}

using System.Text.Json;
using SecureQueue.Log.Audit;

namespace SecureQueue.Trail.Exports;

public sealed partial class ExportValidator
{
    /// <summary>
    /// Compares each digest with the database: the link at its last position must be the one it names, and its
    /// checkpoint must be stored. Run after <see cref="Validate"/>, when the log is at hand.
    /// </summary>
    public static async Task CheckDatabaseAsync(ExportValidation result, SealedLog log, CancellationToken cancellationToken)
    {
        var checkedPositions = new HashSet<long>();
        var checkedCheckpoints = new HashSet<string>(StringComparer.Ordinal);
        foreach (var digest in result.Chain.Where(d => d.LastSealHash is not null))
        {
            if (checkedPositions.Add(digest.LastPosition))
            {
                var stored = await log.SealHashAsync(digest.LastPosition, cancellationToken);
                if (stored is null || Convert.ToHexStringLower(stored) != digest.LastSealHash)
                {
                    result.Add(ValidationLine.Digest, digest.Path, stored is null
                        ? $"the database's log ends before position {digest.LastPosition}, which this digest covers"
                        : $"the database's link at position {digest.LastPosition} is not the one this digest names: the log or the export was rewritten");
                }
            }

            if (digest.Checkpoint is { } checkpoint && checkedCheckpoints.Add(checkpoint.SignatureText) && !await log.HasCheckpointAsync(checkpoint.Signature, cancellationToken))
            {
                result.Add(ValidationLine.Digest, digest.Path, $"its checkpoint at position {checkpoint.Position} is not in the database");
            }
        }
    }

    private void CheckChain(string directory, ExportFormat format, List<LoadedDigest> chain, ExportValidation result)
    {
        LoadedDigest? previous = null;
        foreach (var loaded in chain)
        {
            result.Digests++;
            result.Add(ValidationLine.Digest, loaded.Path, DigestProblem(loaded, previous?.Digest is null ? null : previous, format));
            if (loaded.Digest is { } digest)
            {
                result.Chain.Add(digest);
                result.FirstPosition = previous is null ? digest.FirstPosition : result.FirstPosition;
                result.LastPosition = digest.LastPosition;
                result.End = digest.End;
                foreach (var file in digest.LogFiles)
                {
                    result.LogFiles++;
                    var (problem, records) = LogFileProblem(directory, format, file);
                    result.Records += records;
                    result.Add(ValidationLine.Log, file.Path, problem);
                }
            }

            previous = loaded;
        }
    }

    private string? DigestProblem(LoadedDigest loaded, LoadedDigest? previous, ExportFormat format)
    {
        if (loaded.Digest is not { } digest)
        {
            return loaded.FormatProblem;
        }

        if (digest.Path != loaded.Path)
        {
            return $"has been moved from its original location {digest.Path}";
        }

        if (digest.KeyFingerprint != fingerprint)
        {
            return $"public key not found for fingerprint {digest.KeyFingerprint}";
        }

        if (loaded.Signature is null)
        {
            return $"its signature file {ExportLayout.SignatureFile(loaded.Path)} was not found";
        }

        if (!DigestSignature.Verify(publicKey, digest, loaded.Stored, loaded.Signature))
        {
            return "signature verification failed";
        }

        if (digest.Format != format.Name)
        {
            return $"is a digest of a {digest.Format} export";
        }

        if (digest.Start >= digest.End || TrailExporter.HourStart(digest.Start) != TrailExporter.HourStart(digest.End.AddTicks(-1)))
        {
            return $"its window {digest.Start:O} to {digest.End:O} is not within one hour";
        }

        return (previous is null ? null : LinkProblem(digest, previous)) ?? PositionProblem(digest) ?? CheckpointProblem(digest);
    }

    private static string? LinkProblem(ExportDigest digest, LoadedDigest previous)
    {
        var before = previous.Digest!;
        if (digest.PreviousHash != DigestSignature.Hash(previous.Stored))
        {
            return $"previous digest hash doesn't match {previous.Path}";
        }

        if (digest.PreviousSignature != previous.Signature)
        {
            return $"previous digest signature doesn't match the signature of {previous.Path}";
        }

        if (digest.Start != before.End)
        {
            return $"its window starts at {digest.Start:O}, but the previous digest's ends at {before.End:O}: digests are missing between them";
        }

        return digest.FirstPosition != before.LastPosition + 1 || digest.AccountId != before.AccountId
            ? $"starts at position {digest.FirstPosition} of account {digest.AccountId}, but the previous digest ends at {before.LastPosition} of {before.AccountId}"
            : null;
    }

    private static string? PositionProblem(ExportDigest digest)
    {
        var next = digest.FirstPosition;
        foreach (var file in digest.LogFiles)
        {
            if (file.FirstPosition != next || file.LastPosition < file.FirstPosition)
            {
                return $"its log files do not cover positions {digest.FirstPosition} to {digest.LastPosition} in order ({file.Path} starts at {file.FirstPosition})";
            }

            next = file.LastPosition + 1;
        }

        return next - 1 != digest.LastPosition ? $"its log files end at position {next - 1}, but it names {digest.LastPosition}" : null;
    }

    private string? CheckpointProblem(ExportDigest digest)
    {
        if (digest.Checkpoint is not { } checkpoint)
        {
            return digest.LogFiles.Count > 0 ? "names no checkpoint for its records" : null;
        }

        if (!checkpoint.IsSignedBy(publicKey))
        {
            return $"its checkpoint at position {checkpoint.Position} is not signed by key {fingerprint}";
        }

        if (checkpoint.Position < digest.LastPosition)
        {
            return $"its checkpoint at position {checkpoint.Position} does not cover its last position {digest.LastPosition}";
        }

        return checkpoint.Position == digest.LastPosition && Convert.ToHexStringLower(checkpoint.Hash) != digest.LastSealHash
            ? $"its link at position {digest.LastPosition} is not the one the checkpoint signed"
            : null;
    }

    private static (string? Problem, long Records) LogFileProblem(string directory, ExportFormat format, DigestLogFile file)
    {
        string full;
        try
        {
            full = ExportLayout.FullPath(directory, file.Path);
        }
        catch (InvalidDataException exception)
        {
            return (exception.Message, 0);
        }

        if (!File.Exists(full))
        {
            return ("not found", 0);
        }

        var stored = File.ReadAllBytes(full);
        if (DigestSignature.Hash(stored) != file.HashValue)
        {
            return ("hash value doesn't match", 0);
        }

        List<long> positions;
        try
        {
            positions = Positions(format, Gzip.Decompress(stored));
        }
        catch (Exception exception) when (exception is InvalidDataException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return ($"invalid format: {exception.Message}", 0);
        }

        for (var i = 0; i < positions.Count; i++)
        {
            if (positions[i] != file.FirstPosition + i)
            {
                return ($"its record {i + 1} is at position {positions[i]}, but the digest names positions {file.FirstPosition} to {file.LastPosition}", positions.Count);
            }
        }

        return positions.Count == file.LastPosition - file.FirstPosition + 1
            ? (null, positions.Count)
            : ($"holds {positions.Count} records, but the digest names positions {file.FirstPosition} to {file.LastPosition}", positions.Count);
    }

    /// <summary>Each record's log position: <c>additionalEventData.logPosition</c> in CloudTrail, <c>metadata.sequence</c> in OCSF.</summary>
    private static List<long> Positions(ExportFormat format, byte[] content)
    {
        if (format == ExportFormat.CloudTrail)
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.GetProperty("Records").EnumerateArray()
                .Select(r => r.GetProperty("additionalEventData").GetProperty("logPosition").GetInt64()).ToList();
        }

        var positions = new List<long>();
        var start = 0;
        while (start < content.Length)
        {
            var end = Array.IndexOf(content, (byte)'\n', start);
            end = end < 0 ? content.Length : end;
            using var document = JsonDocument.Parse(content.AsMemory(start, end - start));
            positions.Add(document.RootElement.GetProperty("metadata").GetProperty("sequence").GetInt64());
            start = end + 1;
        }

        return positions;
    }

    private static void CheckState(ExportState? state, List<LoadedDigest> chain, ExportValidation result)
    {
        if (state?.LastDigest is null || chain is not [.., var newest] || newest.Path != state.LastDigest)
        {
            return;
        }

        if (newest.Signature != state.LastDigestSignature || newest.Digest?.LastPosition != state.LastPosition)
        {
            result.Add(ValidationLine.Export, ExportState.FileName(ExportFormat.Parse(state.Format)!),
                $"the export state names position {state.LastPosition} and signature {state.LastDigestSignature}, which the newest digest does not");
        }
    }
}

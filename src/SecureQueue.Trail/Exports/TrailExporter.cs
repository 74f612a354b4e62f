using SecureQueue.Crypto.Signatures;
using SecureQueue.Log.Audit;

namespace SecureQueue.Trail.Exports;

/// <summary>
/// Exports the sealed log, in position order, as log files in CloudTrail's layout with signed, chained digests, and
/// continues where the directory's last export ended. Each run exports up to the newest signed checkpoint (so its last
/// digest names the checkpoint of its last record), delivers its records in files of at most
/// <see cref="RecordsPerFile"/>, and writes a digest for each window of delivery time since the last digest: one per
/// whole hour that passed without a delivery, and one ending now for this delivery. The windows tile time with no gap,
/// so a verifier can tell that the newest hours are missing.
/// </summary>
public sealed partial class TrailExporter(SealedLog log, CheckpointSigningKey key, TimeProvider time)
{
    public const int RecordsPerFile = 10_000;

    /// <summary>One run; <paramref name="progress"/> hears records written so far and at most how many this run will write.</summary>
    public async Task<ExportResult> ExportAsync(ExportRequest request, IProgress<(long Done, long Total)>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(request.Directory);
        using var exclusive = Lock(request);
        var layout = new ExportLayout(request.Settings.AccountId, request.Settings.Region, request.Format);
        var state = ExportState.Read(request.Directory, request.Format);
        CheckNewestDigest(request.Directory, state);
        state = RemovePending(request.Directory, state);
        CheckContinues(request, layout, state);

        var after = state?.LastPosition ?? (request.From is { } from ? await log.PositionBeforeAsync(from, cancellationToken) : 0);
        if (state?.LastSealHash is { } lastHash && !await HashIsAsync(state.LastPosition, lastHash, cancellationToken))
        {
            throw new InvalidOperationException(
                $"the log's link at position {state.LastPosition} is not the one this export ended with: the log was rewritten after it was exported. Run secq audit verify.");
        }

        var checkpoint = await CheckpointAsync(state is null ? 0 : after, cancellationToken);
        var end = await EndAsync(state, cancellationToken);
        var run = new Run(request, layout, state, end, after, key.Fingerprint);
        var through = Math.Max(checkpoint?.Position ?? after, after);
        await foreach (var row in log.ReadAsync(after, through, cancellationToken))
        {
            if (request.To is { } to && row.Time >= to)
            {
                break;
            }

            run.Add(row);
            progress?.Report((run.Records, through - after));
        }

        run.Flush();
        var digests = WriteDigests(run, checkpoint);
        return new ExportResult(after + 1, run.LastPosition, run.Records, run.Files.Select(f => f.Path).ToList(), digests);
    }

    /// <summary>Refuses a second export into the same directory and format while one runs (an advisory <c>flock</c>).</summary>
    private static FileStream Lock(ExportRequest request)
    {
        var path = Path.Combine(request.Directory, ExportState.LockFileName(request.Format));
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception)
        {
            throw new InvalidOperationException($"another {request.Format.Name} export is writing to '{request.Directory}'", exception);
        }
    }

    private async Task<bool> HashIsAsync(long position, string hash, CancellationToken cancellationToken) =>
        await log.SealHashAsync(position, cancellationToken) is { } stored && Convert.ToHexStringLower(stored) == hash;

    /// <summary>
    /// The newest checkpoint signed with the export's key, checked against the log and against <paramref name="exported"/>
    /// (where the directory's export ended); null when there is none yet.
    /// </summary>
    private async Task<Checkpoint?> CheckpointAsync(long exported, CancellationToken cancellationToken)
    {
        if (await log.NewestCheckpointAsync(key.Fingerprint, cancellationToken) is not { } checkpoint)
        {
            return null;
        }

        if (!checkpoint.IsSignedBy(key.PublicKey))
        {
            throw new InvalidOperationException($"the checkpoint at position {checkpoint.Position} is not validly signed by key {key.Fingerprint}. Run secq audit verify.");
        }

        if (!await HashIsAsync(checkpoint.Position, Convert.ToHexStringLower(checkpoint.Hash), cancellationToken))
        {
            throw new InvalidOperationException($"the log's link at position {checkpoint.Position} is not the one its checkpoint signed. Run secq audit verify.");
        }

        if (checkpoint.Position < exported)
        {
            throw new InvalidOperationException(
                $"the export reached position {exported}, but the log's newest checkpoint is at {checkpoint.Position}: the log was rolled back. Run secq audit verify.");
        }

        return checkpoint;
    }

    /// <summary>Now, in whole seconds and after the last digest's end (digests are named by it, to the second).</summary>
    private async Task<DateTimeOffset> EndAsync(ExportState? state, CancellationToken cancellationToken)
    {
        var end = Seconds(time.GetUtcNow());
        if (state?.DigestEndTime is { } last && end <= last)
        {
            if (last - end > TimeSpan.FromSeconds(2))
            {
                throw new InvalidOperationException($"the clock ({end:O}) is behind the export's last digest ({last:O}); refusing to write digests out of order.");
            }

            await Task.Delay(last - end + TimeSpan.FromSeconds(1), time, cancellationToken);
            end = Seconds(time.GetUtcNow());
        }

        return end;
    }

    private static DateTimeOffset Seconds(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}

using SecureQueue.Log.Audit;

namespace SecureQueue.Trail.Exports;

public sealed partial class TrailExporter
{
    /// <summary>
    /// The windows of delivery time a run writes digests for, after the last digest's end: each whole hour that ended
    /// since, then (when this run delivers files) the rest up to <paramref name="end"/>. A first export has one window,
    /// from the start of the hour to <paramref name="end"/>, whether or not it delivers anything.
    /// </summary>
    internal static IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> Windows(DateTimeOffset? lastEnd, DateTimeOffset end, bool delivered)
    {
        if (lastEnd is not { } start)
        {
            var hour = HourStart(end);
            return [(hour == end ? end.AddHours(-1) : hour, end)];
        }

        var windows = new List<(DateTimeOffset, DateTimeOffset)>();
        for (var boundary = HourStart(start).AddHours(1); boundary <= end; boundary = boundary.AddHours(1))
        {
            windows.Add((start, boundary));
            start = boundary;
        }

        if (delivered && start < end)
        {
            windows.Add((start, end));
        }

        return windows;
    }

    internal static DateTimeOffset HourStart(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);

    private List<string> WriteDigests(Run run, Checkpoint? checkpoint)
    {
        var written = new List<string>();
        var previous = run.State;
        var (path, hash, signature) = (previous?.LastDigest, previous?.LastDigestHash, previous?.LastDigestSignature);
        var first = (previous?.LastPosition ?? run.After) + 1;
        var sealHash = previous?.LastSealHash;
        var windows = Windows(previous?.DigestEndTime, run.End, run.Files.Count > 0);
        foreach (var (start, end) in windows)
        {
            var files = end == run.End ? run.Files : [];
            var last = files.Count > 0 ? run.LastPosition : first - 1;
            sealHash = files.Count > 0 ? Convert.ToHexStringLower(run.LastHash!) : sealHash;
            // A new export that starts (--from) past the newest checkpoint has nothing a checkpoint covers yet.
            var covering = checkpoint?.Position >= last ? checkpoint : null;
            var digest = new ExportDigest(run.Layout.AccountId, start, end, run.Layout.DigestFile(end), key.Fingerprint, run.Layout.Format.Name,
                path, hash, signature, first, last, sealHash, covering, files);
            var signatureFile = ExportLayout.SignatureFile(digest.Path);
            run.MarkPending(digest.Path, signatureFile);
            var stored = Gzip.Compress(digest.ToJson());
            signature = DigestSignature.Sign(key, digest, stored);
            WriteNew(run.Request.Directory, digest.Path, stored);
            WriteNew(run.Request.Directory, signatureFile, System.Text.Encoding.ASCII.GetBytes(signature + "\n"));
            (path, hash, first) = (digest.Path, DigestSignature.Hash(stored), last + 1);
            written.Add(digest.Path);
        }

        if (windows.Count > 0)
        {
            new ExportState(1, run.Layout.Format.Name, run.Layout.AccountId, run.Layout.Region, key.Fingerprint, first - 1, sealHash, path, hash, signature,
                windows[^1].End, null).Write(run.Request.Directory);
        }

        return written;
    }

    /// <summary>Writes a file that must not exist yet, flushed to disk before the state moves past it.</summary>
    private static void WriteNew(string directory, string relative, byte[] content)
    {
        var full = ExportLayout.FullPath(directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var stream = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>One run's delivery: its log files, filled in position order, each named in the state before it is written.</summary>
    private sealed class Run(ExportRequest request, ExportLayout layout, ExportState? state, DateTimeOffset end, long after, string keyFingerprint)
    {
        private readonly List<string> pending = [];
        private LogFileBuilder? current;

        public ExportRequest Request => request;

        public ExportLayout Layout => layout;

        public ExportState? State => state;

        public DateTimeOffset End => end;

        public long After => after;

        public List<DigestLogFile> Files { get; } = [];

        public long Records { get; private set; }

        public long LastPosition { get; private set; } = state?.LastPosition ?? after;

        public byte[]? LastHash { get; private set; }

        public void Add(SealedRow row)
        {
            current ??= new LogFileBuilder(layout.Format, request.Settings);
            current.Add(row);
            Records++;
            LastPosition = row.Position;
            LastHash = row.Hash;
            if (current.Count == RecordsPerFile)
            {
                Flush();
            }
        }

        public void Flush()
        {
            if (current is null)
            {
                return;
            }

            using var builder = current;
            current = null;
            var path = layout.LogFile(end);
            MarkPending(path);
            var stored = builder.Finish();
            WriteNew(request.Directory, path, stored);
            Files.Add(new DigestLogFile(path, DigestSignature.Hash(stored), builder.Oldest, builder.Newest, builder.FirstPosition, builder.LastPosition));
        }

        /// <summary>Names files in the state before they are written, so an interrupted run's files are removed by the next.</summary>
        public void MarkPending(params string[] paths)
        {
            pending.AddRange(paths);
            var recorded = state ?? new ExportState(1, layout.Format.Name, layout.AccountId, layout.Region, keyFingerprint, after, null, null, null, null, null, null);
            (recorded with { Pending = [.. pending] }).Write(request.Directory);
        }
    }
}

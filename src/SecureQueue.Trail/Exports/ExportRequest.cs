using SecureQueue.Trail.Records;

namespace SecureQueue.Trail.Exports;

/// <summary>
/// One export run: into <see cref="Directory"/>, in <see cref="Format"/>. <see cref="From"/> only starts a new export
/// (the first record is the first event recorded at or after it); <see cref="To"/> stops before the first event
/// recorded at or after it, and the next run continues from there.
/// </summary>
public sealed record ExportRequest(string Directory, ExportFormat Format, TrailSettings Settings, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>What a run wrote: records at positions <see cref="FirstPosition"/> to <see cref="LastPosition"/> and the files, relative paths.</summary>
public sealed record ExportResult(long FirstPosition, long LastPosition, long Records, IReadOnlyList<string> LogFiles, IReadOnlyList<string> Digests);

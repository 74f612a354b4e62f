namespace SecureQueue.Trail.Exports;

/// <summary>One line of a validation: a digest file, a log file or the export as a whole, and what is wrong with it (null: valid).</summary>
public sealed record ValidationLine(string Kind, string Path, string? Problem)
{
    public const string Digest = "Digest file";
    public const string Log = "Log file";
    public const string Export = "Export";

    public override string ToString() => Problem is null ? $"{Kind} {Path} valid" : $"{Kind} {Path} INVALID: {Problem}";
}

/// <summary>
/// What validate-export found, in the export's order (oldest digest first, each followed by its log files, then what
/// lies outside the chain): the first invalid line is the earliest point at which the export cannot be trusted.
/// </summary>
public sealed class ExportValidation
{
    private readonly List<ValidationLine> lines = [];

    public IReadOnlyList<ValidationLine> Lines => lines;

    public ValidationLine? FirstProblem => lines.FirstOrDefault(l => l.Problem is not null);

    public bool Valid => FirstProblem is null && Digests > 0;

    public int Digests { get; internal set; }

    public int LogFiles { get; internal set; }

    public long Records { get; internal set; }

    public long FirstPosition { get; internal set; }

    public long LastPosition { get; internal set; }

    public DateTimeOffset? End { get; internal set; }

    /// <summary>The chain's digests that could be read, oldest first, for checks against the database.</summary>
    internal List<ExportDigest> Chain { get; } = [];

    internal void Add(string kind, string path, string? problem = null) => lines.Add(new ValidationLine(kind, path, problem));
}

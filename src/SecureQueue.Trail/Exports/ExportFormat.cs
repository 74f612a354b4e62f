namespace SecureQueue.Trail.Exports;

/// <summary>
/// What an export's log files hold: CloudTrail log files (<c>{"Records":[…]}</c>, gzipped) or OCSF API Activity
/// events (one JSON object a line, gzipped). Both share the layout, the digests and the validation; only the folder
/// names, the file suffix and how one event is written differ.
/// </summary>
public sealed record ExportFormat(string Name, string LogFolder, string DigestFolder, string LogSuffix)
{
    public static readonly ExportFormat CloudTrail = new("cloudtrail", "CloudTrail", "CloudTrail-Digest", ".json.gz");

    public static readonly ExportFormat Ocsf = new("ocsf", "OCSF", "OCSF-Digest", ".ocsf.jsonl.gz");

    public static IReadOnlyList<ExportFormat> All { get; } = [CloudTrail, Ocsf];

    public static ExportFormat? Parse(string? name) => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}

using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace SecureQueue.Trail.Exports;

/// <summary>
/// The gateway's continuous export (<c>SecureQueue:Audit:Export</c>): the directory (<c>Directory</c>; unset turns the
/// export off), the format (<c>Format</c>, cloudtrail or ocsf) and how often a run delivers (<c>IntervalSeconds</c>,
/// default 300, as CloudTrail delivers about every five minutes). A directory that cannot be created or written, or any
/// other setting that is wrong, stops start-up: an operator who asked for an export must not get silence instead.
/// </summary>
internal sealed record ExportSettings(string Directory, ExportFormat Format, TimeSpan Interval)
{
    public const string Section = "SecureQueue:Audit:Export";
    public const int DefaultIntervalSeconds = 300;
    private const int MinIntervalSeconds = 10;
    private const int MaxIntervalSeconds = 3600;

    /// <summary>The settings, or null when no directory is configured (and nothing else is).</summary>
    public static ExportSettings? Load(IConfiguration configuration, string contentRoot)
    {
        var section = configuration.GetSection(Section);
        var directory = section["Directory"];
        if (string.IsNullOrWhiteSpace(directory))
        {
            return section.GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value))
                ? throw new InvalidOperationException($"{Section}:Directory is required when other {Section} settings are given.")
                : null;
        }

        if (ExportFormat.Parse(section["Format"] ?? ExportFormat.CloudTrail.Name) is not { } format)
        {
            throw new InvalidOperationException($"{Section}:Format must be cloudtrail or ocsf.");
        }

        var seconds = DefaultIntervalSeconds;
        if (section["IntervalSeconds"] is { } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds is < MinIntervalSeconds or > MaxIntervalSeconds))
        {
            throw new InvalidOperationException($"{Section}:IntervalSeconds must be a whole number of seconds from {MinIntervalSeconds} to {MaxIntervalSeconds}.");
        }

        var path = Path.GetFullPath(directory, contentRoot);
        EnsureWritable(path);
        return new ExportSettings(path, format, TimeSpan.FromSeconds(seconds));
    }

    private static void EnsureWritable(string path)
    {
        try
        {
            System.IO.Directory.CreateDirectory(path);
            var probe = Path.Combine(path, $".secq-write-check-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new InvalidOperationException($"{Section}:Directory '{path}' cannot be created or written: {exception.Message}", exception);
        }
    }
}

using System.Globalization;
using System.Security.Cryptography;

namespace SecureQueue.Trail.Exports;

/// <summary>
/// Where an export's files go, relative to its directory: CloudTrail's S3 key layout, so syncing the directory to a
/// bucket root gives SIEM inputs built for CloudTrail the keys they expect. Log files are named after their delivery
/// (the export run), not their records' times, as CloudTrail names them; digests after the end of their window.
/// Paths use '/' whatever the platform, because digests name them and must read the same everywhere.
/// </summary>
internal sealed class ExportLayout(string accountId, string region, ExportFormat format)
{
    /// <summary>The trail name in digest file names (CloudTrail's <c>_&lt;trail&gt;_&lt;home region&gt;_</c> part).</summary>
    public const string TrailName = "secq";

    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public string AccountId => accountId;

    public string Region => region;

    public ExportFormat Format => format;

    /// <summary>The folder (relative) that holds every digest of this export.</summary>
    public string DigestRoot => $"AWSLogs/{accountId}/{format.DigestFolder}/{region}";

    /// <summary>The folder (relative) that holds every log file of this export.</summary>
    public string LogRoot => $"AWSLogs/{accountId}/{format.LogFolder}/{region}";

    /// <summary>A new log file's path: <c>…/YYYY/MM/DD/&lt;account&gt;_CloudTrail_&lt;region&gt;_&lt;YYYYMMDDTHHmmZ&gt;_&lt;16 random&gt;.json.gz</c>.</summary>
    public string LogFile(DateTimeOffset delivered)
    {
        // The random part only keeps two deliveries in one minute apart, as CloudTrail's does.
        var id = RandomNumberGenerator.GetString(IdAlphabet, 16);
        return $"{LogRoot}/{Day(delivered)}/{accountId}_{format.LogFolder}_{region}_{Stamp(delivered, "yyyyMMdd'T'HHmm'Z'")}_{id}{format.LogSuffix}";
    }

    /// <summary>A digest's path, named after the end of its window (whole seconds, so two digests never share one).</summary>
    public string DigestFile(DateTimeOffset end) =>
        $"{DigestRoot}/{Day(end)}/{accountId}_{format.DigestFolder}_{region}_{TrailName}_{region}_{Stamp(end, "yyyyMMdd'T'HHmmss'Z'")}.json.gz";

    /// <summary>The signature file beside a digest (CloudTrail keeps it in S3 object metadata, which a directory has not).</summary>
    public static string SignatureFile(string digestPath) => digestPath + ".sig";

    /// <summary>A relative export path as a full path under <paramref name="directory"/>; refuses anything that leaves it.</summary>
    public static string FullPath(string directory, string relative)
    {
        var root = Path.GetFullPath(directory);
        var full = Path.GetFullPath(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"'{relative}' is outside the export directory");
        }

        return full;
    }

    /// <summary>A full path under <paramref name="directory"/> as the relative, '/'-separated path digests use.</summary>
    public static string RelativePath(string directory, string full) =>
        Path.GetRelativePath(Path.GetFullPath(directory), full).Replace(Path.DirectorySeparatorChar, '/');

    private static string Day(DateTimeOffset time) => Stamp(time, "yyyy'/'MM'/'dd");

    private static string Stamp(DateTimeOffset time, string format) => time.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
}

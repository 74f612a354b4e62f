using System.Globalization;
using Microsoft.Extensions.Configuration;
using SecureQueue.Crypto.Signatures;

namespace SecureQueue.Log.Audit;

/// <summary>
/// Where and how often the gateway writes checkpoints: the Ed25519 key (<c>SecureQueue:CheckpointKeyFile</c>), the
/// file outside the database (<c>SecureQueue:Audit:CheckpointFile</c>) and the interval
/// (<c>SecureQueue:Audit:CheckpointInterval</c>, default 10 s). A missing or unusable setting stops start-up:
/// a gateway that cannot anchor its log does not serve.
/// </summary>
public sealed record CheckpointSettings(CheckpointSigningKey Key, string File, TimeSpan Interval)
{
    public const string IntervalSetting = "SecureQueue:Audit:CheckpointInterval";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);

    /// <summary>Names this file's checkpoints in the database, so a verifier holding the file knows which rows it must contain.</summary>
    public string Origin { get; } = $"{Environment.MachineName}:{File}";

    public static CheckpointSettings Load(IConfiguration configuration, string contentRoot)
    {
        var keyFile = configuration[CheckpointSigningKey.FileSetting];
        if (string.IsNullOrWhiteSpace(keyFile))
        {
            throw new InvalidOperationException(
                $"{CheckpointSigningKey.FileSetting} is required: checkpoints of the audit log are signed with it (secq up creates .data/checkpoint.key).");
        }

        var file = configuration[CheckpointFile.Setting];
        if (string.IsNullOrWhiteSpace(file))
        {
            throw new InvalidOperationException(
                $"{CheckpointFile.Setting} is required: signed checkpoints are appended to this file outside the database (one file per gateway).");
        }

        var path = Path.GetFullPath(file, contentRoot);
        if (path.Any(char.IsControl))
        {
            throw new InvalidOperationException($"{CheckpointFile.Setting} must not contain control characters.");
        }

        var key = CheckpointSigningKey.FromFile(Path.GetFullPath(keyFile, contentRoot));
        EnsureWritable(path);
        return new CheckpointSettings(key, path, ParseInterval(configuration[IntervalSetting]));
    }

    private static TimeSpan ParseInterval(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultInterval;
        }

        if (!TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var interval) || interval < MinInterval || interval > MaxInterval)
        {
            throw new InvalidOperationException($"{IntervalSetting} must be a time span (e.g. 00:00:10) from 100 ms to 1 hour.");
        }

        return interval;
    }

    private static void EnsureWritable(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{CheckpointFile.Setting} '{path}' cannot be opened for appending: {exception.Message}", exception);
        }
    }
}

using System.Data.Common;
using System.Globalization;
using SecureQueue.Crypto.Signatures;
using SecureQueue.Log;
using SecureQueue.Trail.Exports;
using SecureQueue.Trail.Records;

namespace SecureQueue.Cli.Commands;

/// <summary><c>secq audit export</c>: the sealed log as CloudTrail (or OCSF) log files with signed digests; see <see cref="AuditCommand"/>.</summary>
internal static class AuditExportCommand
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal);
    private static readonly HashSet<string> Options = new(StringComparer.Ordinal)
    {
        "--to", "--from", "--to-time", "--format", "--connection", "--key", "--account", "--region",
    };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider? time = null)
    {
        if (PolicyArguments.Parse(args, Flags, Options, error, AuditCommand.Fail) is not { } parsed)
        {
            return AuditCommand.UsageError;
        }

        if (parsed.Paths.Count > 0)
        {
            return AuditCommand.Fail(error, $"unexpected argument '{parsed.Paths[0]}'");
        }

        if (parsed.One("--to") is not { } directory)
        {
            return AuditCommand.Fail(error, "export needs --to DIR");
        }

        if (ExportFormat.Parse(parsed.One("--format") ?? "cloudtrail") is not { } format)
        {
            return AuditCommand.Fail(error, "--format must be cloudtrail or ocsf");
        }

        var connection = parsed.One("--connection") ?? Environment.GetEnvironmentVariable("ConnectionStrings__SecureQueue");
        var keyFile = parsed.One("--key") ?? Environment.GetEnvironmentVariable("SecureQueue__CheckpointKeyFile");
        if (connection is null || keyFile is null)
        {
            return AuditCommand.Fail(error, "export needs --connection (or ConnectionStrings__SecureQueue) and --key (or SecureQueue__CheckpointKeyFile): digests are signed with the checkpoint key");
        }

        if (!TryTime(parsed, "--from", error, out var from) || !TryTime(parsed, "--to-time", error, out var to))
        {
            return AuditCommand.UsageError;
        }

        var settings = new TrailSettings(
            parsed.One("--account") ?? Environment.GetEnvironmentVariable("SecureQueue__AccountId") ?? "000000000000",
            parsed.One("--region") ?? Environment.GetEnvironmentVariable("SecureQueue__Region") ?? "us-east-1");
        try
        {
            var key = CheckpointSigningKey.FromFile(keyFile);
            await using var storage = OfflineStorage.Open(connection);
            var exporter = new TrailExporter(storage.Sealed, key, time ?? TimeProvider.System);
            var progress = ProgressBar.OnTerminal(error, "records");
            var result = await exporter.ExportAsync(new ExportRequest(directory, format, settings, from, to), progress, CancellationToken.None);
            progress?.Done();
            output.WriteLine(result.Records == 0
                ? $"exported 0 records (the export ends at position {result.LastPosition}); {result.Digests.Count} digests written"
                : $"exported {result.Records} records (positions {result.FirstPosition} to {result.LastPosition}) in {result.LogFiles.Count} log files; {result.Digests.Count} digests written");
            foreach (var digest in result.Digests)
            {
                output.WriteLine($"  digest {digest}");
            }

            return AuditCommand.Intact;
        }
        catch (Exception exception) when (exception is DbException or IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException)
        {
            error.WriteLine($"secq audit: {exception.Message}");
            return AuditCommand.UsageError;
        }
    }

    /// <summary>An ISO 8601 time (UTC unless it names an offset), or a usage error naming the option.</summary>
    internal static bool TryTime(PolicyArguments parsed, string option, TextWriter error, out DateTimeOffset? time)
    {
        time = null;
        if (parsed.One(option) is not { } text)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsedTime))
        {
            AuditCommand.Fail(error, $"{option} must be a time such as 2026-11-29T10:00:00Z");
            return false;
        }

        time = parsedTime;
        return true;
    }
}

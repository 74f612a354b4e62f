using SecureQueue.Log.Events;
using System.CommandLine;
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
    public static Command Create(TimeProvider time) => new Command(
        "export",
        "Export sealed events up to the newest signed checkpoint, in position order, as CloudTrail (or OCSF) log files, and write a signed " +
        "digest (CloudTrail-Digest/) for each hour since the last run and one for this run's files, chained to the last.")
    {
        Declare.Value("--to", "DIR", "the export directory; a re-run continues where the last ended (state in DIR/secq-export-<format>.state.json), never writing a record twice"),
        Format("cloudtrail (default): AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz, each {\"Records\":[...]}; ocsf: OCSF API Activity (6003), gzipped JSON lines"),
        Declare.Value("--from", "T", "a new export starts at the first event recorded at or after T (ISO 8601)"),
        Declare.Value("--to-time", "T", "stop before the first event recorded at or after T"),
        AuditCommand.Connection(),
        Declare.Value("--key", "FILE", "the checkpoint key, which signs the digests (default: SecureQueue__CheckpointKeyFile)"),
        Declare.Value("--account", "ID", "the account in paths and records (default: SecureQueue__AccountId, else 000000000000)"),
        Declare.Value("--region", "R", "the region in paths and records (default: SecureQueue__Region, else us-east-1)"),
    }.WithAction(options => RunAsync(options, time));

    public static Option<string> Format(string description) => Declare.Value("--format", "cloudtrail|ocsf", description);

    private static async Task<int> RunAsync(CommandOptions parsed, TimeProvider time)
    {
        var (output, error) = (parsed.Output, parsed.Error);
        if (parsed.One("--to") is not { } directory)
        {
            return parsed.Fail("export needs --to DIR");
        }

        if (ExportFormat.Parse(parsed.One("--format") ?? "cloudtrail") is not { } format)
        {
            return parsed.Fail("--format must be cloudtrail or ocsf");
        }

        var connection = parsed.One("--connection") ?? Environment.GetEnvironmentVariable("ConnectionStrings__SecureQueue");
        var keyFile = parsed.One("--key") ?? Environment.GetEnvironmentVariable("SecureQueue__CheckpointKeyFile");
        if (connection is null || keyFile is null)
        {
            return parsed.Fail("export needs --connection (or ConnectionStrings__SecureQueue) and --key (or SecureQueue__CheckpointKeyFile): digests are signed with the checkpoint key");
        }

        if (!TryTime(parsed, "--from", out var from) || !TryTime(parsed, "--to-time", out var to))
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
            await RecordAsync(storage, directory, format, from, to);
            var exporter = new TrailExporter(storage.Sealed, key, time);
            var result = await TerminalProgress.RunAsync(
                error, "exported records", progress => exporter.ExportAsync(new ExportRequest(directory, format, settings, from, to), progress, CancellationToken.None));
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

    /// <summary>
    /// Who took a copy of the audit trail, where to and of what (<see cref="OperatorAudit"/>). The export ends at a signed
    /// checkpoint, so this event comes out in the next run.
    /// </summary>
    private static Task RecordAsync(OfflineStorage storage, string directory, ExportFormat format, DateTimeOffset? from, DateTimeOffset? to) =>
        OperatorAudit.RecordAsync(storage, "ExportAuditLog", EventTypes.AuditLogExported, "secq audit export", json =>
        {
            json.WriteString("directory", OperatorAudit.StoredPath(directory));
            json.WriteString("format", format.Name);
            if (from is { } start)
            {
                json.WriteString("from", start);
            }

            if (to is { } end)
            {
                json.WriteString("toTime", end);
            }
        });

    /// <summary>An ISO 8601 time (UTC unless it names an offset), or a usage error naming the option.</summary>
    internal static bool TryTime(CommandOptions parsed, string option, out DateTimeOffset? time)
    {
        time = null;
        if (parsed.One(option) is not { } text)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsedTime))
        {
            parsed.Fail($"{option} must be a time such as 2026-11-29T10:00:00Z");
            return false;
        }

        time = parsedTime;
        return true;
    }
}

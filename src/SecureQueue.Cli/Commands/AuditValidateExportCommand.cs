using System.CommandLine;
using System.Data.Common;
using SecureQueue.Log;
using SecureQueue.Trail.Exports;

namespace SecureQueue.Cli.Commands;

/// <summary><c>secq audit validate-export DIR</c>: see <see cref="AuditCommand"/> and <see cref="ExportValidator"/>.</summary>
internal static class AuditValidateExportCommand
{
    public static Command Create() => new Command(
        "validate-export",
        "Like aws cloudtrail validate-logs, offline: every digest signed, chained and where it says; every log file present, unmodified, " +
        "in position order; nothing extra. Exit 1 names the first problem.")
    {
        new Argument<string>("DIR") { Description = "the export directory" },
        AuditCommand.PublicKey(), AuditCommand.Key(),
        AuditExportCommand.Format("the format to check (default: every format exported to DIR)"),
        Declare.Value("--until", "T", "the digests must reach T (finds removed newest digests without the state file)"),
        Declare.Value("--connection", "CS", "also compare each digest's last link and checkpoint with the database"),
        Declare.Flag("--verbose", "list valid files too"),
    }.WithAction(RunAsync);

    private static async Task<int> RunAsync(CommandOptions parsed)
    {
        var (output, error) = (parsed.Output, parsed.Error);
        var directory = parsed.Get<string>("DIR")!;
        if (!Directory.Exists(directory))
        {
            return parsed.Fail($"export directory '{directory}' does not exist");
        }

        if (parsed.One("--format") is { } name && ExportFormat.Parse(name) is null)
        {
            return parsed.Fail("--format must be cloudtrail or ocsf");
        }

        if (!AuditExportCommand.TryTime(parsed, "--until", out var until))
        {
            return AuditCommand.UsageError;
        }

        try
        {
            if (AuditVerifyCommand.PublicKey(parsed) is not { } publicKey)
            {
                return parsed.Fail("validate-export needs --public-key or --key (or SecureQueue__CheckpointKeyFile) to check digest signatures");
            }

            var formats = parsed.One("--format") is { } chosen ? [ExportFormat.Parse(chosen)!] : Present(directory);
            if (formats.Count == 0)
            {
                output.WriteLine($"INVALID: no export in '{directory}'");
                return AuditCommand.Tampered;
            }

            var valid = true;
            foreach (var format in formats)
            {
                var result = new ExportValidator(publicKey).Validate(directory, format, until);
                if (parsed.One("--connection") is { } connection)
                {
                    await using var storage = OfflineStorage.Open(connection);
                    await ExportValidator.CheckDatabaseAsync(result, storage.Sealed, CancellationToken.None);
                }

                valid &= Report(output, format, result, parsed.Has("--verbose"));
            }

            return valid ? AuditCommand.Intact : AuditCommand.Tampered;
        }
        catch (Exception exception) when (exception is DbException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            error.WriteLine($"secq audit: {exception.Message}");
            return AuditCommand.UsageError;
        }
    }

    /// <summary>The formats exported to <paramref name="directory"/>: those with a state file or a digest folder.</summary>
    private static List<ExportFormat> Present(string directory) => ExportFormat.All
        .Where(f => File.Exists(Path.Combine(directory, ExportState.FileName(f)))
            || (Directory.Exists(Path.Combine(directory, "AWSLogs")) && Directory.EnumerateDirectories(Path.Combine(directory, "AWSLogs"), f.DigestFolder, SearchOption.AllDirectories).Any()))
        .ToList();

    private static bool Report(TextWriter output, ExportFormat format, ExportValidation result, bool verbose)
    {
        foreach (var line in result.Lines.Where(l => verbose || l.Problem is not null))
        {
            output.WriteLine(line);
        }

        if (result.FirstProblem is { } first)
        {
            output.WriteLine($"INVALID {format.Name} export: first problem: {first}");
            return false;
        }

        output.WriteLine($"valid {format.Name} export: {result.Digests} digests, {result.LogFiles} log files, {result.Records} records " +
            $"(positions {result.FirstPosition} to {result.LastPosition}), digests up to {result.End:O}");
        return true;
    }
}

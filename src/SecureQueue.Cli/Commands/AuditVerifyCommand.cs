using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using SecureQueue.Crypto.Signatures;
using SecureQueue.Log;
using SecureQueue.Log.Audit;

namespace SecureQueue.Cli.Commands;

/// <summary><c>secq audit verify</c>: see <see cref="AuditCommand"/>.</summary>
internal static class AuditVerifyCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create() => new Command(
        "verify",
        "Recompute the SHA-256 chain over every stored field of every event and check every signed checkpoint. Exit 1 names the first bad " +
        "position and its kind (edited, deleted, inserted, reordered, truncated, bad-checkpoint, missing-checkpoint).")
    {
        AuditCommand.Connection(), AuditCommand.Checkpoints(), AuditCommand.PublicKey(), AuditCommand.Key(),
        Declare.Value("--from", "POS", "recompute from POS on, trusting the stored link before it"),
        Declare.Flag("--json", "one JSON document on stdout"),
    }.WithAction(RunAsync);

    private static async Task<int> RunAsync(CommandOptions parsed)
    {
        var (output, error) = (parsed.Output, parsed.Error);
        var connection = parsed.One("--connection") ?? Environment.GetEnvironmentVariable("ConnectionStrings__SecureQueue");
        if (connection is null)
        {
            return parsed.Fail("verify needs --connection (or ConnectionStrings__SecureQueue)");
        }

        var from = 1L;
        if (parsed.One("--from") is { } text && (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out from) || from < 1))
        {
            return parsed.Fail("--from must be a position of 1 or more");
        }

        var checkpoints = parsed.One("--checkpoints") ?? Environment.GetEnvironmentVariable("SecureQueue__Audit__CheckpointFile");
        try
        {
            if (PublicKey(parsed) is not { } publicKey)
            {
                return parsed.Fail("verify needs --public-key or --key (or SecureQueue__CheckpointKeyFile) to check checkpoint signatures");
            }

            if (checkpoints is not null && !File.Exists(checkpoints))
            {
                return parsed.Fail($"checkpoint file '{checkpoints}' does not exist");
            }

            if (checkpoints is null)
            {
                error.WriteLine("secq audit: no checkpoint file given: only the database's own checkpoints are checked");
            }

            await using var storage = OfflineStorage.Open(connection);
            var report = await TerminalProgress.RunAsync(
                error, "verified events", progress => storage.Chain.VerifyAsync(from, publicKey, checkpoints, progress, CancellationToken.None));
            if (parsed.Has("--json"))
            {
                output.WriteLine(JsonSerializer.Serialize(Document(report), Indented));
            }
            else
            {
                WriteText(output, report, checkpoints);
            }

            return report.Intact ? AuditCommand.Intact : AuditCommand.Tampered;
        }
        catch (Exception exception) when (exception is DbException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Cannot read the log or a file: the job is wrong, not the log.
            error.WriteLine($"secq audit: {exception.Message}");
            return AuditCommand.UsageError;
        }
    }

    /// <summary>The checkpoint public key from <c>--public-key</c>, or derived from the key given by <c>--key</c> or the environment.</summary>
    internal static byte[]? PublicKey(CommandOptions parsed)
    {
        if (parsed.One("--public-key") is { } publicKeyFile)
        {
            return CheckpointSigningKey.ReadPublicKeyFile(publicKeyFile);
        }

        var keyFile = parsed.One("--key") ?? Environment.GetEnvironmentVariable("SecureQueue__CheckpointKeyFile");
        return keyFile is null ? null : CheckpointSigningKey.FromFile(keyFile).PublicKey.ToArray();
    }

    private static void WriteText(TextWriter output, ChainReport report, string? checkpointFile)
    {
        var checkpoints = $"{report.CheckedCheckpoints} checkpoint links checked ({report.StoredCheckpoints} in the database, " +
            (checkpointFile is null ? "no file" : $"{report.FileCheckpoints} in {checkpointFile}") + ")";
        var events = $"{report.Events} events from position {report.From} to {report.LastPosition}";
        if (report.First is not { } first)
        {
            output.WriteLine($"intact: {events}, head {report.HeadHash}; {checkpoints}; {report.Unsealed} events not sealed yet (reported, not checked); " +
                $"{Rate(report):F0} events/s");
            return;
        }

        output.WriteLine($"TAMPERED at position {first.Position}: {first.Kind}: {first.Detail}");
        foreach (var finding in report.Findings.Skip(1))
        {
            output.WriteLine($"  also at position {finding.Position}: {finding.Kind}: {finding.Detail}");
        }

        output.WriteLine($"verified {events} before the first bad position; {checkpoints}");
    }

    private static object Document(ChainReport report) => new
    {
        intact = report.Intact,
        firstBad = report.First is { } first ? new { position = first.Position, kind = first.Kind, detail = first.Detail } : null,
        findings = report.Findings.Select(f => new { position = f.Position, kind = f.Kind, detail = f.Detail }),
        from = report.From,
        events = report.Events,
        lastPosition = report.LastPosition,
        headHash = report.HeadHash,
        unsealed = report.Unsealed,
        checkpoints = new { database = report.StoredCheckpoints, file = report.FileCheckpoints, linksChecked = report.CheckedCheckpoints },
        seconds = report.Elapsed.TotalSeconds,
        eventsPerSecond = Math.Round(Rate(report)),
    };

    private static double Rate(ChainReport report) => report.Events / Math.Max(report.Elapsed.TotalSeconds, 1e-6);
}

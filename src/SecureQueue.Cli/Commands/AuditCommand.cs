namespace SecureQueue.Cli.Commands;

/// <summary>
/// <c>secq audit verify</c> checks the audit log's chain and checkpoints; <c>export</c> writes it as CloudTrail or OCSF
/// log files with signed digests; <c>validate-export</c> checks such an export offline. Exit codes: 0 intact, 1 tampered
/// (the first bad position, digest or log file is named), 2 usage or I/O error — so a job can tell "the log is wrong"
/// from "the job is wrong".
/// </summary>
internal static class AuditCommand
{
    public const int Intact = 0;
    public const int Tampered = 1;
    public const int UsageError = 2;

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) => args switch
    {
        ["verify", .. var rest] => AuditVerifyCommand.RunAsync(rest, output, error),
        ["export", .. var rest] => AuditExportCommand.RunAsync(rest, output, error),
        ["validate-export", .. var rest] => AuditValidateExportCommand.RunAsync(rest, output, error),
        [] or ["--help" or "-h" or "help"] => Task.FromResult(PrintUsage(output, Intact)),
        _ => Task.FromResult(Fail(error, $"unknown audit command '{args[0]}'")),
    };

    public static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"secq audit: {message}");
        return PrintUsage(error, UsageError);
    }

    private static int PrintUsage(TextWriter writer, int code)
    {
        writer.WriteLine("""
            usage: secq audit verify [--connection CS] [--checkpoints FILE] [--public-key FILE | --key FILE] [--from POS] [--json]

              --connection CS     the database (default: ConnectionStrings__SecureQueue)
              --checkpoints FILE  the gateway's checkpoint file (default: SecureQueue__Audit__CheckpointFile); without it
                                  only the database's checkpoints are checked
              --public-key FILE   the checkpoint key's public key (base64, e.g. .data/checkpoint.pub), or
              --key FILE          the checkpoint key itself (default: SecureQueue__CheckpointKeyFile)
              --from POS          recompute from POS on, trusting the stored link before it
              --json              one JSON document on stdout

            Recomputes the SHA-256 chain over every stored field of every event and checks every signed checkpoint.
            Exit codes: 0 intact; 1 tampered: the first bad position and its kind (edited, deleted, inserted, reordered,
            truncated, bad-checkpoint, missing-checkpoint); 2 usage or I/O error.

            usage: secq audit export --to DIR [--format cloudtrail|ocsf] [--from T] [--to-time T]
                                     [--connection CS] [--key FILE] [--account ID] [--region R]

              --to DIR            the export directory; a re-run continues where the last ended (state in
                                  DIR/secq-export-<format>.state.json), never writing a record twice
              --format F          cloudtrail (default): AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz,
                                  each {"Records":[...]}; ocsf: OCSF API Activity (6003), gzipped JSON lines
              --from T            a new export starts at the first event recorded at or after T (ISO 8601)
              --to-time T         stop before the first event recorded at or after T
              --key FILE          the checkpoint key, which signs the digests (default: SecureQueue__CheckpointKeyFile)
              --account, --region the account and region in paths and records (default: SecureQueue__AccountId,
                                  SecureQueue__Region, else 000000000000 and us-east-1)

            Exports sealed events up to the newest signed checkpoint, in position order, and writes a signed digest
            (CloudTrail-Digest/) for each hour since the last run and one for this run's files, chained to the last.

            usage: secq audit validate-export DIR [--public-key FILE | --key FILE] [--format F] [--until T]
                                                  [--connection CS] [--verbose]

              --until T           the digests must reach T (finds removed newest digests without the state file)
              --connection CS     also compare each digest's last link and checkpoint with the database
              --verbose           list valid files too

            Like aws cloudtrail validate-logs, offline: every digest signed, chained and where it says; every log file
            present, unmodified, in position order; nothing extra. Exit 1 names the first problem.
            """);
        return code;
    }
}

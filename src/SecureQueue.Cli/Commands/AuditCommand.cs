namespace SecureQueue.Cli.Commands;

/// <summary>
/// <c>secq audit verify</c>: checks the audit log's chain and checkpoints. Exit codes: 0 intact, 1 tampered (the first
/// bad position and its kind are named), 2 usage or I/O error — so a job can tell "the log is wrong" from "the job is wrong".
/// </summary>
internal static class AuditCommand
{
    public const int Intact = 0;
    public const int Tampered = 1;
    public const int UsageError = 2;

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) => args switch
    {
        ["verify", .. var rest] => AuditVerifyCommand.RunAsync(rest, output, error),
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
            """);
        return code;
    }
}

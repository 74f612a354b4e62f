using System.CommandLine;

namespace SecureQueue.Cli.Commands;

/// <summary>
/// <c>secq audit verify</c> checks the audit log's chain and checkpoints; <c>export</c> writes it as CloudTrail or OCSF
/// log files with signed digests; <c>validate-export</c> checks such an export offline. Exit codes: 0 intact, 1 tampered
/// (the first bad position, digest or log file is named), 2 usage or I/O error.
/// </summary>
internal static class AuditCommand
{
    public const int Intact = ExitCodes.Ok;
    public const int Tampered = ExitCodes.Failed;
    public const int UsageError = ExitCodes.Usage;

    public static Command Create(TimeProvider time) => Declare.Group(
        "audit",
        "Check the audit log, export it as CloudTrail or OCSF files with signed digests, and validate an export offline. " +
        "Exit codes: 0 intact; 1 tampered (the first bad position, digest or file is named); 2 usage or I/O error.",
        AuditVerifyCommand.Create(),
        AuditExportCommand.Create(time),
        AuditValidateExportCommand.Create());

    /// <summary><c>secq audit ARGS</c> in-process, as tests and scripts call it.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider? time = null) =>
        SecqCommandLine.RunAsync(["audit", .. args], output, error, time);

    public static Option<string> Connection() =>
        Declare.Value("--connection", "CS", "the database's connection string (default: ConnectionStrings__SecureQueue)");

    public static Option<string> PublicKey() =>
        Declare.Value("--public-key", "FILE", "the checkpoint key's public key (base64, e.g. .data/checkpoint.pub), instead of --key");

    public static Option<string> Key() =>
        Declare.Value("--key", "FILE", "the checkpoint signing key (default: SecureQueue__CheckpointKeyFile)");

    public static Option<string> Checkpoints() => Declare.Value(
        "--checkpoints", "FILE", "the gateway's checkpoint file (default: SecureQueue__Audit__CheckpointFile); without it only the database's checkpoints are checked");
}

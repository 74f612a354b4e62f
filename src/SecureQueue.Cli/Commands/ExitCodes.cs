namespace SecureQueue.Cli.Commands;

/// <summary>
/// One convention for every <c>secq</c> command, so a job can tell "what was checked is wrong" from "the job is wrong".
/// </summary>
internal static class ExitCodes
{
    /// <summary>Done; the check passed (policies valid, log intact, simulation allowed, migration applied).</summary>
    public const int Ok = 0;

    /// <summary>The command ran and its check failed: findings, failed cases, a denied simulation, a tampered log, a refused migration.</summary>
    public const int Failed = 1;

    /// <summary>Usage, configuration or I/O error: unknown command or option, missing value, unreadable file, unreachable database.</summary>
    public const int Usage = 2;

    public const string Help = "Exit codes: 0 ok; 1 a check failed (findings, failed cases, denied, tampered, refused); 2 usage, configuration or I/O error.";
}

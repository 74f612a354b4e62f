namespace SecureQueue.Cli.Commands;

/// <summary>
/// <c>secq policy validate|lint|test|simulate|replay</c>: policy-as-code checks for CI. Exit codes: 0 ok, 1 findings, failures or a
/// denied simulation, 2 usage or I/O error — so a pipeline can tell "the policies are wrong" from "the job is wrong".
/// </summary>
internal static class PolicyCommand
{
    public const int Ok = 0;
    public const int Findings = 1;
    public const int UsageError = 2;

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) => args is ["replay", .. var rest]
        ? PolicyReplayCommand.RunAsync(rest, output, error)
        : Task.FromResult(Run(args, output, error));

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            return args switch
            {
                ["validate", .. var rest] => PolicyValidateCommand.Run(rest, output, error),
                ["lint", .. var rest] => PolicyLintCommand.Run(rest, output, error),
                ["test", .. var rest] => PolicyTestCommand.Run(rest, output, error),
                ["simulate", .. var rest] => PolicySimulateCommand.Run(rest, output, error),
                [] or ["--help" or "-h" or "help"] => PrintUsage(output, Ok),
                _ => Fail(error, $"unknown policy command '{args[0]}'"),
            };
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A file that vanished or cannot be read mid-run is the job's problem, not a policy finding.
            error.WriteLine($"secq policy: {exception.Message}");
            return UsageError;
        }
    }

    public static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"secq policy: {message}");
        return PrintUsage(error, UsageError);
    }

    private static int PrintUsage(TextWriter writer, int code)
    {
        writer.WriteLine("""
            usage: secq policy <command> [options]

              validate [PATH…] [--kind K] [--json]          parse every policy (default: policies/); report every grammar error
              lint [PATH…] [--kind K] [--strict] [--json]   findings: ERROR, SECURITY_WARNING, WARNING, SUGGESTION
              test [PATH…] [--json]                         run the golden cases in **/*.cases.json
              simulate --principal ARN --action ACTION --resource ARN
                       [--identity-policy FILE…] [--queue-policy FILE] [--guardrails DIR | --no-guardrails]
                       [--context key=value…] [--json]      evaluate one request and explain the decision
              replay [--from T] [--to T] [--policies DIR] [--identities FILE] [--connection CS] [--json]
                                                            re-evaluate audited calls (default: the last 24 h) against
                                                            proposed policies; list every decision that would change

            The kind comes from the nearest enclosing directory: guardrails/ → guardrail, queues/ and routes/ → resource
            (queue or front door route policy), anything else → identity; --kind identity|resource|guardrail overrides it.
            Exit codes: 0 ok; 1 errors or security warnings (also warnings with --strict), failed cases, or a denied
            simulation; 2 usage or I/O error.
            """);
        return code;
    }
}

using System.CommandLine;

namespace SecureQueue.Cli.Commands;

/// <summary>
/// <c>secq policy validate|lint|test|simulate|replay</c>: policy-as-code checks for CI, with <see cref="ExitCodes"/>: 0 ok,
/// 1 findings, failures or a denied simulation, 2 usage or I/O error — "the policies are wrong" against "the job is wrong".
/// </summary>
internal static class PolicyCommand
{
    public const int Ok = ExitCodes.Ok;
    public const int Findings = ExitCodes.Failed;
    public const int UsageError = ExitCodes.Usage;

    private const string KindNote =
        "The kind comes from the nearest enclosing directory: guardrails/ → guardrail, queues/ and routes/ → resource (queue or front door route policy), anything else → identity.";

    public static Command Create() => Declare.Group(
        "policy",
        "Policy-as-code checks: validate, lint, test, simulate, replay. " + ExitCodes.Help,
        PolicyValidateCommand.Create(),
        PolicyLintCommand.Create(),
        PolicyTestCommand.Create(),
        PolicySimulateCommand.Create(),
        PolicyReplayCommand.Create());

    /// <summary><c>secq policy ARGS</c> in-process, as tests and scripts call it.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        SecqCommandLine.RunAsync(["policy", .. args], output, error);

    public static Argument<string[]> PolicyPaths() => Declare.Paths("policy files or directories (default: policies/)");

    public static Option<string> Kind() =>
        Declare.Value("--kind", "identity|resource|guardrail", "the kind of every policy given, instead of the one its directory implies. " + KindNote);

    public static Option<bool> Json() => Declare.Flag("--json", "one JSON document on stdout");

    /// <summary>A file that vanished or cannot be read mid-run is the job's problem, not a policy finding.</summary>
    public static int Guarded(CommandOptions options, Func<CommandOptions, int> run)
    {
        try
        {
            return run(options);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            options.Error.WriteLine($"secq policy: {exception.Message}");
            return UsageError;
        }
    }
}

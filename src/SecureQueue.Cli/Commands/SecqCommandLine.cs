using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace SecureQueue.Cli.Commands;

/// <summary>
/// <c>secq</c>'s command tree on System.CommandLine: generated help for every command and option, <c>--version</c>,
/// the <c>[suggest]</c> directive for tab completion (dotnet-suggest), and <see cref="ExitCodes"/> for every outcome.
/// </summary>
internal static class SecqCommandLine
{
    public static RootCommand Create(TimeProvider time)
    {
        var root = new RootCommand("SecureQueue: an audited, policy-checked, SQS-compatible queue gateway. " + ExitCodes.Help)
        {
            UpCommand.Create(),
            ServeCommand.Create(),
            PolicyCommand.Create(),
            KeysCommand.Create(),
            DbCommand.Create(),
            AuditCommand.Create(time),
            ReportCommand.Create(),
        };
        root.WithAction(options => options.ShowHelp(options.Output, ExitCodes.Ok));
        return root;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, TimeProvider? time = null)
    {
        // No @response-file expansion: a queue name or path starting with '@' is a value, never a file to read arguments from.
        var result = Create(time ?? TimeProvider.System).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (result.Action is ParseErrorAction)
        {
            foreach (var problem in result.Errors)
            {
                error.WriteLine($"{Prefix(problem.SymbolResult as CommandResult ?? result.CommandResult)}: {problem.Message}");
            }

            WriteHelp(result.CommandResult.Command, error);
            return ExitCodes.Usage;
        }

        try
        {
            return await result.InvokeAsync(invocation);
        }
        catch (InvalidOperationException exception)
        {
            // Start-up refusals (missing or unsafe settings) are the operator's to fix: say which, without a stack trace.
            error.WriteLine($"secq: {exception.Message}");
            return ExitCodes.Usage;
        }
    }

    /// <summary>"secq" for the root, else "secq" and the top-level command ("secq audit" for <c>audit verify</c>), as messages always began.</summary>
    public static string Prefix(CommandResult? command)
    {
        while (command?.Parent is CommandResult parent && parent.Parent is CommandResult)
        {
            command = parent;
        }

        return command is null || command.Command is RootCommand ? "secq" : $"secq {command.Command.Name}";
    }

    /// <summary>The generated help of <paramref name="command"/>, written to <paramref name="writer"/> (stderr after a usage error).</summary>
    public static void WriteHelp(Command command, TextWriter writer)
    {
        var path = new List<string>();
        var root = command;
        while (root.Parents.OfType<Command>().FirstOrDefault() is { } parent)
        {
            path.Insert(0, root.Name);
            root = parent;
        }

        root.Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = writer });
    }
}

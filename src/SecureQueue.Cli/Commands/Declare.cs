using System.CommandLine;

namespace SecureQueue.Cli.Commands;

/// <summary>Option and argument shapes every command uses, so help reads the same everywhere.</summary>
internal static class Declare
{
    public const string PathsName = "PATH";

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>An option with one value; given twice it is a usage error rather than a silent override.</summary>
    public static Option<string> Value(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName };

    /// <summary>An option that may be repeated (<c>--context a=1 --context b=2</c>), one value per occurrence.</summary>
    public static Option<string[]> Repeated(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName, Arity = ArgumentArity.OneOrMore };

    public static Argument<string[]> Paths(string description)
    {
        var paths = new Argument<string[]>(PathsName) { Description = description, Arity = ArgumentArity.ZeroOrMore };
        // The parser would take an unknown --option as a path; name it as the unknown option it is (a path may start with ./).
        paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
            {
                result.AddError($"Unrecognized command or argument '{token.Value}'.");
            }
        });
        return paths;
    }

    /// <summary>Sets <paramref name="command"/>'s action and returns it, for one-expression command definitions.</summary>
    public static Command WithAction(this Command command, Func<CommandOptions, Task<int>> action)
    {
        command.SetAction((result, _) => action(new CommandOptions(result)));
        return command;
    }

    public static Command WithAction(this Command command, Func<CommandOptions, int> action)
    {
        command.SetAction(result => action(new CommandOptions(result)));
        return command;
    }

    /// <summary>Unknown tokens reach the action (as <see cref="CommandOptions.Passed"/>) to be used as configuration, not refused by the parser.</summary>
    public static Command PassingSettings(this Command command)
    {
        command.TreatUnmatchedTokensAsErrors = false;
        return command;
    }

    /// <summary>A command that only groups others: on its own it prints its help (exit 0), as <c>secq policy</c> always did.</summary>
    public static Command Group(string name, string description, params Command[] commands)
    {
        var group = new Command(name, description);
        foreach (var command in commands)
        {
            group.Subcommands.Add(command);
        }

        return group.WithAction(options => options.ShowHelp(options.Output, ExitCodes.Ok));
    }
}

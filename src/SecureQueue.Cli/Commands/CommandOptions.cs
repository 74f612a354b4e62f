using System.CommandLine;

namespace SecureQueue.Cli.Commands;

/// <summary>The values System.CommandLine parsed for one command, by option name, with the writers the invocation gives.</summary>
internal sealed class CommandOptions(ParseResult result)
{
    public TextWriter Output => result.InvocationConfiguration.Output;

    public TextWriter Error => result.InvocationConfiguration.Error;

    /// <summary>The positional paths of a command that declares <see cref="Declare.Paths"/>.</summary>
    public IReadOnlyList<string> Paths => result.GetValue<string[]>(Declare.PathsName) ?? [];

    /// <summary>Tokens the command passes on as configuration (<c>--Section:Key=value</c>, ASP.NET options).</summary>
    public IReadOnlyList<string> Passed => [.. result.UnmatchedTokens];

    /// <summary>The first passed token that is not a <c>--Section:Key=value</c> setting: an unknown option where only settings may follow.</summary>
    public string? FirstNonSetting => Passed.FirstOrDefault(t => !(t.StartsWith("--", StringComparison.Ordinal) && t.Split('=', 2)[0].Contains(':', StringComparison.Ordinal)));

    /// <summary>"secq audit", "secq report": the prefix of every message the command writes to stderr.</summary>
    public string Prefix => SecqCommandLine.Prefix(result.CommandResult);

    public bool Has(string flag) => result.GetValue<bool>(flag);

    public string? One(string option) => result.GetValue<string>(option);

    public IReadOnlyList<string> All(string option) => result.GetValue<string[]>(option) ?? [];

    public T? Get<T>(string option) => result.GetValue<T>(option);

    /// <summary>Names the problem, then this command's help, on stderr; a usage error.</summary>
    public int Fail(string message)
    {
        Error.WriteLine($"{Prefix}: {message}");
        return ShowHelp(Error, ExitCodes.Usage);
    }

    public int ShowHelp(TextWriter writer, int code)
    {
        SecqCommandLine.WriteHelp(result.CommandResult.Command, writer);
        return code;
    }
}

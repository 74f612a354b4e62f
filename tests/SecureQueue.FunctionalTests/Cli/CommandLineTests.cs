using System.CommandLine;
using System.Reflection;
using SecureQueue.Cli.Commands;

namespace SecureQueue.FunctionalTests.Cli;

/// <summary>The command tree as an operator meets it: help for every command, usage errors, --version, completion.</summary>
public sealed class CommandLineTests
{
    // serve and up hand options they do not know to ASP.NET configuration (--urls, --SecureQueue:…), so an unknown option starts a gateway there.
    private static readonly HashSet<string> PassesOptionsOn = ["serve", "up"];

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var path in Paths(SecqCommandLine.Create(TimeProvider.System), []))
        {
            data.Add(string.Join(' ', path));
        }

        return data;
    }

    public static TheoryData<string> Leaves()
    {
        var data = new TheoryData<string>();
        foreach (var path in Paths(SecqCommandLine.Create(TimeProvider.System), []).Where(p => p.Count > 0 && !PassesOptionsOn.Contains(p[0])))
        {
            if (Find(path).Subcommands.Count == 0)
            {
                data.Add(string.Join(' ', path));
            }
        }

        return data;
    }

    [Fact]
    public void Tree_HasEveryCommand()
    {
        var commands = Paths(SecqCommandLine.Create(TimeProvider.System), []).Select(p => string.Join(' ', p)).ToList();
        string[] expected =
        [
            "", "up", "serve", "policy", "policy validate", "policy lint", "policy test", "policy simulate", "policy replay", "keys", "keys status",
            "keys rotate", "keys prune", "keys signing-key", "db", "db migrate", "audit", "audit verify", "audit export", "audit validate-export", "report",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), commands.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_EveryCommand_ExitsZeroWithItsOptionsAndSubcommands(string command)
    {
        var path = Split(command);
        var (code, output, error) = await RunAsync([.. path, "--help"]);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(error);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        var described = Find(path);
        Assert.False(string.IsNullOrWhiteSpace(described.Description), $"'{command}' has no description");
        foreach (var option in described.Options)
        {
            Assert.Contains(option.Name, output, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(option.Description), $"'{command} {option.Name}' has no description");
        }

        foreach (var subcommand in described.Subcommands)
        {
            Assert.Contains(subcommand.Name, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Leaves))]
    public async Task UnknownOption_EveryCommand_ExitsTwoWithUsageOnStderr(string command)
    {
        var path = Split(command);
        var (code, output, error) = await RunAsync([.. path, "--no-such-option"]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.StartsWith($"secq {path[0]}: ", error, StringComparison.Ordinal);
        Assert.Contains("'--no-such-option'", error, StringComparison.Ordinal);
        Assert.Contains($" {command} ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("audit", "frobnicate")]
    [InlineData("policy", "validate", "--kind")]
    [InlineData("db", "migrate", "--connection", "a", "--connection", "b")]
    [InlineData("up", "--port", "eighty")]
    [InlineData("policy", "replay", "--from", "yesterday", "--connection", "Host=127.0.0.1", "--identities", "identities.json")]
    [InlineData("keys", "status", "--verbose")]
    [InlineData("report", "--connection", "Host=127.0.0.1", "extra")]
    public async Task UsageErrors_ExitTwo(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.StartsWith("secq", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PrintsTheInformationalVersion()
    {
        // A process of its own: in-process, the version would be the test host's.
        var (code, output, error) = await ChildProcess.SecqAsync("--version");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(error);
        var expected = typeof(SecqCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(expected, output.Trim());
    }

    [Fact]
    public async Task NoArguments_PrintsHelpWithTheExitCodes()
    {
        var (code, output, _) = await RunAsync([]);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains(ExitCodes.Help, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keys rotate", "secq: keys rotate needs SecureQueue:KeyringFile (--keyring-file).")]
    [InlineData("keys prune", "secq: keys prune needs SecureQueue:KeyringFile (--keyring-file).")]
    public async Task MissingSetting_NamedOnceWithTheCommand(string command, string expected)
    {
        var (code, _, error) = await RunAsync(Split(command));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(expected, error.Trim());
    }

    [Theory]
    [InlineData("audit ve", "verify")]
    [InlineData("audit verify --con", "--connection")]
    [InlineData("policy lint --st", "--strict")]
    [InlineData("ke", "keys")]
    public async Task SuggestDirective_CompletesCommandsAndOptions(string line, string expected)
    {
        var (code, output, _) = await RunAsync([$"[suggest:{line.Length}]", line]);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains(expected, output.Split('\n', StringSplitOptions.TrimEntries));
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SecqCommandLine.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string[] Split(string command) => command.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static Command Find(IReadOnlyList<string> path)
    {
        Command command = SecqCommandLine.Create(TimeProvider.System);
        foreach (var name in path)
        {
            command = command.Subcommands.Single(c => c.Name == name);
        }

        return command;
    }

    private static IEnumerable<List<string>> Paths(Command command, List<string> path)
    {
        yield return path;
        foreach (var subcommand in command.Subcommands)
        {
            foreach (var child in Paths(subcommand, [.. path, subcommand.Name]))
            {
                yield return child;
            }
        }
    }
}

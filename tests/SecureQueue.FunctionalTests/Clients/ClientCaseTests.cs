using SecureQueue.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Clients;

/// <summary>
/// One real AWS client speaking one protocol: runs each case of its script (tests/clients) as a process against
/// this class's gateway, and checks that the script's <c>--list</c> equals the hard-coded case list, so a case
/// cannot silently go missing.
/// </summary>
public abstract class ClientCaseTests(GatewayFixture fixture, ITestOutputHelper output)
{
    /// <summary>The program to start (python3, node, bash…).</summary>
    protected abstract string FileName { get; }

    /// <summary>Arguments before the case name (the script, and for the CLI the aws binary).</summary>
    protected abstract IReadOnlyList<string> ScriptArguments { get; }

    /// <summary>Directory under tests/clients the script runs in.</summary>
    protected abstract string ScriptDirectory { get; }

    /// <summary>The protocol the client must speak (checked by the script), or null when it checks nothing.</summary>
    protected abstract string? Protocol { get; }

    protected abstract IReadOnlyList<string> ExpectedCases { get; }

    protected async Task RunCaseAsync(string caseName)
    {
        var identity = ClientCaseProcess.IdentityFor(caseName);
        var result = await RunAsync([.. ScriptArguments, caseName], identity);
        Assert.True(
            result.ExitCode == 0,
            $"{FileName} {string.Join(' ', ScriptArguments)} {caseName} as {identity.Name} exited {result.ExitCode}:\n{result.Error}\n{result.Output}");
    }

    protected async Task ListMatchesExpectedCasesAsync()
    {
        var result = await RunAsync([.. ScriptArguments, "--list"], TestIdentity.Admin);
        Assert.Equal(0, result.ExitCode);
        var listed = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(ExpectedCases, listed);
    }

    private async Task<ClientCaseResult> RunAsync(IReadOnlyList<string> arguments, TestIdentity identity)
    {
        var directory = Path.Combine(ClientProcess.ClientsDirectory, ScriptDirectory);
        var result = await ClientCaseProcess.RunAsync(FileName, arguments, directory, fixture, identity, Protocol);
        output.WriteLine($"$ {FileName} {string.Join(' ', arguments)}  (as {identity.Name}, exit {result.ExitCode}, {result.Elapsed.TotalSeconds:F1} s)");
        output.WriteLine(result.Output);
        if (result.Error.Length > 0)
        {
            output.WriteLine("stderr:");
            output.WriteLine(result.Error);
        }

        return result;
    }
}

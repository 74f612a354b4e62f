using System.Diagnostics;

namespace SecureQueue.FunctionalTests.Cli;

/// <summary>
/// A program run to its end with stdout and stderr read: the built <c>secq</c> (for what only a process shows, its version
/// and its terminal handling), docker-compose, dotnet publish, PostgreSQL's tools.
/// </summary>
internal static class ChildProcess
{
    public static string SecqDll => Path.Combine(AppContext.BaseDirectory, "secq.dll");

    /// <summary>Runs <c>secq ARGS</c> with stdout and stderr redirected (not terminals).</summary>
    public static Task<(int Code, string Output, string Error)> SecqAsync(params string[] args) => RunAsync("dotnet", [SecqDll, .. args]);

    public static Task<(int Code, string Output, string Error)> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return RunAsync(start);
    }

    public static async Task<(int Code, string Output, string Error)> RunAsync(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}

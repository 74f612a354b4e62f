using System.Diagnostics;

namespace SecureQueue.FunctionalTests.Cli;

/// <summary>The built <c>secq</c> as its own process, for what only a process shows: its version, its terminal handling.</summary>
internal static class SecqProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "secq.dll");

    /// <summary>Runs <c>secq ARGS</c> with stdout and stderr redirected (not terminals).</summary>
    public static Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return RunAsync(start);
    }

    public static async Task<(int Code, string Output, string Error)> RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}

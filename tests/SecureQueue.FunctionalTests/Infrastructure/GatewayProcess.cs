using SecureQueue.Trail.Lookup;
using System.Diagnostics;

namespace SecureQueue.FunctionalTests.Infrastructure;

/// <summary>The real <c>secq serve</c> in its own process, so a test can kill it (SIGKILL) mid-stream and start it again.</summary>
public sealed class GatewayProcess : IDisposable
{
    // Every variable ASP.NET Core reads a listener from, so a test sees only the listeners it sets.
    private static readonly string[] ListenerVariables =
        ["ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "DOTNET_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_HTTPS_PORTS"];

    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output = new();

    private GatewayProcess(Process process, Uri endpoint)
    {
        this.process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>What the gateway has written to standard output so far, line by line (its console log).</summary>
    public IReadOnlyList<string> Output => [.. output];

    /// <summary>CPU time the gateway process has used so far (user and system).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    public static async Task<GatewayProcess> StartAsync(
        GatewayFiles files, string connectionString, int port, IReadOnlyDictionary<string, string?>? environment = null, bool ignoreHangUp = false)
    {
        var start = Serve(files, connectionString, environment ?? new Dictionary<string, string?>(), ignoreHangUp, $"--urls=https://127.0.0.1:{port}");
        var process = Process.Start(start)!;
        if (Environment.GetEnvironmentVariable("SECQ_GATEWAY_OUTPUT") == "1")
        {
            // For diagnosing a benchmark or test: the gateway's own log lines, which are otherwise read and dropped.
            process.OutputDataReceived += (_, line) => Console.Error.WriteLine($"[gateway:{port}] {line.Data}");
            process.ErrorDataReceived += (_, line) => Console.Error.WriteLine($"[gateway:{port}] {line.Data}");
        }

        var gateway = new GatewayProcess(process, new Uri($"https://localhost:{port}/"));
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                gateway.output.Enqueue(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new SignedClient(gateway.Endpoint, files.CaFile);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var response = await client.JsonAsync("ListQueues", "{}", TestIdentity.Admin);
                if (response.IsSuccessStatusCode)
                {
                    return gateway;
                }

                if (DateTime.UtcNow > deadline)
                {
                    gateway.Dispose();
                    throw new InvalidOperationException($"The gateway answered {(int)response.StatusCode} to ListQueues for a minute after it started.");
                }

                await Task.Delay(50);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>
    /// Runs <c>secq serve</c> with only the listener settings the test gives (none inherited from the test's own
    /// environment), for a start-up that should be refused; a gateway still running after a minute counts as started.
    /// </summary>
    public static Task<(int? ExitCode, string Error)> RunUntilRefusedAsync(
        GatewayFiles files, string connectionString, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        RunUntilRefusedAsync(Serve(files, connectionString, environment, false, arguments));

    /// <summary>As <see cref="RunUntilRefusedAsync(GatewayFiles, string, IReadOnlyDictionary{string, string?}, string[])"/>, started with SIGHUP ignored (<c>nohup</c>).</summary>
    public static Task<(int? ExitCode, string Error)> RunIgnoringHangUpUntilRefusedAsync(
        GatewayFiles files, string connectionString, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        RunUntilRefusedAsync(Serve(files, connectionString, environment, true, arguments));

    private static async Task<(int? ExitCode, string Error)> RunUntilRefusedAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (null, await error);
        }
    }

    /// <param name="ignoreHangUp">
    /// Start with SIGHUP ignored, as <c>nohup</c> does; otherwise with its default disposition, whatever the test run
    /// inherited (a run under <c>nohup</c> passes SIGHUP ignored to every child).
    /// </param>
    private static ProcessStartInfo Serve(
        GatewayFiles files, string connectionString, IReadOnlyDictionary<string, string?> environment, bool ignoreHangUp, params string[] arguments)
    {
        // env(1) execs dotnet in its own process, so the process id is the gateway's.
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = files.Directory };
        foreach (var argument in new[]
        {
            ignoreHangUp ? "--ignore-signal=HUP" : "--default-signal=HUP", "dotnet", Path.Combine(AppContext.BaseDirectory, "secq.dll"), "serve",
            $"--SecureQueue:IdentitiesFile={files.IdentitiesFile}", $"--SecureQueue:PoliciesDirectory={files.PoliciesDirectory}",
            $"--SecureQueue:MasterKeyFile={files.MasterKeyFile}", $"--SecureQueue:Tls:CertificateFile={files.ServerCertificateFile}",
            $"--SecureQueue:Tls:KeyFile={files.ServerKeyFile}", $"--SecureQueue:CheckpointKeyFile={files.CheckpointKeyFile}",
            $"--SecureQueue:Audit:CheckpointFile={files.CheckpointFile}",
        }.Concat(OpsDefault(environment)).Concat(LookupRateDefault(environment)).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in ListenerVariables)
        {
            start.Environment.Remove(name);
        }

        start.Environment["ConnectionStrings__SecureQueue"] = connectionString;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>
    /// Many gateways run at once in a test run, so each ops listener takes a free port unless the test's environment
    /// names one (a command-line setting would override the environment); a test's own arguments come later and win.
    /// </summary>
    private static string[] OpsDefault(IReadOnlyDictionary<string, string?> environment) =>
        environment.ContainsKey("SecureQueue__Ops__Url") ? [] : ["--SecureQueue:Ops:Url=http://127.0.0.1:0"];

    /// <summary>The in-process gateways' lookup rate, unless the test's environment sets one.</summary>
    private static string[] LookupRateDefault(IReadOnlyDictionary<string, string?> environment) =>
        environment.ContainsKey(LookupRateLimit.Setting.Replace(":", "__", StringComparison.Ordinal))
            ? []
            : [$"--{LookupRateLimit.Setting}={GatewayInstance.TestLookupsPerSecond}"];

    /// <summary>Sends a signal by name (<c>HUP</c>, <c>TERM</c>) with kill(1), as an operator would.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{name} {process.Id} exited with {kill.ExitCode}.");
        }
    }

    /// <summary>SIGKILL: no graceful shutdown, no flush, as a crash or an OOM kill would do.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
    }
}

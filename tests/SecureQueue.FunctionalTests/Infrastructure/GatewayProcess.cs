using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SecureQueue.FunctionalTests.Infrastructure;

/// <summary>The real <c>secq serve</c> in its own process, so a test can kill it (SIGKILL) mid-stream and start it again.</summary>
public sealed class GatewayProcess : IDisposable
{
    private readonly Process process;

    private GatewayProcess(Process process, Uri endpoint)
    {
        this.process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>CPU time the gateway process has used so far (user and system).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<GatewayProcess> StartAsync(GatewayFiles files, string connectionString, int port)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = files.Directory };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "secq.dll"), "serve", $"--urls=https://127.0.0.1:{port}",
            $"--SecureQueue:IdentitiesFile={files.IdentitiesFile}", $"--SecureQueue:PoliciesDirectory={files.PoliciesDirectory}",
            $"--SecureQueue:MasterKeyFile={files.MasterKeyFile}", $"--SecureQueue:Tls:CertificateFile={files.ServerCertificateFile}",
            $"--SecureQueue:Tls:KeyFile={files.ServerKeyFile}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__SecureQueue"] = connectionString;
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new GatewayProcess(process, new Uri($"https://localhost:{port}/"));
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
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(200);
            }
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

using System.Net;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Operations;

/// <summary>
/// The ops listener serves without authentication, so <c>secq serve</c> refuses to put it on a non-loopback address over
/// plain HTTP unless the operator opts in; over TLS (the gateway's certificate) any address is allowed.
/// </summary>
public sealed class OpsListenerTests(GatewayWorkspace workspace) : IClassFixture<GatewayWorkspace>
{
    [Theory]
    [InlineData("http://0.0.0.0:{0}")]
    [InlineData("http://[::]:{0}")]
    public async Task Serve_PlainHttpOpsOnAllInterfaces_RefusesToStart(string url)
    {
        var ops = string.Format(System.Globalization.CultureInfo.InvariantCulture, url, TestPorts.Next());
        var (exitCode, error) = await GatewayProcess.RunUntilRefusedAsync(
            workspace.Files, workspace.Database.GatewayConnectionString, new Dictionary<string, string?>(),
            $"--urls=https://127.0.0.1:{TestPorts.Next()}", $"--SecureQueue:Ops:Url={ops}");

        Assert.Equal(2, exitCode);
        Assert.Contains($"secq: SecureQueue:Ops:Url {ops} is not a loopback address", error);
        Assert.Contains("SecureQueue:Ops:AllowRemote=true", error);
    }

    [Fact]
    public async Task Serve_OpsOnAHostName_RefusesToStart()
    {
        var (exitCode, error) = await GatewayProcess.RunUntilRefusedAsync(
            workspace.Files, workspace.Database.GatewayConnectionString, new Dictionary<string, string?>(),
            $"--urls=https://127.0.0.1:{TestPorts.Next()}", "--SecureQueue:Ops:Url=http://metrics.example:9464");

        Assert.Equal(2, exitCode);
        Assert.Contains("SecureQueue:Ops:Url must name an IP address or localhost", error);
    }

    [Fact]
    public async Task Serve_PlainHttpOpsOnAllInterfacesWithOptIn_ServesHealth()
    {
        using var started = await OpsGateway.StartAsync(workspace, "http://0.0.0.0:{0}", new Dictionary<string, string?> { ["SecureQueue__Ops__AllowRemote"] = "true" });

        Assert.Equal(HttpStatusCode.OK, (await started.Ops.HealthAsync("/healthz")).Status);
    }

    [Fact]
    public async Task Serve_TlsOpsOnAllInterfaces_ServesHealthOverTlsOnly()
    {
        using var started = await OpsGateway.StartAsync(workspace, "https://0.0.0.0:{0}");
        var ops = started.Ops;
        using var plain = new OpsClient(new Uri($"http://127.0.0.1:{ops.Endpoint.Port}/"));

        Assert.Equal(HttpStatusCode.OK, (await ops.HealthAsync("/healthz")).Status);
        Assert.Contains(await ops.ScrapeAsync(), s => s.Name == "secq_log_sealing_lag_seconds");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.ScrapeAsync());
    }
}

using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Operations;

/// <summary>A real <c>secq serve</c> on a workspace, with its ops listener on a port of its own and a client of that listener.</summary>
public sealed class OpsGateway : IDisposable
{
    private OpsGateway(GatewayProcess gateway, OpsClient ops)
    {
        Gateway = gateway;
        Ops = ops;
    }

    public GatewayProcess Gateway { get; }

    public OpsClient Ops { get; }

    /// <summary>Starts it with <c>SecureQueue__Ops__Url</c> from <paramref name="opsUrl"/> (default plain HTTP on loopback) and any further settings.</summary>
    public static async Task<OpsGateway> StartAsync(
        GatewayWorkspace workspace, string opsUrl = "http://127.0.0.1:{0}", IReadOnlyDictionary<string, string?>? settings = null)
    {
        var port = TestPorts.Next();
        var environment = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["SecureQueue__Ops__Url"] = string.Format(System.Globalization.CultureInfo.InvariantCulture, opsUrl, port),
        };
        var gateway = await GatewayProcess.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString, TestPorts.Next(), environment);
        var tls = opsUrl.StartsWith("https", StringComparison.Ordinal);
        var ops = new OpsClient(new Uri($"{(tls ? "https://localhost" : "http://127.0.0.1")}:{port}/"), tls ? workspace.Files.CaFile : null);
        return new OpsGateway(gateway, ops);
    }

    public void Dispose()
    {
        Ops.Dispose();
        Gateway.Dispose();
    }
}

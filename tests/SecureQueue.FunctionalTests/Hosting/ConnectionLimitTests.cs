using System.Net.Security;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Hosting;

/// <summary>
/// <c>SecureQueue:MaxConnections</c> bounds the connections, and so the calls, a gateway holds at once: past it a new
/// connection is closed before its TLS handshake, and one is accepted again once another has closed.
/// </summary>
public sealed class ConnectionLimitTests : IAsyncLifetime
{
    private readonly GatewayWorkspace workspace = new();

    public Task InitializeAsync() => workspace.InitializeAsync();

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task ConnectionPastTheLimit_ClosedUntilOneEnds()
    {
        await using var gateway = await GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString,
            settings: new Dictionary<string, string?> { ["SecureQueue:MaxConnections"] = "2" });
        var first = await ConnectAsync(gateway.Endpoint);
        using var second = await ConnectAsync(gateway.Endpoint);

        await Assert.ThrowsAnyAsync<IOException>(() => ConnectAsync(gateway.Endpoint));

        first.Dispose();
        SslStream? third = null;
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                third = await ConnectAsync(gateway.Endpoint);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }, "no connection was accepted after one of the two closed", TimeSpan.FromSeconds(10));
        third!.Dispose();
    }

    [Fact]
    public async Task DefaultLimit_ManyConnectionsServed()
    {
        await using var gateway = await GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString);
        var connections = new List<SslStream>();
        for (var i = 0; i < 20; i++)
        {
            connections.Add(await ConnectAsync(gateway.Endpoint));
        }

        connections.ForEach(c => c.Dispose());
    }

    [Fact]
    public void LimitOutOfRange_Refused()
    {
        foreach (var value in new[] { "0", "1000001" })
        {
            var options = new SecureQueue.Gateway.GatewayOptions { IdentitiesFile = "x", MasterKeyFile = "y", MaxConnections = int.Parse(value) };
            var error = Assert.Throws<InvalidOperationException>(options.Validate);
            Assert.Contains("SecureQueue:MaxConnections", error.Message, StringComparison.Ordinal);
        }
    }

    private Task<SslStream> ConnectAsync(Uri endpoint) => RawTls.ConnectAsync(endpoint, workspace.Files.CaFile);
}

namespace SecureQueue.FunctionalTests.Infrastructure;

/// <summary>
/// A database and gateway files of their own, for tests that start, stop or reconfigure gateways themselves; or, for a
/// class that only needs identities or settings of its own, one gateway and a client started once its files are ready.
/// </summary>
public sealed class GatewayWorkspace : IAsyncLifetime
{
    private GatewayInstance? gateway;
    private SignedClient? client;

    public TestDatabase Database { get; private set; } = null!;

    public GatewayFiles Files { get; private set; } = null!;

    /// <summary>The client of the gateway <see cref="StartGatewayAsync"/> started.</summary>
    public SignedClient Client => client ?? throw new InvalidOperationException("StartGatewayAsync has not run.");

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Files = GatewayFiles.Create();
    }

    /// <summary>Starts the workspace's gateway on its files as they are now; stopped with the workspace.</summary>
    public async Task StartGatewayAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        gateway = await GatewayInstance.StartAsync(Files, Database.GatewayConnectionString, settings: settings);
        client = new SignedClient(gateway.Endpoint, Files.CaFile);
    }

    public async Task DisposeAsync()
    {
        client?.Dispose();
        if (gateway is not null)
        {
            await gateway.DisposeAsync();
        }

        await Database.DisposeAsync();
        Directory.Delete(Files.Directory, recursive: true);
    }
}

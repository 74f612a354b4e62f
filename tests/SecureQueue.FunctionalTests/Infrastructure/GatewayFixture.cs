namespace SecureQueue.FunctionalTests.Infrastructure;

/// <summary>One gateway and database shared by a test class; queues are named per test so tests stay independent.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private readonly GatewayWorkspace workspace = new();

    public TestDatabase Database => workspace.Database;

    public GatewayFiles Files => workspace.Files;

    public GatewayWorkspace Workspace => workspace;

    public GatewayInstance Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        Gateway = await GatewayInstance.StartAsync(Files, Database.GatewayConnectionString);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await workspace.DisposeAsync();
    }

    /// <summary>A client for hand-built signed requests to this fixture's gateway.</summary>
    public SignedClient Client() => new(Gateway.Endpoint, Files.CaFile);

    /// <summary>A queue name unique to one test.</summary>
    public static string QueueName(string prefix = "q") => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}

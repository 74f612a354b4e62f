namespace SecureQueue.FunctionalTests.Infrastructure;

/// <summary>A database and gateway files of their own, for tests that start, stop or reconfigure gateways themselves.</summary>
public sealed class GatewayWorkspace : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public GatewayFiles Files { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Files = GatewayFiles.Create();
    }

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        Directory.Delete(Files.Directory, recursive: true);
    }
}

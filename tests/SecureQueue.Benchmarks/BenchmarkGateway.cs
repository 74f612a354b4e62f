using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.Benchmarks;

/// <summary>
/// What the end-to-end benchmarks start from: a database of their own, <c>secq serve</c> on it in its own process, and a
/// signed client. Disposing stops the gateway and removes its files and the database, whether the run ended well or not.
/// </summary>
internal sealed class BenchmarkGateway : IAsyncDisposable
{
    private readonly GatewayFiles files;

    private BenchmarkGateway(TestDatabase database, GatewayFiles files, GatewayProcess gateway)
    {
        Database = database;
        this.files = files;
        Gateway = gateway;
        Client = new SignedClient(gateway.Endpoint, files.CaFile);
    }

    public TestDatabase Database { get; }

    public GatewayProcess Gateway { get; }

    public SignedClient Client { get; }

    public static async Task<BenchmarkGateway> StartAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var files = GatewayFiles.Create();
        try
        {
            return new BenchmarkGateway(database, files, await GatewayProcess.StartAsync(files, database.GatewayConnectionString, TestPorts.Next()));
        }
        catch
        {
            Directory.Delete(files.Directory, recursive: true);
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a queue (FIFO when <paramref name="fifo"/>, its name then ending in .fifo) and returns its URL.</summary>
    public async Task<string> CreateQueueAsync(string name, bool fifo = false)
    {
        var request = fifo
            ? JsonSerializer.Serialize(new { QueueName = name + ".fifo", Attributes = new { FifoQueue = "true" } })
            : JsonSerializer.Serialize(new { QueueName = name });
        using var created = await Client.JsonAsync("CreateQueue", request, TestIdentity.Admin);
        created.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Gateway.Dispose();
        Directory.Delete(files.Directory, recursive: true);
        await Database.DisposeAsync();
    }
}

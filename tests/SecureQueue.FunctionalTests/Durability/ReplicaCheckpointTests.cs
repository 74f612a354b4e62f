using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Durability;

/// <summary>Two gateways on one database, each signing checkpoints into a file of its own: the log verifies against either file.</summary>
public sealed class ReplicaCheckpointTests : IAsyncLifetime
{
    private readonly GatewayWorkspace workspace = new();

    public Task InitializeAsync() => workspace.InitializeAsync();

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task TwoReplicasUnderLoad_EachCheckpointFileVerifies()
    {
        var files = new[] { workspace.Files.CheckpointFile, Path.Combine(workspace.Files.Directory, "replica-b.jsonl") };
        var gateways = await Task.WhenAll(files.Select(file => GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString,
            settings: new Dictionary<string, string?> { ["SecureQueue:Audit:CheckpointFile"] = file, ["SecureQueue:Audit:CheckpointInterval"] = "00:00:00.1" })));
        try
        {
            await Task.WhenAll(gateways.Select(async (gateway, replica) =>
            {
                using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
                for (var i = 0; i < 40; i++)
                {
                    using var response = await client.JsonAsync("CreateQueue", $$"""{"QueueName":"replica-{{replica}}-{{i % 5}}"}""", TestIdentity.Admin);
                    Assert.Equal(200, (int)response.StatusCode);
                    await Task.Delay(10);
                }
            }));
        }
        finally
        {
            foreach (var gateway in gateways)
            {
                await gateway.StopAsync();
            }
        }

        foreach (var file in files)
        {
            Assert.True(File.ReadAllLines(file).Length >= 2, $"{file} holds checkpoints from while it ran and from its shutdown");
            var report = await ChainCheck.VerifyAsync(workspace.Database.ConnectionString, file, workspace.Files.CheckpointPublicKey);
            Assert.True(report.Intact, ChainCheck.Describe(report));
            Assert.Equal(80, report.Events);
        }
    }
}

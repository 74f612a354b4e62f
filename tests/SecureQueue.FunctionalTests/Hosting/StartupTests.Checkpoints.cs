using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Hosting;

/// <summary>A gateway that cannot sign and anchor its log does not start (fail closed), and says which setting is wrong.</summary>
public sealed partial class StartupTests
{
    [Theory]
    [InlineData("SecureQueue:CheckpointKeyFile", "", "SecureQueue:CheckpointKeyFile is required")]
    [InlineData("SecureQueue:CheckpointKeyFile", "missing.key", "SecureQueue:CheckpointKeyFile points to")]
    [InlineData("SecureQueue:Audit:CheckpointFile", "", "SecureQueue:Audit:CheckpointFile is required")]
    [InlineData("SecureQueue:Audit:CheckpointFile", "/nonexistent/checkpoints.jsonl", "cannot be opened for appending")]
    [InlineData("SecureQueue:Audit:CheckpointInterval", "often", "SecureQueue:Audit:CheckpointInterval must be")]
    public async Task CheckpointSetting_MissingOrUnusable_Refused(string setting, string value, string message)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(
            workspace.Files, workspace.Database.GatewayConnectionString, settings: new Dictionary<string, string?> { [setting] = value }));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckpointKeyReadableByOthers_Refused()
    {
        File.SetUnixFileMode(workspace.Files.CheckpointKeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString));
        Assert.Contains($"SecureQueue:CheckpointKeyFile '{workspace.Files.CheckpointKeyFile}' is accessible to other users", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckpointFileOfAnotherDatabase_Refused()
    {
        await using (var gateway = await GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString))
        {
            using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
            using var response = await client.JsonAsync("CreateQueue", """{"QueueName":"anchored"}""", TestIdentity.Admin);
            Assert.Equal(200, (int)response.StatusCode);
        }

        await using var other = await TestDatabase.CreateAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, other.GatewayConnectionString));
        Assert.Contains("but the database's log ends before it", error.Message, StringComparison.Ordinal);
    }
}

using SecureQueue.Cli.Commands;

namespace SecureQueue.FunctionalTests.Infrastructure;

/// <summary><c>secq audit verify</c> over a workspace's database, one checkpoint file and the workspace's checkpoint key.</summary>
public static class AuditVerify
{
    public static async Task AssertIntactAsync(GatewayWorkspace workspace, string checkpointFile)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AuditCommand.RunAsync(
            ["verify", "--connection", workspace.Database.ConnectionString, "--checkpoints", checkpointFile, "--key", workspace.Files.CheckpointKeyFile], output, error);
        Assert.True(code == AuditCommand.Intact, $"{output}{error}");
    }
}

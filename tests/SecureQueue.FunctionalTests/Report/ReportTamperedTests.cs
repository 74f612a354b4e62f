using System.Text.Json;
using SecureQueue.Cli.Commands;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.Trail.Tests.Reports;

namespace SecureQueue.FunctionalTests.Report;

/// <summary>A report over a log with an edited event: still written, exit 1, and the integrity rows say so.</summary>
public sealed class ReportTamperedTests : IAsyncLifetime
{
    private readonly GatewayWorkspace workspace = new();

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        var gateway = await GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString);
        try
        {
            using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
            for (var i = 0; i < 3; i++)
            {
                using var response = await client.JsonAsync("CreateQueue", $$"""{"QueueName":"q{{i}}"}""", TestIdentity.Admin);
                Assert.Equal(200, (int)response.StatusCode);
            }

            await workspace.Database.WaitSealedAsync();
        }
        finally
        {
            await gateway.StopAsync();
        }

        // An edit as a database attacker would make it: the append-only trigger switched off around it.
        await TestDatabase.ExecuteAsync(workspace.Database.ConnectionString,
            """
            alter table mt_events disable trigger user;
            update mt_events set data = jsonb_set(data, '{action}', '"ListQueues"') where seq_id = (select seq_id from seals where position = 2);
            alter table mt_events enable trigger user;
            """);
    }

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task Report_EditedEvent_Exit1AndIntegrityRowsFail()
    {
        var files = workspace.Files;
        var file = Path.Combine(files.Directory, "report.json");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await ReportCommand.RunAsync(
            [
                "--connection", workspace.Database.ConnectionString, "--checkpoints", files.CheckpointFile, "--key", files.CheckpointKeyFile,
                "--format", "json", "--out", file, $"--SecureQueue:IdentitiesFile={files.IdentitiesFile}",
                $"--SecureQueue:PoliciesDirectory={files.PoliciesDirectory}", $"--SecureQueue:MasterKeyFile={files.MasterKeyFile}",
            ],
            output, error);

        Assert.Equal(ReportCommand.Tampered, code);
        Assert.Contains("audit log TAMPERED", output.ToString(), StringComparison.Ordinal);
        var json = await File.ReadAllTextAsync(file);
        Assert.Empty(ReportSchemaCheck.Errors(json));
        using var report = JsonDocument.Parse(json);
        var integrity = report.RootElement.GetProperty("integrity");
        Assert.Equal(("fail", false), (integrity.GetProperty("status").GetString(), integrity.GetProperty("intact").GetBoolean()));
        var first = integrity.GetProperty("findings")[0];
        Assert.Equal((2L, "edited"), (first.GetProperty("position").GetInt64(), first.GetProperty("kind").GetString()));
        var rows = report.RootElement.GetProperty("requirements").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("status").GetString());
        Assert.Equal(("fail", "fail", "fail"), (rows["10.3.4"], rows["10.3.2"], rows["10.2.1"]));
    }
}

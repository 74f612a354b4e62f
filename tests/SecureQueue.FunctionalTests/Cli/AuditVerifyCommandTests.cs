using System.Text.Json;
using Npgsql;
using SecureQueue.Cli.Commands;
using SecureQueue.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Cli;

/// <summary><c>secq audit verify</c> over a log a real gateway wrote, with the checkpoints it signed while running and at shutdown.</summary>
public sealed class AuditVerifyCommandTests(ITestOutputHelper log) : IAsyncLifetime
{
    private readonly GatewayWorkspace workspace = new();

    public async Task InitializeAsync()
    {
        await workspace.InitializeAsync();
        var gateway = await GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString,
            settings: new Dictionary<string, string?> { ["SecureQueue:Audit:CheckpointInterval"] = "00:00:00.2" });
        try
        {
            using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
            for (var i = 0; i < 5; i++)
            {
                using var response = await client.JsonAsync("CreateQueue", $$"""{"QueueName":"audited-{{i}}"}""", TestIdentity.Admin);
                Assert.Equal(200, (int)response.StatusCode);
            }

            // Sealing runs behind the writer: the creates are sealed first, then a periodic checkpoint covers them.
            await workspace.Database.WaitSealedAsync();
            await Task.Delay(500);
            using var denied = await client.JsonAsync("ListQueues", "{}", TestIdentity.Sender);
        }
        finally
        {
            await gateway.StopAsync();
        }
    }

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task Verify_LogWrittenByGateway_IntactExit0()
    {
        var (code, output, _) = await VerifyAsync();
        Assert.Equal(AuditCommand.Intact, code);
        Assert.StartsWith("intact: 6 events from position 1 to 6", output, StringComparison.Ordinal);
        Assert.Contains("0 events not sealed yet", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_WritesCheckpointOfTheLastEvent()
    {
        var lines = await File.ReadAllLinesAsync(workspace.Files.CheckpointFile);
        Assert.True(lines.Length >= 2, "one checkpoint while running and one at shutdown");
        using var last = JsonDocument.Parse(lines[^1]);
        Assert.Equal(6, last.RootElement.GetProperty("position").GetInt64());
        Assert.Equal(lines.Length, await workspace.Database.ScalarAsync<long>("select count(*) from checkpoints"));
    }

    [Fact]
    public async Task Verify_Json_ReportsCountsForScripts()
    {
        var (code, output, _) = await VerifyAsync("--json");
        Assert.Equal(AuditCommand.Intact, code);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("intact").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("firstBad").ValueKind);
        Assert.Equal(6, json.RootElement.GetProperty("events").GetInt64());
        Assert.Equal(0, json.RootElement.GetProperty("unsealed").GetInt64());
        Assert.True(json.RootElement.GetProperty("checkpoints").GetProperty("linksChecked").GetInt32() >= 2);
    }

    [Fact]
    public async Task Verify_EditedDecision_Exit1NamesPositionAndKind()
    {
        await using (var connection = new NpgsqlConnection(workspace.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                """
                alter table mt_events disable trigger user;
                update mt_events set data = jsonb_set(data, '{authorization,decision}', '"Allowed"') where seq_id = (select seq_id from seals where position = 6);
                alter table mt_events enable trigger user;
                """, connection);
            await command.ExecuteNonQueryAsync();
        }

        Assert.Equal("Allowed", await workspace.Database.ScalarAsync<string>("select decision from events where position = 6"));
        var (code, output, _) = await VerifyAsync("--json");
        Assert.Equal(AuditCommand.Tampered, code);
        using var json = JsonDocument.Parse(output);
        var first = json.RootElement.GetProperty("firstBad");
        Assert.Equal((6, "edited"), (first.GetProperty("position").GetInt64(), first.GetProperty("kind").GetString()));

        (code, output, _) = await VerifyAsync();
        Assert.Equal(AuditCommand.Tampered, code);
        Assert.StartsWith("TAMPERED at position 6: edited:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_PublicKeyFile_Suffices()
    {
        var publicKey = Path.Combine(workspace.Files.Directory, "checkpoint.pub");
        await File.WriteAllTextAsync(publicKey, Convert.ToBase64String(workspace.Files.CheckpointPublicKey));
        var (code, _, _) = await RunAsync(["verify", "--connection", workspace.Database.ConnectionString, "--checkpoints", workspace.Files.CheckpointFile, "--public-key", publicKey]);
        Assert.Equal(AuditCommand.Intact, code);
    }

    [Theory]
    [InlineData("--from", "0")]
    [InlineData("--from", "x")]
    [InlineData("--unknown", "1")]
    [InlineData("--checkpoints", "/nonexistent/checkpoints.jsonl")]
    public async Task Verify_BadArguments_Exit2(string option, string value)
    {
        var (code, _, error) = await VerifyAsync(option, value);
        Assert.Equal(AuditCommand.UsageError, code);
        Assert.StartsWith("secq audit: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WithoutKey_Exit2()
    {
        var (code, _, error) = await RunAsync(["verify", "--connection", workspace.Database.ConnectionString, "--checkpoints", workspace.Files.CheckpointFile]);
        Assert.Equal(AuditCommand.UsageError, code);
        Assert.Contains("--public-key or --key", error, StringComparison.Ordinal);
    }

    private Task<(int Code, string Output, string Error)> VerifyAsync(params string[] extra) => RunAsync(
        ["verify", "--connection", workspace.Database.ConnectionString, "--checkpoints", workspace.Files.CheckpointFile, "--key", workspace.Files.CheckpointKeyFile, .. extra]);

    private async Task<(int Code, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AuditCommand.RunAsync(args, output, error);
        log.WriteLine($"exit {code}{Environment.NewLine}{output}{error}");
        return (code, output.ToString(), error.ToString());
    }
}

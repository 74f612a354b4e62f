using Microsoft.Extensions.DependencyInjection;
using SecureQueue.Cli.Commands;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.Trail.Exports;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Export;

/// <summary>The continuous export (<c>SecureQueue:Audit:Export:Directory</c>): one replica of several runs it, another takes over when it stops.</summary>
public sealed class ExportServiceTests(ITestOutputHelper log) : IAsyncLifetime
{
    private readonly ExportWorkspace workspace = new();

    public Task InitializeAsync() => workspace.InitializeAsync();

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task TwoReplicas_OneExports_TheOtherTakesOverWhenItStops()
    {
        var directory = workspace.NewDirectory();
        var replicas = await Task.WhenAll(new[] { "replica-a.jsonl", "replica-b.jsonl" }.Select(file => StartAsync(directory, file)));
        var running = replicas.ToList();
        try
        {
            await WaitAsync(() => replicas.Count(r => Export(r).Passes > 0) == 1, "one replica's first pass");
            Assert.Single(replicas, r => Export(r).IsExporter);
            var exporter = replicas.Single(r => Export(r).IsExporter);
            var standby = replicas.Single(r => r != exporter);

            using (var client = new SignedClient(standby.Endpoint, workspace.Gateway.Files.CaFile))
            {
                (await client.JsonAsync("CreateQueue", """{"QueueName":"after-takeover"}""", TestIdentity.Admin)).EnsureSuccessStatusCode();
            }

            await workspace.Gateway.Database.WaitSealedAsync();
            running.Remove(exporter);
            await exporter.StopAsync();
            await WaitAsync(() => Export(standby).IsExporter && Export(standby).Passes > 0, "the standby's takeover");
        }
        finally
        {
            foreach (var replica in running)
            {
                await replica.DisposeAsync();
            }
        }

        var last = await workspace.LastPositionAsync();
        var records = ExportWorkspace.Records(directory);
        Assert.Contains(records, r => r.GetProperty("requestParameters").GetRawText().Contains("after-takeover", StringComparison.Ordinal));
        Assert.Equal(records.Count, records.Select(r => r.GetProperty("eventID").GetString()).Distinct().Count());
        Assert.InRange(records.Count, 1, last);
        var (code, _, _) = await workspace.ValidateAsync(log, directory, "--connection", workspace.Gateway.Database.ConnectionString);
        Assert.Equal(AuditCommand.Intact, code);
    }

    [Theory]
    [InlineData("Directory", "{file}/below-a-file")]
    [InlineData("IntervalSeconds", "5")]
    [InlineData("Format", "parquet")]
    public async Task BadSetting_RefusesToStart(string setting, string value)
    {
        var file = Path.Combine(workspace.Gateway.Files.Directory, "not-a-directory");
        await File.WriteAllTextAsync(file, "x");
        var settings = new Dictionary<string, string?> { [$"{ExportSettings.Section}:Directory"] = workspace.NewDirectory() };
        settings[$"{ExportSettings.Section}:{setting}"] = value.Replace("{file}", file, StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Gateway.Files,
            workspace.Gateway.Database.GatewayConnectionString, settings: settings, configure: b => b.AddAuditExport()));
        Assert.Contains($"{ExportSettings.Section}:{setting}", error.Message, StringComparison.Ordinal);
    }

    private static ExportService Export(GatewayInstance gateway) => gateway.Services.GetRequiredService<ExportService>();

    private Task<GatewayInstance> StartAsync(string directory, string checkpointFile) => GatewayInstance.StartAsync(
        workspace.Gateway.Files, workspace.Gateway.Database.GatewayConnectionString,
        settings: new Dictionary<string, string?>
        {
            ["SecureQueue:Audit:CheckpointFile"] = Path.Combine(workspace.Gateway.Files.Directory, checkpointFile),
            ["SecureQueue:Audit:CheckpointInterval"] = "00:00:00.2",
            [$"{ExportSettings.Section}:Directory"] = directory,
            [$"{ExportSettings.Section}:IntervalSeconds"] = "10",
        },
        configure: b => b.AddAuditExport());

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}

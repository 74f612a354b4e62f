using System.Net;
using Npgsql;
using SecureQueue.FunctionalTests.Deployment;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.Log.Migrations;

namespace SecureQueue.FunctionalTests.Operations;

/// <summary>
/// <c>/readyz</c> when the database server itself stops (a PostgreSQL cluster of the test's own, stopped as a crash
/// stops it) and starts again: not ready while it is down, ready again once it is back, alive throughout, same process.
/// </summary>
public sealed class DatabaseStopTests : IAsyncLifetime
{
    private const string Database = "secq";
    private const string Role = "secq_gateway_stop";
    private readonly GatewayFiles files = GatewayFiles.Create();
    private StandbyPair pair = null!;

    public async Task InitializeAsync()
    {
        pair = await StandbyPair.StartAsync();
        await using (var admin = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={pair.PrimaryPort};Username=postgres;Database=postgres"))
        {
            await admin.CreateCommand($"create database {Database}").ExecuteNonQueryAsync();
        }

        await using var owner = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={pair.PrimaryPort};Username=postgres;Database={Database}");
        await MigrationRunner.ApplyAsync(owner, Role, CancellationToken.None);
        await owner.CreateCommand($"alter role {Role} password 'stop-test'").ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await pair.DisposeAsync();
        Directory.Delete(files.Directory, recursive: true);
    }

    [Fact]
    public async Task Readyz_DatabaseServerStoppedThenStarted_TurnsFalseThenTrue()
    {
        var opsPort = TestPorts.Next();
        using var gateway = await GatewayProcess.StartAsync(
            files, $"Host=127.0.0.1;Port={pair.PrimaryPort};Database={Database};Username={Role};Password=stop-test", TestPorts.Next(),
            new Dictionary<string, string?> { ["SecureQueue__Ops__Url"] = $"http://127.0.0.1:{opsPort}" });
        using var ops = new OpsClient(new Uri($"http://127.0.0.1:{opsPort}/"), null);
        await ops.WaitReadyAsync(HttpStatusCode.OK);

        await pair.StopPrimaryAsync();
        var down = await ops.WaitReadyAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", down.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.DoesNotContain("stop-test", down.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await ops.HealthAsync("/healthz")).Status);

        await pair.StartPrimaryAsync();
        await ops.WaitReadyAsync(HttpStatusCode.OK);
        using var client = new SignedClient(gateway.Endpoint, files.CaFile);
        using var listed = await client.JsonAsync("ListQueues", "{}", TestIdentity.Admin);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
    }
}

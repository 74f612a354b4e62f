using System.Net;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Operations;

/// <summary>
/// <c>/healthz</c> and <c>/readyz</c> of a real <c>secq serve</c>: ready with every check passing; not ready while the
/// database refuses the gateway's role or has lost its schema record, ready again once either is put back; alive throughout.
/// </summary>
public sealed class HealthEndpointTests(GatewayWorkspace workspace) : IClassFixture<GatewayWorkspace>
{
    [Fact]
    public async Task Readyz_DatabaseUnreachableThenBack_TurnsFalseThenTrue()
    {
        using var started = await OpsGateway.StartAsync(workspace);
        var ops = started.Ops;
        var ready = await ops.WaitReadyAsync(HttpStatusCode.OK);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        foreach (var check in new[] { "database", "keyring", "writer", "sealing_lag" })
        {
            Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
        }

        var database = workspace.Database;
        await TestDatabase.ExecuteAsync(database.ConnectionString, $"revoke connect on database {database.Name} from public, {database.GatewayRole}");
        await TestDatabase.ExecuteAsync(database.ConnectionString, $"select pg_terminate_backend(pid) from pg_stat_activity where usename = '{database.GatewayRole}'");
        var down = await ops.WaitReadyAsync(HttpStatusCode.ServiceUnavailable);
        var reason = down.GetProperty("checks").GetProperty("database");
        Assert.Equal("Unhealthy", reason.GetProperty("status").GetString());
        Assert.Contains("SQLSTATE", reason.GetProperty("description").GetString());
        Assert.DoesNotContain(new Npgsql.NpgsqlConnectionStringBuilder(database.GatewayConnectionString).Password!, down.ToString());

        var (alive, _) = await ops.HealthAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, alive);

        await TestDatabase.ExecuteAsync(database.ConnectionString, $"grant connect on database {database.Name} to {database.GatewayRole}");
        await ops.WaitReadyAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Readyz_SchemaRecordGoneThenBack_TurnsFalseThenTrue()
    {
        using var started = await OpsGateway.StartAsync(workspace);
        var ops = started.Ops;
        await ops.WaitReadyAsync(HttpStatusCode.OK);
        await TestDatabase.ExecuteAsync(workspace.Database.ConnectionString, "alter table schema_migrations rename to schema_migrations_away");
        try
        {
            var down = await ops.WaitReadyAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Contains("schema", down.GetProperty("checks").GetProperty("database").GetProperty("description").GetString());
        }
        finally
        {
            await TestDatabase.ExecuteAsync(workspace.Database.ConnectionString, "alter table schema_migrations_away rename to schema_migrations");
        }

        await ops.WaitReadyAsync(HttpStatusCode.OK);
    }
}

using System.Globalization;
using Microsoft.Extensions.Logging;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Hosting;

/// <summary>
/// The gateway serves only a database <c>secq db migrate</c> prepared for this build, and only as a role that cannot
/// rewrite the log: anything else stops start-up with a message naming the fix.
/// </summary>
public sealed class DatabaseRoleTests : IAsyncLifetime
{
    private readonly GatewayWorkspace workspace = new();

    public Task InitializeAsync() => workspace.InitializeAsync();

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task ServeAsSuperuser_Refused()
    {
        var (exitCode, error) = await GatewayProcess.RunUntilRefusedAsync(workspace.Files, workspace.Database.ConnectionString,
            new Dictionary<string, string?>(), $"--urls=https://127.0.0.1:{TestPorts.Next()}");

        Assert.Equal(2, exitCode);
        Assert.Contains("is a superuser", error, StringComparison.Ordinal);
        Assert.Contains("can UPDATE mt_events", error, StringComparison.Ordinal);
        Assert.Contains("secq db migrate --gateway-role", error, StringComparison.Ordinal);
        Assert.Contains("SecureQueue:AllowOwnerRole", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsOwnerWithAllowOwnerRole_StartsWithWarning()
    {
        using var logs = new LogCapture();
        await using var gateway = await GatewayInstance.StartAsync(workspace.Files, workspace.Database.ConnectionString,
            settings: new Dictionary<string, string?> { ["SecureQueue:AllowOwnerRole"] = "true" },
            configure: builder => builder.Logging.AddProvider(logs));

        using var client = new SignedClient(gateway.Endpoint, workspace.Files.CaFile);
        using var response = await client.JsonAsync("ListQueues", "{}", TestIdentity.Admin);
        Assert.True(response.IsSuccessStatusCode);
        var warning = Assert.Single(logs.Entries, e => e.Id.Id == 1201);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("is a superuser", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsOwnerWithAllowOwnerRoleFalse_Refused()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.ConnectionString,
            settings: new Dictionary<string, string?> { ["SecureQueue:AllowOwnerRole"] = "false" }));
        Assert.Contains("the log would not be append-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartOnUnmigratedDatabase_RefusedNamingDbMigrate()
    {
        await using var empty = await TestDatabase.CreateAsync(migrate: false);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, empty.GatewayConnectionString));
        Assert.Contains("no SecureQueue schema", error.Message, StringComparison.Ordinal);
        Assert.Contains("secq db migrate", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await empty.ScalarAsync<long>("select count(*) from pg_tables where schemaname = 'public'"));
    }

    [Theory]
    [InlineData("drop table schema_migrations", "earlier layout")] // our tables without a version record, as a pre-release gateway left them
    [InlineData("delete from schema_migrations where version = '102_queues'", "behind this build (missing 102_queues)")]
    [InlineData("insert into schema_migrations (version) values ('001_log')", "earlier SecureQueue log")]
    [InlineData("insert into schema_migrations (version) values ('999_future')", "does not know (999_future)")]
    [InlineData("revoke insert on mt_events from {0}", "lacks INSERT on mt_events")]
    public async Task StartOnSchemaNotThisBuilds_RefusedNamingDbMigrate(string ownerSql, string expected)
    {
        await TestDatabase.ExecuteAsync(workspace.Database.ConnectionString, string.Format(CultureInfo.InvariantCulture, ownerSql, workspace.Database.GatewayRole));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayInstance.StartAsync(workspace.Files, workspace.Database.GatewayConnectionString));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("secq db migrate", error.Message, StringComparison.Ordinal);
    }
}

using SecureQueue.Cli.Commands;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Cli;

/// <summary><c>secq db migrate</c>: exit codes, idempotence, and a database a gateway then serves as the granted role.</summary>
public sealed class DbCommandTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private GatewayFiles files = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(migrate: false);
        files = GatewayFiles.Create();
    }

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        Directory.Delete(files.Directory, recursive: true);
    }

    [Fact]
    public async Task Migrate_Twice_IdempotentAndTheGatewayServes()
    {
        var (first, firstOutput, _) = await MigrateAsync("--connection", database.ConnectionString, "--gateway-role", database.GatewayRole);
        var (second, secondOutput, _) = await MigrateAsync("--connection", database.ConnectionString, "--gateway-role", database.GatewayRole);

        Assert.Equal(0, first);
        Assert.Contains("applied 100_marten_events, 101_log", firstOutput, StringComparison.Ordinal);
        Assert.Equal(0, second);
        Assert.Contains("schema already at", secondOutput, StringComparison.Ordinal);
        Assert.Contains($"role {database.GatewayRole} exists", secondOutput, StringComparison.Ordinal);
        Assert.Equal((long)SecureQueue.Log.Migrations.MigrationRunner.Versions.Count, await database.ScalarAsync<long>("select count(*) from schema_migrations"));

        await using var gateway = await GatewayInstance.StartAsync(files, database.GatewayConnectionString);
        using var client = new SignedClient(gateway.Endpoint, files.CaFile);
        using var response = await client.JsonAsync("CreateQueue", """{"QueueName":"migrated"}""", TestIdentity.Admin);
        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Migrate_OldLayout_ExitsOneNamingIt()
    {
        Assert.Equal(0, (await MigrateAsync("--connection", database.ConnectionString, "--gateway-role", database.GatewayRole)).ExitCode);
        await TestDatabase.ExecuteAsync(database.ConnectionString, "drop table schema_migrations");

        var (exitCode, _, error) = await MigrateAsync("--connection", database.ConnectionString, "--gateway-role", database.GatewayRole);
        Assert.Equal(1, exitCode);
        Assert.Contains("earlier layout", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("--gateway-role", "secq_gateway")]
    [InlineData("--connection")]
    [InlineData("--connection", "Host=127.0.0.1", "--gateway-role", "Robert'); drop table events;--")]
    [InlineData("--connection", "Host=127.0.0.1", "--verbose")]
    public async Task Migrate_BadArguments_ExitsTwoWithUsage(params string[] arguments)
    {
        var (exitCode, _, error) = await MigrateAsync(arguments);
        Assert.Equal(2, exitCode);
        Assert.StartsWith("secq db", error, StringComparison.Ordinal);
        // The usage line names the executable (secq, or the test host here), then the command path.
        Assert.Contains(" db migrate [options]", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_Unreachable_ExitsOneWithoutThePassword()
    {
        var (exitCode, _, error) = await MigrateAsync("--connection", $"Host=127.0.0.1;Port={TestPorts.Next()};Username=x;Password=hunter2secret;Timeout=2");
        Assert.Equal(1, exitCode);
        Assert.DoesNotContain("hunter2secret", error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> MigrateAsync(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await DbCommand.RunAsync(["migrate", .. arguments], output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}

using Npgsql;
using SecureQueue.Storage.Migrations;

namespace SecureQueue.Storage.Tests.Migrations;

/// <summary>What the role <c>secq db migrate</c> grants can and cannot do: append events, never change or unprotect them.</summary>
public sealed class GatewayRoleTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Theory]
    [InlineData("update events set action = 'x'")]
    [InlineData("delete from events")]
    [InlineData("truncate events")]
    [InlineData("alter table events add column note text")]
    [InlineData("alter table events disable trigger events_no_update")]
    [InlineData("alter table events disable trigger all")]
    [InlineData("create trigger t before insert on events for each row execute function events_append_only()")]
    [InlineData("drop trigger events_no_truncate on events")]
    [InlineData("drop table events")]
    [InlineData("create table events_copy (id int)")]
    public async Task GatewayRole_ChangesToEventsOrSchema_PermissionDenied(string sql)
    {
        await AppendAsGatewayAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(() => TestDatabase.ExecuteAsync(database.GatewayConnectionString, sql));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task GatewayRole_SetSessionReplicationRole_PermissionDenied()
    {
        // Replica mode would skip the append-only triggers; only a superuser may enter it.
        var error = await Assert.ThrowsAsync<PostgresException>(() => TestDatabase.ExecuteAsync(database.GatewayConnectionString, "set session_replication_role = replica"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task ExcessPrivileges_GatewayRole_None()
    {
        await using var connection = new NpgsqlConnection(database.GatewayConnectionString);
        await connection.OpenAsync();
        await SchemaCheck.VerifySchemaAsync(connection, CancellationToken.None);
        Assert.Empty(await SchemaCheck.ExcessPrivilegesAsync(connection, CancellationToken.None));
    }

    [Fact]
    public async Task ExcessPrivileges_Owner_ListsEveryWayToRewriteEventsAndCheckpoints()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var excess = await SchemaCheck.ExcessPrivilegesAsync(connection, CancellationToken.None);
        Assert.Equal(
            [
                "is a superuser",
                "owns events (or is a member of its owner)", "can UPDATE events", "can DELETE from events", "can TRUNCATE events", "can create triggers on events",
                "owns checkpoints (or is a member of its owner)", "can UPDATE checkpoints", "can DELETE from checkpoints", "can TRUNCATE checkpoints", "can create triggers on checkpoints",
            ],
            excess);
    }

    [Fact]
    public async Task ApplyAsync_Twice_NothingAppliedAndGrantsUnchanged()
    {
        var before = await GrantsAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var again = await MigrationRunner.ApplyAsync(dataSource, database.GatewayRole, CancellationToken.None);

        Assert.Empty(again.Applied);
        Assert.False(again.RoleCreated);
        Assert.Equal(MigrationRunner.Versions[^1], again.Version);
        Assert.Equal(before, await GrantsAsync());
        Assert.Contains("events:INSERT", before);
        Assert.DoesNotContain("events:UPDATE", before);
    }

    [Fact]
    public async Task ApplyAsync_PrivilegeGrantedByHand_Revoked()
    {
        await TestDatabase.ExecuteAsync(database.ConnectionString, $"grant update, delete, truncate, trigger on events to {database.GatewayRole}");
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await MigrationRunner.ApplyAsync(dataSource, database.GatewayRole, CancellationToken.None);

        var events = (await GrantsAsync()).Where(g => g.StartsWith("events:", StringComparison.Ordinal));
        Assert.Equal(["events:INSERT", "events:SELECT"], events);
    }

    [Fact]
    public async Task ApplyAsync_OldLayoutWithoutVersionRecord_RefusedAndUntouched()
    {
        await TestDatabase.ExecuteAsync(database.ConnectionString, "drop table schema_migrations");
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MigrationRunner.ApplyAsync(dataSource, database.GatewayRole, CancellationToken.None));

        Assert.Contains("earlier layout", error.Message, StringComparison.Ordinal);
        Assert.Contains("secq db migrate", error.Message, StringComparison.Ordinal);
        Assert.True(await database.ScalarAsync<bool>("select to_regclass('schema_migrations') is null"));
    }

    [Fact]
    public async Task ApplyAsync_SuperuserAsGatewayRole_Refused()
    {
        var superuser = new NpgsqlConnectionStringBuilder(database.ConnectionString).Username!;
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MigrationRunner.ApplyAsync(dataSource, superuser, CancellationToken.None));
        Assert.Contains("cannot be the gateway's least-privilege role", error.Message, StringComparison.Ordinal);
    }

    private async Task AppendAsGatewayAsync() => await TestDatabase.ExecuteAsync(database.GatewayConnectionString, """
        insert into events (position, recorded_at, event_type, action, request_id, data, prev_hash, hash)
        values (1, now(), 'Tested', 'Test', gen_random_uuid(), '\x00', '\x00', '\x00')
        """);

    private async Task<List<string>> GrantsAsync() => (await database.RowsAsync($"""
        select table_name || ':' || privilege_type from information_schema.role_table_grants
        where grantee = '{database.GatewayRole}' order by 1
        """)).Select(r => (string)r[0]!).ToList();
}

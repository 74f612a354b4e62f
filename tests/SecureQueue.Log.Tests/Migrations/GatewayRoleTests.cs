using Npgsql;
using SecureQueue.Log.Migrations;

namespace SecureQueue.Log.Tests.Migrations;

/// <summary>What the role <c>secq db migrate</c> grants can and cannot do: append events, never change or unprotect them.</summary>
public sealed class GatewayRoleTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Theory]
    [InlineData("update mt_events set type = 'x'")]
    [InlineData("delete from mt_events")]
    [InlineData("truncate mt_events")]
    [InlineData("alter table mt_events add column note text")]
    [InlineData("alter table mt_events disable trigger mt_events_no_update")]
    [InlineData("alter table mt_events disable trigger all")]
    [InlineData("create trigger t before insert on mt_events for each row execute function append_only()")]
    [InlineData("drop trigger mt_events_no_truncate on mt_events")]
    [InlineData("drop table mt_events")]
    [InlineData("update seals set hash = sha256(hash)")]
    [InlineData("delete from seals")]
    [InlineData("truncate seals")]
    [InlineData("alter table seals disable trigger user")]
    [InlineData("drop table seals")]
    [InlineData("delete from mt_streams")]
    [InlineData("truncate mt_streams")]
    [InlineData("alter table mt_streams disable trigger mt_streams_no_delete")]
    [InlineData("select setval('mt_events_sequence', 1)")]
    [InlineData("create or replace function append_only() returns trigger language plpgsql as $$ begin return new; end $$")]
    [InlineData("create or replace view events as select 1 as position")]
    [InlineData("create table events_copy (id int)")]
    [InlineData("alter table queue_messages disable trigger queue_messages_count_deleted")]
    [InlineData("update queue_message_counts set messages = 0")]
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
    public async Task ExcessPrivileges_Owner_ListsEveryWayToRewriteTheLogSealsAndCheckpoints()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var excess = await SchemaCheck.ExcessPrivilegesAsync(connection, CancellationToken.None);
        Assert.Equal(
            [
                "is a superuser",
                "owns mt_events (or is a member of its owner)", "can UPDATE mt_events", "can DELETE from mt_events", "can TRUNCATE mt_events", "can create triggers on mt_events",
                "owns mt_streams (or is a member of its owner)", "can DELETE from mt_streams", "can TRUNCATE mt_streams", "can create triggers on mt_streams",
                "owns seals (or is a member of its owner)", "can UPDATE seals", "can DELETE from seals", "can TRUNCATE seals", "can create triggers on seals",
                "owns event_lookup (or is a member of its owner)", "can UPDATE event_lookup", "can DELETE from event_lookup", "can TRUNCATE event_lookup", "can create triggers on event_lookup",
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
        Assert.Contains("mt_events:INSERT", before);
        Assert.DoesNotContain("mt_events:UPDATE", before);
        Assert.DoesNotContain("mt_events:DELETE", before);
        Assert.Contains("mt_streams:UPDATE", before);
        Assert.DoesNotContain("mt_streams:DELETE", before);
        Assert.Contains("seals:INSERT", before);
        Assert.DoesNotContain("seals:UPDATE", before);
    }

    [Fact]
    public async Task ApplyAsync_PrivilegeGrantedByHand_Revoked()
    {
        foreach (var table in new[] { "mt_events", "mt_streams", "seals" })
        {
            await TestDatabase.ExecuteAsync(database.ConnectionString, $"grant update, delete, truncate, trigger on {table} to {database.GatewayRole}");
        }

        await TestDatabase.ExecuteAsync(database.ConnectionString, $"grant update on sequence mt_events_sequence to {database.GatewayRole}");
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await MigrationRunner.ApplyAsync(dataSource, database.GatewayRole, CancellationToken.None);

        var grants = await GrantsAsync();
        Assert.Equal(["mt_events:INSERT", "mt_events:SELECT"], grants.Where(g => g.StartsWith("mt_events:", StringComparison.Ordinal)));
        Assert.Equal(["mt_streams:INSERT", "mt_streams:SELECT", "mt_streams:UPDATE"], grants.Where(g => g.StartsWith("mt_streams:", StringComparison.Ordinal)));
        Assert.Equal(["seals:INSERT", "seals:SELECT"], grants.Where(g => g.StartsWith("seals:", StringComparison.Ordinal)));
        Assert.False(await database.ScalarAsync<bool>($"select has_sequence_privilege('{database.GatewayRole}', 'mt_events_sequence', 'UPDATE')"));
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
    public async Task ApplyAsync_HandWrittenLogOfTheEarlierRelease_RefusedAndUntouched()
    {
        var earlier = await TestDatabase.CreateAsync(migrate: false);
        try
        {
            await TestDatabase.ExecuteAsync(earlier.ConnectionString, """
                create table schema_migrations (version text primary key, applied_at timestamptz not null default now());
                insert into schema_migrations (version) values ('001_log'), ('002_queues'), ('003_decision'), ('004_tx_id'), ('005_data_keys'), ('006_checkpoints');
                create table log_head (id int primary key, last_position bigint not null, last_hash bytea not null);
                create table events (position bigint primary key, data bytea not null);
                """);
            await using var dataSource = NpgsqlDataSource.Create(earlier.ConnectionString);
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MigrationRunner.ApplyAsync(dataSource, earlier.GatewayRole, CancellationToken.None));
            Assert.Contains("earlier SecureQueue log", error.Message, StringComparison.Ordinal);
            Assert.True(await earlier.ScalarAsync<bool>("select to_regclass('mt_events') is null"));
            Assert.Equal(6L, await earlier.ScalarAsync<long>("select count(*) from schema_migrations"));

            await using var connection = await dataSource.OpenConnectionAsync();
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => SchemaCheck.VerifySchemaAsync(connection, CancellationToken.None));
            Assert.Contains("earlier SecureQueue log", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            await earlier.DisposeAsync();
        }
    }

    [Fact]
    public async Task ApplyAsync_VersionOfANewerBuild_Refused()
    {
        await TestDatabase.ExecuteAsync(database.ConnectionString, "insert into schema_migrations (version) values ('104_future')");
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MigrationRunner.ApplyAsync(dataSource, database.GatewayRole, CancellationToken.None));
        Assert.Contains("104_future", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Versions_MartenSchemaFirstThenTheScriptsBuildingOnIt() =>
        Assert.Equal(["100_marten_events", "101_log", "102_queues", "103_checkpoints", "104_trail", "105_lookup", "106_regions", "107_fifo", "108_move_tasks", "109_event_attachments", "110_events_inline", "111_event_lookup", "112_event_lookup_key", "113_event_lookup_time", "114_expect_rows", "115_send_event", "116_message_counts", "117_no_jit", "118_batched_purge"], MigrationRunner.Versions);

    [Fact]
    public async Task ApplyAsync_MessagesFromBeforeCounts_CountedOnce()
    {
        // The database as 115_send_event left it, holding messages in two queues.
        await TestDatabase.ExecuteAsync(database.ConnectionString, """
            delete from schema_migrations where version = '116_message_counts';
            drop function secq_queue_counts, secq_total_counts, secq_not_visible;
            drop table queue_message_counts;
            drop trigger queue_messages_count_inserted on queue_messages;
            drop trigger queue_messages_count_deleted on queue_messages;
            drop trigger queue_messages_count_truncated on queue_messages;
            drop function secq_count_inserted_messages, secq_count_deleted_messages, secq_count_truncated_messages;
            insert into queue_messages (queue_id, position, idx, message_id, event_id, key_id, sent_at, visible_at, expires_at)
            select 1 + g % 2, g, 0, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), now(), now(), now() + interval '1 day'
            from generate_series(1, 7) g;
            """);
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);

        var result = await MigrationRunner.ApplyAsync(dataSource, database.GatewayRole, CancellationToken.None);

        Assert.Equal(["116_message_counts"], result.Applied);
        Assert.Equal(3L, await database.ScalarAsync<long>("select visible from secq_queue_counts(1, now())"));
        Assert.Equal(4L, await database.ScalarAsync<long>("select visible from secq_queue_counts(2, now())"));
        Assert.Equal(7L, await database.ScalarAsync<long>("select visible from secq_total_counts(now())"));
    }

    [Fact]
    public async Task ApplyAsync_QueuesFromBeforeRegions_RefusedAndUntouched()
    {
        // The database as 105_lookup left it, holding one queue: which region that queue belongs to is not known.
        await TestDatabase.ExecuteAsync(database.ConnectionString, """
            delete from schema_migrations where version = '106_regions';
            drop index queues_live_name;
            drop index queues_deleted_name;
            alter table queues drop column region;
            create unique index queues_live_name on queues (account_id, name) where deleted_at is null;
            insert into queues (account_id, name, attributes, created_at, last_modified_at) values ('000000000000', 'old', '{}', now(), now());
            """);
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);

        var error = await Assert.ThrowsAsync<PostgresException>(() => MigrationRunner.ApplyAsync(dataSource, database.GatewayRole, CancellationToken.None));

        Assert.Contains("created before regions were served", error.MessageText, StringComparison.Ordinal);
        Assert.True(await database.ScalarAsync<bool>("select not exists (select 1 from information_schema.columns where table_name = 'queues' and column_name = 'region')"));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from schema_migrations where version = '106_regions'"));
    }

    [Fact]
    public async Task ApplyAsync_SuperuserAsGatewayRole_Refused()
    {
        var superuser = new NpgsqlConnectionStringBuilder(database.ConnectionString).Username!;
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MigrationRunner.ApplyAsync(dataSource, superuser, CancellationToken.None));
        Assert.Contains("cannot be the gateway's least-privilege role", error.Message, StringComparison.Ordinal);
    }

    /// <summary>What a gateway's writer and sealer do: a stream, an event in it, and its seal.</summary>
    private async Task AppendAsGatewayAsync() => await TestDatabase.ExecuteAsync(database.GatewayConnectionString, """
        insert into mt_streams (id, version) values ('calls@test', 1);
        insert into mt_events (seq_id, id, stream_id, version, data, type) values (nextval('mt_events_sequence'), gen_random_uuid(), 'calls@test', 1, '{}', 'tested');
        update mt_streams set version = 2 where id = 'calls@test';
        insert into seals (position, seq_id, tx_id, prev_hash, hash) select 1, seq_id, tx_id, '\x00', '\x00' from mt_events;
        """);

    private async Task<List<string>> GrantsAsync() => (await database.RowsAsync($"""
        select table_name || ':' || privilege_type from information_schema.role_table_grants
        where grantee = '{database.GatewayRole}' order by 1
        """)).Select(r => (string)r[0]!).ToList();
}

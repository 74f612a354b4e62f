using Npgsql;
using SecureQueue.Log.Events;

namespace SecureQueue.Log.Migrations;

/// <summary>What <c>secq db migrate</c> did: the migrations it applied, the schema version now, whether it created the role.</summary>
public sealed record MigrationResult(IReadOnlyList<string> Applied, string Version, bool RoleCreated);

/// <summary>
/// Applies Marten's schema and then the embedded <c>NNN_name.sql</c> scripts in order, once each, then creates the gateway's role if missing and
/// grants it exactly <see cref="GatewayGrants"/>; all in one transaction, as the owner role (<c>secq db migrate</c>).
/// </summary>
public static class MigrationRunner
{
    // Any constant works; it only has to be the same for every migration starting at once on one database.
    private const long AdvisoryLockKey = 0x5345_4351_4D49_47;

    /// <summary>The versions this build expects, in the order they apply: Marten's schema, then the scripts that build on it.</summary>
    public static IReadOnlyList<string> Versions { get; } = [EventStore.SchemaVersion, .. Scripts().Select(s => s.Version)];

    public static async Task<MigrationResult> ApplyAsync(NpgsqlDataSource dataSource, string gatewayRole, CancellationToken cancellationToken)
    {
        GatewayRole.Validate(gatewayRole);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"select pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        var state = await SchemaState.ReadAsync(connection, cancellationToken);
        state.ThrowIfForeign(Versions);
        await ExecuteAsync(connection,
            $"create table if not exists {SchemaState.VersionTable} (version text primary key, applied_at timestamptz not null default now())",
            cancellationToken);

        var pending = state.Pending(Versions);
        IEnumerable<(string Version, string Sql)> marten = [(EventStore.SchemaVersion, EventStore.SchemaScript(dataSource))];
        foreach (var (version, sql) in marten.Concat(Scripts()).Where(s => pending.Contains(s.Version)))
        {
            await ExecuteAsync(connection, sql, cancellationToken);
            await using var record = connection.Command($"insert into {SchemaState.VersionTable} (version) values ($1)", version);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        var created = await GatewayRole.EnsureAsync(connection, gatewayRole, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new MigrationResult(pending, Versions[^1], created);
    }

    private static IEnumerable<(string Version, string Sql)> Scripts()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        const string prefix = "SecureQueue.Log.Migrations.";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name[prefix.Length..^".sql".Length], reader.ReadToEnd());
        }
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

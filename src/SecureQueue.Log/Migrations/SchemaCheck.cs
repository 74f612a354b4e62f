using Npgsql;

namespace SecureQueue.Log.Migrations;

/// <summary>
/// What the gateway verifies before it serves: the schema is exactly this build's, its role holds every grant it needs,
/// and nothing that would let it rewrite the log. The gateway never migrates; <c>secq db migrate</c> does, as the owner.
/// </summary>
public static class SchemaCheck
{
    private const string Fix = "run `secq db migrate --connection <owner connection> --gateway-role <gateway role>` as the tables' owner";

    /// <summary>Throws, naming the fix, when the schema is missing, behind, foreign, or the role lacks a grant it needs.</summary>
    public static async Task VerifySchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        SchemaState state;
        try
        {
            state = await SchemaState.ReadAsync(connection, cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new InvalidOperationException($"The gateway's database role cannot read the schema version ({exception.MessageText}): {Fix}.", exception);
        }

        state.ThrowIfForeign(MigrationRunner.Versions);
        if (!state.HasVersionTable)
        {
            throw new InvalidOperationException($"The database has no SecureQueue schema, and the gateway does not create one: {Fix}.");
        }

        var pending = state.Pending(MigrationRunner.Versions);
        if (pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database's schema is behind this build (missing {string.Join(", ", pending)}): {Fix}.");
        }

        var missing = await MissingGrantsAsync(connection, cancellationToken);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"The gateway's database role lacks {string.Join(", ", missing)}: {Fix}.");
        }
    }

    /// <summary>
    /// Every way the connected role could change or remove what is already in an append-only table (or remove rows
    /// from one that keeps them): empty for a least-privilege role.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ExcessPrivilegesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var excess = new List<string>();
        await using (var superuser = connection.Command("select rolsuper from pg_roles where rolname = current_user"))
        {
            if ((bool)(await superuser.ExecuteScalarAsync(cancellationToken))!)
            {
                excess.Add("is a superuser");
            }
        }

        foreach (var (table, canUpdate) in GatewayGrants.Tables.Where(g => g.AppendOnly || g.KeepsRows).Select(g => (g.Table, g.KeepsRows)))
        {
            await using var command = connection.Command("""
                select pg_has_role(current_user, c.relowner, 'MEMBER'), has_table_privilege(c.oid, 'UPDATE'),
                       has_table_privilege(c.oid, 'DELETE'), has_table_privilege(c.oid, 'TRUNCATE'), has_table_privilege(c.oid, 'TRIGGER')
                from pg_class c where c.oid = to_regclass($1)
                """, table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            string[] kinds = [$"owns {table} (or is a member of its owner)", $"can UPDATE {table}", $"can DELETE from {table}", $"can TRUNCATE {table}", $"can create triggers on {table}"];
            excess.AddRange(kinds.Where((_, i) => reader.GetBoolean(i) && !(canUpdate && i == 1)));
        }

        return excess;
    }

    private static async Task<IReadOnlyList<string>> MissingGrantsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var pairs = GatewayGrants.Tables
            .SelectMany(g => g.Privileges.Split(',', StringSplitOptions.TrimEntries).Select(p => (g.Table, Privilege: p.ToUpperInvariant())))
            .ToList();
        await using var command = connection.Command(
            "select p || ' on ' || t from unnest($1::text[], $2::text[]) as g(t, p) where not has_table_privilege(t, p)",
            pairs.Select(p => p.Table).ToArray(), pairs.Select(p => p.Privilege).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var missing = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            missing.Add(reader.GetString(0));
        }

        return missing;
    }
}

using System.Text.RegularExpressions;
using Npgsql;

namespace SecureQueue.Log.Migrations;

/// <summary>
/// The gateway's login role: created if missing, then given exactly <see cref="GatewayGrants"/> and nothing else. Runs
/// inside the migration's transaction, as the owner of the tables.
/// </summary>
internal static partial class GatewayRole
{
    public static void Validate(string role)
    {
        if (!RoleName().IsMatch(role))
        {
            throw new ArgumentException($"'{role}' is not a usable role name: lower-case letters, digits and _, starting with a letter or _, at most 63.", nameof(role));
        }
    }

    /// <summary>Creates the role if missing and grants it; true when this call created it.</summary>
    public static async Task<bool> EnsureAsync(NpgsqlConnection connection, string role, CancellationToken cancellationToken)
    {
        bool existed;
        await using (var exists = connection.Command("select exists (select from pg_roles where rolname = $1)", role))
        {
            existed = (bool)(await exists.ExecuteScalarAsync(cancellationToken))!;
        }

        // Only when missing: an owner without CREATEROLE can still grant to a role an administrator made. Role names are
        // cluster-wide, so another database's migration may create the same role at the same moment; the loser waits
        // for the winner's commit and then sees duplicate_object or unique_violation, which means "exists".
        var quoted = Quote(role);
        if (!existed)
        {
            await MigrationRunner.ExecuteAsync(connection, $"""
                do $$ begin
                    create role {quoted} login nosuperuser nocreatedb nocreaterole noreplication nobypassrls;
                exception when duplicate_object or unique_violation then null;
                end $$
                """, cancellationToken);
        }

        await RefuseIfPrivilegedAsync(connection, role, cancellationToken);
        await GrantAsync(connection, quoted, cancellationToken);
        return !existed;
    }

    /// <summary>A role that is a superuser or holds the tables' owner would make every grant below meaningless.</summary>
    private static async Task RefuseIfPrivilegedAsync(NpgsqlConnection connection, string role, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("""
            select r.rolsuper, coalesce(bool_or(pg_has_role(r.oid, c.relowner, 'MEMBER')), false)
            from pg_roles r left join pg_class c on c.oid = any (array(select to_regclass(t) from unnest($2::text[]) as t))
            where r.rolname = $1
            group by r.rolsuper
            """, role, GatewayGrants.Tables.Select(g => g.Table).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (reader.GetBoolean(0) || reader.GetBoolean(1))
        {
            throw new InvalidOperationException(
                $"Role '{role}' is a superuser or owns SecureQueue's tables (or is a member of their owner): it cannot be the gateway's " +
                "least-privilege role. Name a role only the gateway uses (--gateway-role NAME; default " + GatewayGrants.DefaultRole + ").");
        }
    }

    private static async Task GrantAsync(NpgsqlConnection connection, string quotedRole, CancellationToken cancellationToken)
    {
        var statements = new List<string>();
        await using (var names = connection.Command("""
            select quote_ident(current_database()),
                   array(select distinct c.relnamespace::regnamespace::text from pg_class c
                         where c.oid = any (array(select to_regclass(t) from unnest($1::text[]) as t)))
            """, (object)GatewayGrants.Tables.Select(g => g.Table).ToArray()))
        await using (var reader = await names.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            statements.Add($"grant connect on database {reader.GetString(0)} to {quotedRole}");
            statements.AddRange(reader.GetFieldValue<string[]>(1).Select(schema => $"grant usage on schema {schema} to {quotedRole}"));
        }

        // Revoke first, so a privilege removed from the list (or granted by hand) does not outlive the next migrate.
        foreach (var grant in GatewayGrants.Tables)
        {
            statements.Add($"revoke all on table {grant.Table} from public, {quotedRole}");
            statements.Add($"grant {grant.Privileges} on table {grant.Table} to {quotedRole}");
        }

        foreach (var sequence in GatewayGrants.Sequences)
        {
            statements.Add($"revoke all on sequence {sequence} from public, {quotedRole}");
            statements.Add($"grant usage on sequence {sequence} to {quotedRole}");
        }

        foreach (var statement in statements)
        {
            await MigrationRunner.ExecuteAsync(connection, statement, cancellationToken);
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // Lower case only: an unquoted name in an operator's psql session then means the same role.
    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}\\z")]
    private static partial Regex RoleName();
}

using Npgsql;
using SecureQueue.Log.Migrations;

namespace SecureQueue.Cli.Commands;

/// <summary>
/// <c>secq db migrate --connection CS [--gateway-role NAME]</c>: applies the schema as the owner role and creates (if
/// missing) and grants the gateway's least-privilege role. Exit codes: 0 done (also when nothing was left to do),
/// 1 refused or failed, 2 usage.
/// </summary>
internal static class DbCommand
{
    private const int Ok = 0;
    private const int Failed = 1;
    private const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args is not ["migrate", .. var rest])
        {
            return args is [] or ["--help" or "-h" or "help"] ? PrintUsage(output, Ok) : Fail(error, $"unknown db command '{args[0]}'");
        }

        string? connection = null;
        var role = GatewayGrants.DefaultRole;
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "--connection" when i + 1 < rest.Length:
                    connection = rest[++i];
                    break;
                case "--gateway-role" when i + 1 < rest.Length:
                    role = rest[++i];
                    break;
                default:
                    return Fail(error, $"unexpected argument '{rest[i]}'");
            }
        }

        if (string.IsNullOrWhiteSpace(connection))
        {
            return Fail(error, "--connection is required (the owner role's connection string; a password may come from PGPASSWORD or a passfile)");
        }

        return await MigrateAsync(connection, role, output, error);
    }

    private static async Task<int> MigrateAsync(string connection, string role, TextWriter output, TextWriter error)
    {
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connection);
            var result = await MigrationRunner.ApplyAsync(dataSource, role, CancellationToken.None);
            output.WriteLine(result.Applied.Count == 0
                ? $"schema already at {result.Version}"
                : $"applied {string.Join(", ", result.Applied)}; schema at {result.Version}");
            output.WriteLine(result.RoleCreated
                ? $"created role {role} (LOGIN, no password yet: give it one, or another authentication, before the gateway connects as it)"
                : $"role {role} exists");
            output.WriteLine($"granted {role}: " + string.Join("; ", GatewayGrants.Tables.Select(g => $"{g.Table} {g.Privileges}")));
            return Ok;
        }
        catch (ArgumentException exception)
        {
            // An unusable role name, or a connection string Npgsql cannot parse: the command line is wrong.
            return Fail(error, exception.Message);
        }
        catch (Exception exception) when (exception is InvalidOperationException or NpgsqlException)
        {
            error.WriteLine($"secq db migrate: {exception.Message}");
            return Failed;
        }
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"secq db: {message}");
        return PrintUsage(error, UsageError);
    }

    private static int PrintUsage(TextWriter writer, int code)
    {
        writer.WriteLine("""
            usage: secq db migrate --connection CS [--gateway-role NAME]

              Applies SecureQueue's schema as the owner role named in CS, then creates the gateway's login role if missing
              (default secq_gateway) and grants it exactly what the gateway needs: SELECT and INSERT on events, nothing
              that changes or removes an event. Idempotent. The gateway never migrates; it refuses an unmigrated database.
            """);
        return code;
    }
}

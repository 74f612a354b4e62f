using System.CommandLine;
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
    public static Command Create() => Declare.Group(
        "db",
        "The database schema. " + ExitCodes.Help,
        new Command(
            "migrate",
            "Apply SecureQueue's schema as the owner role named in the connection string, then create the gateway's login role if missing and " +
            "grant it exactly what the gateway needs: SELECT and INSERT on events, nothing that changes or removes an event. Idempotent. " +
            "The gateway never migrates; it refuses an unmigrated database.")
        {
            new Option<string>("--connection")
            {
                HelpName = "CS", Required = true,
                Description = "the owner role's connection string; a password may come from PGPASSWORD or a passfile",
            },
            new Option<string>("--gateway-role") { HelpName = "NAME", Description = "the gateway's login role", DefaultValueFactory = _ => GatewayGrants.DefaultRole },
        }.WithAction(options => MigrateAsync(options, options.One("--connection")!, options.One("--gateway-role")!)));

    /// <summary><c>secq db ARGS</c> in-process, as tests and scripts call it.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) => SecqCommandLine.RunAsync(["db", .. args], output, error);

    private static async Task<int> MigrateAsync(CommandOptions options, string connection, string role)
    {
        var (output, error) = (options.Output, options.Error);
        if (string.IsNullOrWhiteSpace(connection))
        {
            return options.Fail("--connection needs the owner role's connection string");
        }

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
            return ExitCodes.Ok;
        }
        catch (ArgumentException exception)
        {
            // An unusable role name, or a connection string Npgsql cannot parse: the command line is wrong.
            return options.Fail(exception.Message);
        }
        catch (Exception exception) when (exception is InvalidOperationException or NpgsqlException)
        {
            error.WriteLine($"secq db migrate: {exception.Message}");
            return ExitCodes.Failed;
        }
    }
}

using System.Security.Cryptography;
using Npgsql;
using SecureQueue.Log.Migrations;

namespace SecureQueue.Tests.Shared;

/// <summary>
/// A fresh database per fixture on the test cluster (ConnectionStrings__SecureQueue), migrated as the owner the way
/// <c>secq db migrate</c> does, with a gateway role of its own; both dropped afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string adminConnectionString;

    private TestDatabase(string adminConnectionString, string name, string gatewayRole, string gatewayPassword)
    {
        this.adminConnectionString = adminConnectionString;
        Name = name;
        GatewayRole = gatewayRole;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
        GatewayConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString)
        {
            Database = name,
            Username = gatewayRole,
            Password = gatewayPassword,
        }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>The owner (the test cluster's superuser): for set-up, inspection and tampering, never for a gateway.</summary>
    public string ConnectionString { get; }

    /// <summary>This database's least-privilege role, as <c>secq db migrate</c> grants it: what every gateway connects as.</summary>
    public string GatewayRole { get; }

    public string GatewayConnectionString { get; }

    /// <summary>
    /// A migrated database with its gateway role; <paramref name="migrate"/> false leaves it empty, with a role that may
    /// log in and holds no grant. Role names are cluster-wide, so each database has a role named after it.
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var admin = AdminConnectionString();
        var name = "secq_test_" + Guid.NewGuid().ToString("N")[..12];
        var role = name + "_gateway";
        // Letters and digits only, so it needs no quoting below; it lets the role log in on clusters that ask for one.
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        await ExecuteAsync(admin, $"create database {name}");
        var database = new TestDatabase(admin, name, role, password);
        if (migrate)
        {
            await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
            await MigrationRunner.ApplyAsync(dataSource, role, CancellationToken.None);
        }
        else
        {
            await ExecuteAsync(admin, $"create role {role} login");
        }

        await ExecuteAsync(admin, $"alter role {role} password '{password}'");
        return database;
    }

    /// <summary>The test cluster's superuser connection (to its maintenance database).</summary>
    public static string AdminConnectionString() => Environment.GetEnvironmentVariable("ConnectionStrings__SecureQueue")
        ?? throw new InvalidOperationException("ConnectionStrings__SecureQueue is not set: run the tests with scripts/test.sh, which starts a PostgreSQL cluster.");

    /// <summary>Runs one statement on the database (or admin database) a connection string names.</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Waits until the gateway's sealer has sealed every event in the log (each has a position), for tests that read
    /// positions or verify the chain; fails after <paramref name="timeout"/> (default 10 s).
    /// </summary>
    public async Task WaitSealedAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (await ScalarAsync<long>("select count(*) from events where position is null") > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Events of {Name} were still unsealed after {(timeout ?? TimeSpan.FromSeconds(10)).TotalSeconds} s.");
            }

            await Task.Delay(50);
        }
    }

    public async Task<List<object?[]>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(adminConnectionString, $"drop database if exists {Name} with (force)");
        await ExecuteAsync(adminConnectionString, $"drop role if exists {GatewayRole}");
    }
}

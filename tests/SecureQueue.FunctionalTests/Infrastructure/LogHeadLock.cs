using Npgsql;

namespace SecureQueue.FunctionalTests.Infrastructure;

/// <summary>
/// Holds the log head row lock from outside the gateway, as another replica's writer transaction would, until it is
/// committed or disposed (rolled back). SQL run through it is part of that transaction.
/// </summary>
public sealed class LogHeadLock : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;

    private LogHeadLock(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        this.connection = connection;
        this.transaction = transaction;
    }

    public static async Task<LogHeadLock> TakeAsync(TestDatabase database)
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var held = new LogHeadLock(connection, await connection.BeginTransactionAsync());
        await held.ExecuteAsync("select 1 from log_head where id for update");
        return held;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    public Task CommitAsync() => transaction.CommitAsync();

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}

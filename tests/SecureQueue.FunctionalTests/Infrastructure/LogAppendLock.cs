using Npgsql;

namespace SecureQueue.FunctionalTests.Infrastructure;

/// <summary>
/// Holds <c>mt_events</c> in SHARE mode from outside the gateway until committed or disposed (rolled back): every
/// append needs ROW EXCLUSIVE, so no writer transaction can commit an event meanwhile. SQL run through it is part of
/// that transaction.
/// </summary>
public sealed class LogAppendLock : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;

    private LogAppendLock(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        this.connection = connection;
        this.transaction = transaction;
    }

    public static async Task<LogAppendLock> TakeAsync(TestDatabase database)
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var held = new LogAppendLock(connection, await connection.BeginTransactionAsync());
        await held.ExecuteAsync("lock table mt_events in share mode");
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

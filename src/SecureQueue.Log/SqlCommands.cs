using Npgsql;

namespace SecureQueue.Log;

internal static class SqlCommands
{
    /// <summary>A command with positional parameters; an <see cref="NpgsqlParameter"/> passes through as given.</summary>
    public static NpgsqlCommand Command(this NpgsqlConnection connection, string sql, params object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter as NpgsqlParameter ?? new NpgsqlParameter { Value = parameter });
        }

        return command;
    }

    /// <summary>A statement for an <see cref="NpgsqlBatch"/>, with positional parameters.</summary>
    public static NpgsqlBatchCommand BatchCommand(string sql, params object?[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter as NpgsqlParameter ?? new NpgsqlParameter { Value = parameter });
        }

        return command;
    }

    /// <summary>
    /// Returns once a synchronous standby holds everything this server committed so far. A commit is visible on the
    /// primary before the standby has it; a transaction with a transaction id writes a commit record after it, and with
    /// synchronous_commit on its COMMIT waits for the standby to flush that record. Without a standby it is one round trip.
    /// </summary>
    public static async Task WaitReplicatedAsync(this NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = connection.Command("select pg_current_xact_id()"))
        {
            await command.ExecuteScalarAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}

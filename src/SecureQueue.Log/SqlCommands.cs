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
}

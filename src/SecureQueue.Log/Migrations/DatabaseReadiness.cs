using System.Net.Sockets;
using Npgsql;

namespace SecureQueue.Log.Migrations;

/// <summary>
/// Whether the database can serve this gateway now: reachable as its role, and with the schema and grants
/// <see cref="SchemaCheck"/> demands at start-up. Read by the readiness probe, so it says what is wrong without a
/// connection string or anything the server sent beyond its error code.
/// </summary>
public sealed class DatabaseReadiness(NpgsqlDataSource dataSource)
{
    /// <summary>Null when ready; otherwise what is wrong.</summary>
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await SchemaCheck.VerifySchemaAsync(connection, cancellationToken);
            return null;
        }
        catch (InvalidOperationException exception)
        {
            return exception.Message;
        }
        catch (PostgresException exception)
        {
            return $"The database refused the gateway (SQLSTATE {exception.SqlState}).";
        }
        catch (Exception exception) when (exception is NpgsqlException or SocketException or TimeoutException)
        {
            return $"The database is unreachable ({exception.GetType().Name}).";
        }
    }
}

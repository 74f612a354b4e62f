using Npgsql;

namespace SecureQueue.Log.Audit;

/// <summary>Reads audited calls by time window, in log order, without touching the writer.</summary>
public sealed class AuditReader(NpgsqlDataSource dataSource)
{
    /// <summary>Calls recorded in [from, to) that reached an authorization decision.</summary>
    public async IAsyncEnumerable<AuditedCall> DecidedCallsAsync(
        DateTimeOffset from, DateTimeOffset to, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            """
            select position, seq_id, recorded_at, action, principal_arn, resource_arn, source_ip, user_agent, tls_version, decision, error_code
            from events
            where recorded_at >= $1 and recorded_at < $2 and decision is not null
            order by position nulls last, seq_id
            """,
            from, to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new AuditedCall(
                reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3),
                Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7), Text(reader, 8), Text(reader, 9), Text(reader, 10));
        }
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

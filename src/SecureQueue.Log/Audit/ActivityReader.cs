using Npgsql;

namespace SecureQueue.Log.Audit;

/// <summary>Aggregates over the audit log for the compliance report; reads only, outside the writer.</summary>
public sealed class ActivityReader(NpgsqlDataSource dataSource)
{
    /// <summary>Calls recorded in [from, to), grouped by day, action, outcome, caller, origin, error and TLS version.</summary>
    public async Task<IReadOnlyList<CallGroup>> CallGroupsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            $"""
            select (recorded_at at time zone 'UTC')::date, action, {CallOutcomes.Sql}, principal_arn, access_key_id, source_ip, error_code, tls_version, count(*)
            from events
            where recorded_at >= $1 and recorded_at < $2
            group by 1, 2, 3, 4, 5, 6, 7, 8
            order by 1, 2, 3
            """,
            from, to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var groups = new List<CallGroup>();
        while (await reader.ReadAsync(cancellationToken))
        {
            groups.Add(new CallGroup(
                DateOnly.FromDateTime(reader.GetDateTime(0)), reader.GetString(1), reader.GetString(2), Text(reader, 3), Text(reader, 4), Text(reader, 5),
                Text(reader, 6), Text(reader, 7), reader.GetInt64(8)));
        }

        return groups;
    }

    /// <summary>The last successful call of every principal and access key, over the whole log (unused credentials show by absence).</summary>
    public async Task<IReadOnlyList<LastUse>> LastUsesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            $"""
            select '{LastUse.Principal}', principal_arn, max(recorded_at) from events where error_code is null and principal_arn is not null group by principal_arn
            union all
            select '{LastUse.AccessKey}', access_key_id, max(recorded_at) from events where error_code is null and access_key_id is not null group by access_key_id
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var uses = new List<LastUse>();
        while (await reader.ReadAsync(cancellationToken))
        {
            uses.Add(new LastUse(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return uses;
    }

    /// <summary>The log's size and age, what is not sealed yet, and the sealing lag of the events recorded in [from, to).</summary>
    public async Task<SealingState> SealingAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            """
            with lag as (
                select extract(epoch from s.sealed_at - (e.data ->> 'time')::timestamptz)::float8 as seconds
                from seals s join mt_events e on e.seq_id = s.seq_id
                where (e.data ->> 'time')::timestamptz >= $1 and (e.data ->> 'time')::timestamptz < $2)
            select (select count(*) from mt_events), (select min(recorded_at) from events),
                   (select count(*) from events where position is null), (select min(recorded_at) from events where position is null),
                   (select percentile_cont(0.5) within group (order by seconds) from lag),
                   (select percentile_cont(0.99) within group (order by seconds) from lag),
                   (select max(seconds) from lag)
            """,
            from, to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new SealingState(
            reader.GetInt64(0), Time(reader, 1), reader.GetInt64(2), Time(reader, 3), Number(reader, 4), Number(reader, 5), Number(reader, 6));
    }

    /// <summary>The newest signed checkpoint in the database, or null when none was written yet.</summary>
    public async Task<CheckpointSummary?> LastCheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            """
            select position, signed_at, key_id, origin, count(*) over ()
            from checkpoints order by position desc, signed_at desc limit 1
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new CheckpointSummary(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4))
            : null;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static double? Number(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}

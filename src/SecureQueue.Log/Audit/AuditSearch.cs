using Npgsql;
using NpgsqlTypes;

namespace SecureQueue.Log.Audit;

/// <summary>What an audit lookup can filter on: each field is one column of the event's <c>event_lookup</c> row, indexed by <c>111_event_lookup.sql</c>.</summary>
public enum AuditField
{
    EventId,
    Action,
    ReadOnly,
    UserName,

    /// <summary>The service of the resource ARN (<c>sqs</c>, <c>kms</c>): what a resource type names.</summary>
    ResourceService,
    ResourceArn,
    EventSource,
    AccessKeyId,
}

/// <summary>One page's filter: at most one field and the value it must equal, a window of recorded time (from included, before excluded) and the page size.</summary>
public sealed record AuditFilter(AuditField? Field, string? Value, DateTimeOffset? From, DateTimeOffset? Before, int Limit);

/// <summary>An event as the <c>events</c> view holds it: Marten's id, its sequence number, its position once sealed, and its canonical JSON data.</summary>
public sealed record AuditEventRow(Guid Id, long SeqId, long? Position, byte[] Data);

/// <summary>
/// Finds events in the <c>events</c> view, sealed or not yet, newest first (descending <c>seq_id</c>, the append order),
/// one page at a time. Each field is compared in the event's <c>event_lookup</c> row through its (column, seq_id)
/// index, so a page is an index range scan however large the log.
/// </summary>
public sealed class AuditSearch(NpgsqlDataSource dataSource)
{
    /// <summary>The <c>event_lookup</c> column each field compares (<c>111_event_lookup.sql</c> indexes each with seq_id); the event id is the event's own.</summary>
    public static string Column(AuditField field) => field switch
    {
        AuditField.EventId => "id",
        AuditField.Action => "action",
        AuditField.ReadOnly => "read_only",
        AuditField.UserName => "user_name",
        AuditField.ResourceService => "resource_service",
        AuditField.ResourceArn => "resource_arn",
        AuditField.EventSource => "event_source",
        AuditField.AccessKeyId => "access_key_id",
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    /// <param name="before">Only events appended before this sequence number (the previous page's last), for the next page.</param>
    public async Task<IReadOnlyList<AuditEventRow>> FindAsync(AuditFilter filter, long before, CancellationToken cancellation)
    {
        if (Query(filter, before) is not { } query)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                // A generic plan (the statement is prepared) would not know the value, and could scan the whole log
                // in seq_id order for a rare one; a custom plan sees it and picks the field's index.
                new NpgsqlBatchCommand("select set_config('plan_cache_mode', 'force_custom_plan', true)"),
                query,
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellation);
        await reader.NextResultAsync(cancellation);
        var rows = new List<AuditEventRow>(filter.Limit);
        while (await reader.ReadAsync(cancellation))
        {
            rows.Add(new AuditEventRow(reader.GetGuid(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetFieldValue<byte[]>(3)));
        }

        return rows;
    }

    /// <summary>The SQL and parameters of one page; null when no event can match (an event id that is no id, text holding NUL).</summary>
    public static (string Sql, IReadOnlyList<NpgsqlParameter> Parameters)? Explainable(AuditFilter filter, long before) =>
        Query(filter, before) is { } query ? (query.CommandText, query.Parameters.ToList()) : null;

    private static NpgsqlBatchCommand? Query(AuditFilter filter, long before)
    {
        // With an attribute, the page is a backward range scan of its event_lookup index joined to the events; the
        // event id and "no attribute" read the events alone (mt_events_id, the primary key).
        var lookup = filter.Field is { } attribute && attribute != AuditField.EventId;
        var conditions = new List<string> { lookup ? "l.seq_id < $1" : "e.seq_id < $1" };
        var parameters = new List<NpgsqlParameter> { new() { Value = before, NpgsqlDbType = NpgsqlDbType.Bigint } };
        if (filter.Field is { } field)
        {
            if (Value(field, filter.Value ?? string.Empty) is not { } value)
            {
                return null;
            }

            parameters.Add(value);
            conditions.Add($"{(lookup ? "l" : "e")}.{Column(field)} = ${parameters.Count}");
        }

        if (filter.From is { } from)
        {
            parameters.Add(new NpgsqlParameter { Value = from, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            conditions.Add($"e.recorded_at >= ${parameters.Count}");
        }

        if (filter.Before is { } until)
        {
            parameters.Add(new NpgsqlParameter { Value = until, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            conditions.Add($"e.recorded_at < ${parameters.Count}");
        }

        parameters.Add(new NpgsqlParameter { Value = filter.Limit, NpgsqlDbType = NpgsqlDbType.Integer });
        var source = lookup ? "event_lookup l join events e on e.seq_id = l.seq_id" : "events e";
        var query = new NpgsqlBatchCommand(
            $"select e.id, e.seq_id, e.position, e.data from {source} where {string.Join(" and ", conditions)} order by {(lookup ? "l" : "e")}.seq_id desc limit ${parameters.Count}");
        query.Parameters.AddRange(parameters.ToArray());
        return query;
    }

    private static NpgsqlParameter? Value(AuditField field, string value) => field switch
    {
        AuditField.EventId => Guid.TryParse(value, out var id) ? new NpgsqlParameter { Value = id, NpgsqlDbType = NpgsqlDbType.Uuid } : null,
        // No stored text holds NUL (the writer stores it escaped), and PostgreSQL text cannot carry one.
        _ when value.Contains('\0', StringComparison.Ordinal) => null,
        _ => new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlDbType.Text },
    };
}

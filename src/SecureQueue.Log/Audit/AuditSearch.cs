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

/// <summary>An event as the <c>events</c> view holds it: Marten's id, its sequence number, its position once sealed, its canonical JSON data and its recorded time.</summary>
public sealed record AuditEventRow(Guid Id, long SeqId, long? Position, byte[] Data, DateTimeOffset RecordedAt)
{
    /// <summary>Where a page that ends with this event ends.</summary>
    public AuditCursor Cursor => new(RecordedAt, SeqId);
}

/// <summary>Where a page ended: its oldest event's recorded time and sequence number. The next page holds only older events.</summary>
public readonly record struct AuditCursor(DateTimeOffset RecordedAt, long SeqId);

/// <summary>
/// Finds events in the <c>events</c> view, sealed or not yet, newest first (descending recorded time, then
/// <c>seq_id</c>, the append order), one page at a time. Every page reads the events' <c>event_lookup</c> rows through
/// one index that holds (field, recorded_at, seq_id), or (recorded_at, seq_id) with no field, so a page is one index
/// range scan however large the log and wherever its time window lies (<c>113_event_lookup_time.sql</c>).
/// </summary>
public sealed class AuditSearch(NpgsqlDataSource dataSource)
{
    /// <summary>The <c>event_lookup</c> column each field compares (<c>113_event_lookup_time.sql</c> indexes each with recorded_at and seq_id); the event id is the event's own.</summary>
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

    /// <param name="after">Only events older than this (the previous page's end), for the next page; null for the first.</param>
    public async Task<IReadOnlyList<AuditEventRow>> FindAsync(AuditFilter filter, AuditCursor? after, CancellationToken cancellation)
    {
        if (Query(filter, after) is not { } query)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                // A generic plan (the statement is prepared) would not know the value, and could scan the whole log
                // in time order for a rare one; a custom plan sees it and picks the field's index.
                new NpgsqlBatchCommand("select set_config('plan_cache_mode', 'force_custom_plan', true)"),
                query,
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellation);
        await reader.NextResultAsync(cancellation);
        var rows = new List<AuditEventRow>(filter.Limit);
        while (await reader.ReadAsync(cancellation))
        {
            rows.Add(new AuditEventRow(
                reader.GetGuid(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetFieldValue<byte[]>(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return rows;
    }

    /// <summary>The SQL and parameters of one page; null when no event can match (an event id that is no id, text holding NUL).</summary>
    public static (string Sql, IReadOnlyList<NpgsqlParameter> Parameters)? Explainable(AuditFilter filter, AuditCursor? after) =>
        Query(filter, after) is { } query ? (query.CommandText, query.Parameters.ToList()) : null;

    private static NpgsqlBatchCommand? Query(AuditFilter filter, AuditCursor? after)
    {
        // The event id is unique in the events (mt_events_id); every other page is a backward range scan of the
        // lookup index of its field, or of recorded_at, each ordered (recorded_at, seq_id) within the field's value.
        var conditions = new List<string>();
        var parameters = new List<NpgsqlParameter>();
        string Add(object value, NpgsqlDbType type)
        {
            parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = type });
            return "$" + parameters.Count;
        }

        if (filter.Field is { } field)
        {
            if (Value(field, filter.Value ?? string.Empty) is not { } value)
            {
                return null;
            }

            parameters.Add(value);
            conditions.Add($"{(field == AuditField.EventId ? "e" : "l")}.{Column(field)} = ${parameters.Count}");
        }

        if (after is { } cursor)
        {
            conditions.Add($"(l.recorded_at, l.seq_id) < ({Add(cursor.RecordedAt, NpgsqlDbType.TimestampTz)}, {Add(cursor.SeqId, NpgsqlDbType.Bigint)})");
        }

        if (filter.From is { } from)
        {
            conditions.Add($"l.recorded_at >= {Add(from, NpgsqlDbType.TimestampTz)}");
        }

        if (filter.Before is { } until)
        {
            conditions.Add($"l.recorded_at < {Add(until, NpgsqlDbType.TimestampTz)}");
        }

        var limit = Add(filter.Limit, NpgsqlDbType.Integer);
        var where = conditions.Count == 0 ? "" : " where " + string.Join(" and ", conditions);
        var query = new NpgsqlBatchCommand(
            $"select e.id, e.seq_id, e.position, e.data, l.recorded_at from event_lookup l join events e on e.seq_id = l.seq_id{where} " +
            $"order by l.recorded_at desc, l.seq_id desc limit {limit}");
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

using Npgsql;
using NpgsqlTypes;
using SecureQueue.Trail.Records;

namespace SecureQueue.Trail.Lookup;

/// <summary>One page of a lookup: its events, newest first, and whether older ones match too.</summary>
public sealed record LookupPage(IReadOnlyList<StoredEvent> Events, bool More);

/// <summary>
/// Finds the events a lookup asks for in the <c>events</c> view, sealed or not yet, newest first (descending
/// <c>seq_id</c>, the append order), one page at a time. Each attribute is compared through the same expression that
/// <c>105_lookup.sql</c> indexes, so a page is an index range scan however large the log.
/// </summary>
public sealed class EventLookup(NpgsqlDataSource dataSource)
{
    /// <summary>The SQL expression over the event's stored data that each attribute compares, exactly as the migration indexes it.</summary>
    public static string Expression(LookupAttributeKey key) => key switch
    {
        LookupAttributeKey.EventId => "id",
        LookupAttributeKey.EventName => "(data ->> 'action')",
        LookupAttributeKey.ReadOnly => "(data ->> 'readOnly')",
        LookupAttributeKey.Username => "((data -> 'authentication') ->> 'userName')",
        LookupAttributeKey.ResourceType => "split_part(data ->> 'resourceArn', ':', 3)",
        LookupAttributeKey.ResourceName => "(data ->> 'resourceArn')",
        LookupAttributeKey.EventSource =>
            "coalesce(data ->> 'eventSource', case when (data ->> 'principalArn') like 'secq:%' then 'securequeue.internal' else 'sqs.amazonaws.com' end)",
        LookupAttributeKey.AccessKeyId => "(data ->> 'accessKeyId')",
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    /// <param name="before">Only events appended before this sequence number (the previous page's last), for the next page.</param>
    public async Task<LookupPage> FindAsync(LookupRequest request, long before, CancellationToken cancellation)
    {
        if (Query(request, before) is not { } query)
        {
            return new LookupPage([], false);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                // A generic plan (the statement is prepared) would not know the value, and could scan the whole log
                // in seq_id order for a rare one; a custom plan sees it and picks the attribute's index.
                new NpgsqlBatchCommand("select set_config('plan_cache_mode', 'force_custom_plan', true)"),
                query,
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellation);
        await reader.NextResultAsync(cancellation);
        var events = new List<StoredEvent>(request.MaxResults + 1);
        while (await reader.ReadAsync(cancellation))
        {
            events.Add(StoredEvent.Read(reader));
        }

        return events.Count > request.MaxResults ? new LookupPage(events[..request.MaxResults], true) : new LookupPage(events, false);
    }

    /// <summary>One page's query, one row more than the page to tell whether more follow; null when no event can match.</summary>
    internal static NpgsqlBatchCommand? Query(LookupRequest request, long before)
    {
        var conditions = new List<string> { "seq_id < $1" };
        var parameters = new List<NpgsqlParameter> { new() { Value = before, NpgsqlDbType = NpgsqlDbType.Bigint } };
        if (request.Attribute is { } attribute)
        {
            if (Value(attribute) is not { } value)
            {
                return null;
            }

            parameters.Add(value);
            conditions.Add($"{Expression(attribute.Key)} = ${parameters.Count}");
            if (attribute.Key == LookupAttributeKey.ResourceType)
            {
                // Only resources CloudTrailRecord lists: a whole ARN (arn:partition:service:region:account:resource).
                conditions.Add("(data ->> 'resourceArn') like 'arn:%:%:%:%:%'");
            }
        }

        if (request.From is { } from)
        {
            parameters.Add(new NpgsqlParameter { Value = from, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            conditions.Add($"recorded_at >= ${parameters.Count}");
        }

        if (request.Before is { } until)
        {
            parameters.Add(new NpgsqlParameter { Value = until, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            conditions.Add($"recorded_at < ${parameters.Count}");
        }

        parameters.Add(new NpgsqlParameter { Value = request.MaxResults + 1, NpgsqlDbType = NpgsqlDbType.Integer });
        var query = new NpgsqlBatchCommand(
            $"select {StoredEvent.Columns} from events where {string.Join(" and ", conditions)} order by seq_id desc limit ${parameters.Count}");
        query.Parameters.AddRange(parameters.ToArray());
        return query;
    }

    /// <summary>The value the attribute's expression must equal; null when no event can match (an EventId that is no id, a type no resource has).</summary>
    private static NpgsqlParameter? Value(LookupAttribute attribute) => attribute.Key switch
    {
        LookupAttributeKey.EventId => Guid.TryParse(attribute.Value, out var id) ? new NpgsqlParameter { Value = id, NpgsqlDbType = NpgsqlDbType.Uuid } : null,
        LookupAttributeKey.ResourceType => ResourceName.ServiceOf(attribute.Value) is { } service ? Text(service) : null,
        // No stored text holds NUL (the writer stores it escaped), and PostgreSQL text cannot carry one.
        _ when attribute.Value.Contains('\0', StringComparison.Ordinal) => null,
        _ => Text(attribute.Value),
    };

    private static NpgsqlParameter Text(string value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Text };
}

namespace SecureQueue.FunctionalTests.Trail;

/// <summary>
/// Checks every event's <c>event_lookup</c> row, which the writer computes from the audit envelope, against what the
/// migration's jsonb expressions read from the event's stored data: the two must agree, or lookups by that attribute
/// miss (or wrongly find) the event. Run after a fuzz test, whose hostile input is where they could part.
/// </summary>
internal static class LookupRows
{
    public static async Task<IReadOnlyList<string>> MismatchesAsync(TestDatabase database)
    {
        var rows = await database.RowsAsync(
            """
            select e.seq_id::text, coalesce(l.seq_id::text, 'no lookup row') from mt_events e left join event_lookup l on l.seq_id = e.seq_id
            where l.seq_id is null
               or l.action is distinct from e.data ->> 'action'
               or l.read_only is distinct from e.data ->> 'readOnly'
               or l.user_name is distinct from (e.data -> 'authentication') ->> 'userName'
               or l.resource_service is distinct from
                  case when (e.data ->> 'resourceArn') like 'arn:%:%:%:%:%' then split_part(e.data ->> 'resourceArn', ':', 3) end
               or l.resource_arn is distinct from e.data ->> 'resourceArn'
               or l.event_source is distinct from coalesce(e.data ->> 'eventSource',
                  case when (e.data ->> 'principalArn') like 'secq:%' then 'securequeue.internal' else 'sqs.amazonaws.com' end)
               or l.access_key_id is distinct from e.data ->> 'accessKeyId'
               or l.recorded_at is distinct from (e.data ->> 'time')::timestamptz
            limit 20
            """);
        return rows.Select(r => $"event {r[0]}: {r[1]}").ToList();
    }
}

using JasperFx;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace SecureQueue.Log.Events;

/// <summary>
/// Appends a stream's events with Marten's own quick-append function (<c>mt_quick_append_events</c>: Marten numbers
/// them, versions the stream and stamps the time), under Marten's type names for <see cref="CallRecorded"/>, and stores
/// their <c>event_lookup</c> rows in the same statement. The parameters are built here rather than by a Marten session
/// for one reason: an event's sealed message bodies go to the <c>bdata</c> column as raw bytes, beside the audit record
/// in <c>data</c>. In the jsonb they were base64 text that PostgreSQL parsed on every append and printed on every read,
/// which was most of the log's database time.
/// </summary>
internal sealed class EventAppend
{
    /// <summary>
    /// The lookup rows take their events' sequence numbers from the function's answer (the stream's new version, then
    /// each event's number in order), so they need no join to <c>mt_events</c>. A join by event id was planned once per
    /// connection, while the log was small, as a hash join over a sequential scan of <c>mt_events</c>, and kept as
    /// the log grew: it read every event on every batch until the table's statistics changed.
    /// </summary>
    private const string Sql = """
        with appended as (select public.mt_quick_append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) as numbers),
        stored as (
            insert into event_lookup (seq_id, action, read_only, user_name, resource_service, resource_arn, event_source, access_key_id, recorded_at)
            select a.numbers[l.n + 1], l.action, l.read_only, l.user_name, l.resource_service, l.resource_arn, l.event_source, l.access_key_id,
                   l.recorded_at::timestamptz
            from appended a,
                 unnest($11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[]) with ordinality
                     as l(action, read_only, user_name, resource_service, resource_arn, event_source, access_key_id, recorded_at, n))
        select numbers from appended
        """;

    private readonly string typeName;
    private readonly string dotNetTypeName;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> headers = new();

    public EventAppend(DocumentStore store)
    {
        var mapped = store.Events.BuildEvent(new CallRecorded([]));
        (typeName, dotNetTypeName) = (mapped.EventTypeName, mapped.DotNetTypeName);
    }

    /// <summary>
    /// The command appending <paramref name="events"/> to <paramref name="stream"/> with their lookup rows; it returns the
    /// stream's new version, then each event's sequence number. Each row's recorded time is the text of its event's
    /// <c>time</c> (<see cref="LookupKeys.RecordedAt"/>), cast as verification casts the stored one.
    /// </summary>
    public NpgsqlBatchCommand Command(string stream, IReadOnlyList<PendingEvent> events)
    {
        var command = new NpgsqlBatchCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter { Value = stream, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = StorageConstants.DefaultTenantId, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(Strings(events.Select(_ => typeName), NpgsqlDbType.Varchar));
        command.Parameters.Add(Strings(events.Select(_ => dotNetTypeName), NpgsqlDbType.Varchar));
        // The records are UTF-8 already: written as bytes, they are not decoded to strings only to be encoded again.
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Data).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Attachment).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(Strings(events.Select(e => e.RequestId.ToString()), NpgsqlDbType.Varchar));
        command.Parameters.Add(Strings(events.Select(e => Header(e.EventType)), NpgsqlDbType.Jsonb));
        command.Parameters.Add(Strings(events.Select(e => e.Lookup.Action), NpgsqlDbType.Text));
        command.Parameters.Add(Strings(events.Select(e => e.Lookup.ReadOnly), NpgsqlDbType.Text));
        command.Parameters.Add(Strings(events.Select(e => e.Lookup.UserName), NpgsqlDbType.Text));
        command.Parameters.Add(Strings(events.Select(e => e.Lookup.ResourceService), NpgsqlDbType.Text));
        command.Parameters.Add(Strings(events.Select(e => e.Lookup.ResourceArn), NpgsqlDbType.Text));
        command.Parameters.Add(Strings(events.Select(e => e.Lookup.EventSource), NpgsqlDbType.Text));
        command.Parameters.Add(Strings(events.Select(e => e.Lookup.AccessKeyId), NpgsqlDbType.Text));
        command.Parameters.Add(Strings(events.Select(e => e.Lookup.RecordedAt), NpgsqlDbType.Text));
        return command;
    }

    private static NpgsqlParameter Strings(IEnumerable<string?> values, NpgsqlDbType type) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type };

    private string Header(string eventType) =>
        headers.GetOrAdd(eventType, type => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["type"] = type }));
}

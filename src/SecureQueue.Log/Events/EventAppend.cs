using JasperFx;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace SecureQueue.Log.Events;

/// <summary>
/// Appends a stream's events with Marten's own quick-append function (<c>mt_quick_append_events</c>: Marten numbers
/// them, versions the stream and stamps the time), under Marten's type names for <see cref="CallRecorded"/>. The
/// parameters are built here rather than by a Marten session for one reason: an event's sealed message bodies go to
/// the <c>bdata</c> column as raw bytes, beside the audit record in <c>data</c>. In the jsonb they were base64 text that
/// PostgreSQL parsed on every append and printed on every read, which was most of the log's database time.
/// </summary>
internal sealed class EventAppend
{
    private const string Sql = "select public.mt_quick_append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    private readonly string typeName;
    private readonly string dotNetTypeName;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> headers = new();

    public EventAppend(DocumentStore store)
    {
        var mapped = store.Events.BuildEvent(new CallRecorded([]));
        (typeName, dotNetTypeName) = (mapped.EventTypeName, mapped.DotNetTypeName);
    }

    /// <summary>The command appending <paramref name="events"/> to <paramref name="stream"/>; it returns the stream's new version, then each event's sequence number.</summary>
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
        return command;
    }

    /// <summary>
    /// The command storing the events' <c>event_lookup</c> rows; it follows their appends in the same batch, so it finds
    /// their sequence numbers by id. The recorded time is read from the event as stored, as verification reads it. It
    /// answers one row, and fails when an event has no row (the batch's COMMIT follows it in the same round trip).
    /// </summary>
    public static NpgsqlBatchCommand Lookup(IReadOnlyList<PendingEvent> events)
    {
        var command = new NpgsqlBatchCommand(
            """
            with stored as (
                insert into event_lookup (seq_id, action, read_only, user_name, resource_service, resource_arn, event_source, access_key_id, recorded_at)
                select e.seq_id, l.action, l.read_only, l.user_name, l.resource_service, l.resource_arn, l.event_source, l.access_key_id, (e.data ->> 'time')::timestamptz
                from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
                    as l(id, action, read_only, user_name, resource_service, resource_arn, event_source, access_key_id)
                join mt_events e on e.id = l.id
                returning 1)
            select secq_expect_rows(count(*), $9, 'An appended event has no lookup row.') from stored
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(Strings(events.Select(e => e.Lookup.Action), NpgsqlDbType.Text));
        command.Parameters.Add(Strings(events.Select(e => e.Lookup.ReadOnly), NpgsqlDbType.Text));
        command.Parameters.Add(Strings(events.Select(e => e.Lookup.UserName), NpgsqlDbType.Text));
        command.Parameters.Add(Strings(events.Select(e => e.Lookup.ResourceService), NpgsqlDbType.Text));
        command.Parameters.Add(Strings(events.Select(e => e.Lookup.ResourceArn), NpgsqlDbType.Text));
        command.Parameters.Add(Strings(events.Select(e => e.Lookup.EventSource), NpgsqlDbType.Text));
        command.Parameters.Add(Strings(events.Select(e => e.Lookup.AccessKeyId), NpgsqlDbType.Text));
        command.Parameters.Add(new NpgsqlParameter { Value = events.Count });
        return command;
    }

    private static NpgsqlParameter Strings(IEnumerable<string?> values, NpgsqlDbType type) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type };

    private string Header(string eventType) =>
        headers.GetOrAdd(eventType, type => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["type"] = type }));
}

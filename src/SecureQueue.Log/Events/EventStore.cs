using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace SecureQueue.Log.Events;

/// <summary>
/// The Marten event store that holds the log. Quick appends (no read-before-write), string stream keys, the request id
/// as each event's correlation id and the event type as a header. The schema belongs to <c>secq db migrate</c>: at run
/// time Marten never creates or alters anything.
/// </summary>
public static class EventStore
{
    /// <summary>The migration that applies Marten's own schema, before the scripts that build on it.</summary>
    public const string SchemaVersion = "100_marten_events";

    public static DocumentStore Create(NpgsqlDataSource dataSource) => DocumentStore.For(options =>
    {
        options.Connection(dataSource);
        options.UseSystemTextJsonForSerialization();
        options.AutoCreateSchemaObjects = AutoCreate.None;
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.AppendMode = EventAppendMode.Quick;
        options.Events.EnableBigIntEvents = true;
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.Events.MetadataConfig.HeadersEnabled = true;
        options.Events.AddEventType<CallRecorded>();
    });

    /// <summary>Marten's DDL for this configuration, applied once by the migration named <see cref="SchemaVersion"/>.</summary>
    public static string SchemaScript(NpgsqlDataSource dataSource)
    {
        using var store = Create(dataSource);
        return store.Storage.ToDatabaseScript();
    }
}

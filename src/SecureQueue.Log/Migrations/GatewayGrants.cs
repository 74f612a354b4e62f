namespace SecureQueue.Log.Migrations;

/// <summary>One table and exactly the privileges the gateway's role holds on it.</summary>
/// <param name="AppendOnly">The gateway may only add rows: start-up refuses a role that can change, remove or re-trigger them.</param>
/// <param name="KeepsRows">The gateway may add and update rows but never remove them (start-up refuses DELETE, TRUNCATE, TRIGGER).</param>
public sealed record TableGrant(string Table, string Privileges, bool AppendOnly = false, bool KeepsRows = false);

/// <summary>
/// Everything the gateway's database role may do, in one place beside the migrations. Nothing is granted on "all
/// tables" or through default privileges: a table a new migration adds stays out of the gateway's reach until it is
/// listed here.
/// </summary>
public static class GatewayGrants
{
    public const string DefaultRole = "secq_gateway";

    private const string Projection = "select, insert, update, delete";

    public static IReadOnlyList<TableGrant> Tables { get; } =
    [
        new("mt_events", "select, insert", AppendOnly: true),
        // Marten advances a stream's version on every append; deleting a stream would cascade to its events.
        new("mt_streams", "select, insert, update", KeepsRows: true),
        new("seals", "select, insert", AppendOnly: true),
        // LookupEvents' attributes of each event (111_event_lookup.sql), written with the append.
        new("event_lookup", "select, insert", AppendOnly: true),
        // The audit view over mt_events and seals (101_log.sql): what AuditReader reads for `secq policy replay`.
        new("events", "select"),
        new("queues", Projection),
        new("queue_messages", Projection),
        // Counts are added by triggers on queue_messages and folded by MessageCountFolder (116_message_counts.sql).
        new("queue_message_counts", "select, insert, delete"),
        new("data_keys", Projection),
        new("fifo_groups", Projection),
        new("fifo_deduplication", Projection),
        new("fifo_receive_attempts", Projection),
        // Finished tasks stay listed (ListMessageMoveTasks), so the gateway never removes a row.
        new("message_move_tasks", "select, insert, update"),
        new("checkpoints", "select, insert", AppendOnly: true),
        new("schema_migrations", "select"),
    ];

    /// <summary>
    /// Sequences the gateway calls <c>nextval</c> on: Marten's event sequence (its append function runs as the caller)
    /// and the writers' message position blocks. Identity columns (<c>queues.queue_id</c>) draw from their sequence
    /// under the table's INSERT privilege.
    /// </summary>
    public static IReadOnlyList<string> Sequences { get; } = ["mt_events_sequence", "message_positions"];
}

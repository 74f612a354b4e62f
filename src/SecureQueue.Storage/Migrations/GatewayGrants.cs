namespace SecureQueue.Storage.Migrations;

/// <summary>One table and exactly the privileges the gateway's role holds on it.</summary>
/// <param name="AppendOnly">The gateway may only add rows: start-up refuses a role that can change, remove or re-trigger them.</param>
public sealed record TableGrant(string Table, string Privileges, bool AppendOnly = false);

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
        new("events", "select, insert", AppendOnly: true),
        new("log_head", "select, update"),
        new("queues", Projection),
        new("queue_messages", Projection),
        new("data_keys", Projection),
        new("checkpoints", "select, insert", AppendOnly: true),
        new("schema_migrations", "select"),
    ];

    /// <summary>
    /// Sequences the gateway calls <c>nextval</c> on. None today: identity columns (<c>queues.queue_id</c>) draw from
    /// their sequence under the table's INSERT privilege.
    /// </summary>
    public static IReadOnlyList<string> Sequences { get; } = [];
}

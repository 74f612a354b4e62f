namespace SecureQueue.Log.Audit;

/// <summary>The SQL of sealing and verification: both read an event's fields with <see cref="EventColumns"/>, in EventRow order.</summary>
internal static class SealSql
{
    public const string EventColumns =
        "e.seq_id, e.id, e.stream_id, e.version, e.data, e.bdata, e.type, e.timestamp, e.tenant_id, e.mt_dotnet_type, e.correlation_id, e.headers, e.is_archived, e.tx_id";

    /// <summary>
    /// The seals of a position range with their events (null columns for an event that is gone), in position order,
    /// whether the seal's transaction is its event's (the sealer's cursor is read from it), and how the event's lookup
    /// row differs from its data (<see cref="LookupMismatch"/>).
    /// </summary>
    public const string Range = $"""
        select s.position, {EventColumns}, s.prev_hash, s.hash, s.tx_id = e.tx_id, {LookupMismatch}
        from seals s left join mt_events e on e.seq_id = s.seq_id left join event_lookup l on l.seq_id = e.seq_id
        where s.position between $1 and $2 order by s.position
        """;

    /// <summary>
    /// The columns of the event's <c>event_lookup</c> row <c>l</c> that differ from what the migration's expressions read
    /// from its data <c>e.data</c> (<c>111_event_lookup.sql</c>, which the writer's <c>LookupKeys</c> follows, and
    /// <c>113_event_lookup_time.sql</c>), comma-separated:
    /// empty when the row matches, <see cref="NoLookupRow"/> when there is none. Evaluated in PostgreSQL, where the jsonb is
    /// already parsed: about half a microsecond an event, against several in the verifier to parse its text again.
    /// </summary>
    public const string NoLookupRow = "no lookup row";

    private const string LookupMismatch = $"""
        case when l.seq_id is null then '{NoLookupRow}' else concat_ws(', ',
            case when l.action is distinct from e.data ->> 'action' then 'action' end,
            case when l.read_only is distinct from e.data ->> 'readOnly' then 'read_only' end,
            case when l.user_name is distinct from (e.data -> 'authentication') ->> 'userName' then 'user_name' end,
            case when l.resource_service is distinct from
                 (case when (e.data ->> 'resourceArn') like 'arn:%:%:%:%:%' then split_part(e.data ->> 'resourceArn', ':', 3) end) then 'resource_service' end,
            case when l.resource_arn is distinct from e.data ->> 'resourceArn' then 'resource_arn' end,
            case when l.event_source is distinct from coalesce(e.data ->> 'eventSource',
                 case when (e.data ->> 'principalArn') like 'secq:%' then 'securequeue.internal' else 'sqs.amazonaws.com' end) then 'event_source' end,
            case when l.access_key_id is distinct from e.data ->> 'accessKeyId' then 'access_key_id' end,
            case when l.recorded_at is distinct from (e.data ->> 'time')::timestamptz then 'recorded_at' end) end
        """;

    /// <summary>
    /// Takes the sealing lock, and returns with it the horizon: a transaction id below every transaction of this
    /// database that is still running (or prepared). Only a transaction of this database can add to its log, so one
    /// running elsewhere on the cluster does not hold sealing back (the snapshot's xmin would). <c>age</c> counts from
    /// the next transaction id as read after the snapshot, so the horizon can only come out lower than exact: safe.
    /// Read in its own statement, before <see cref="Next"/> takes its snapshot: every transaction below the horizon
    /// had ended by then, so all it committed is visible to <see cref="Next"/>.
    /// </summary>
    public const string LockAndHorizon = """
        select pg_try_advisory_xact_lock($1),
               (pg_snapshot_xmax(pg_current_snapshot())::text::bigint - coalesce(
                   (select max(age(r.x)) from (select backend_xid from pg_stat_activity where datname = current_database()
                                               union all
                                               select transaction from pg_prepared_xacts where database = current_database()) as r(x)
                    where r.x is not null), 0))::text
        """;

    /// <summary>
    /// The next events to seal after the cursor ($1 tx_id, $2 seq_id), in (transaction, sequence) order, from
    /// transactions below the horizon ($4) only, so no event can later commit before the ones returned.
    /// </summary>
    public const string Next = $"""
        select 0::bigint, {EventColumns}
        from mt_events e
        where (e.tx_id, e.seq_id) > ($1::text::xid8, $2) and e.tx_id < $4::text::xid8
        order by e.tx_id, e.seq_id
        limit $3
        """;

    public const string Last = "select position, hash, tx_id::text, seq_id from seals order by position desc limit 1";

    public const string HashAt = "select hash from seals where position = $1";

    public const string Insert = """
        insert into seals (position, seq_id, tx_id, prev_hash, hash)
        select p, s, t::xid8, ph, h from unnest($1::bigint[], $2::bigint[], $3::text[], $4::bytea[], $5::bytea[]) as x(p, s, t, ph, h)
        """;

    /// <summary>Events behind the last seal's cursor that have no seal: the sealer never passes one, so each was inserted.</summary>
    public const string InsertedBehind = """
        select e.seq_id, (select min(s.position) from seals s where (s.tx_id, s.seq_id) > (e.tx_id, e.seq_id))
        from mt_events e
        where (e.tx_id, e.seq_id) < ($1::text::xid8, $2) and not exists (select 1 from seals s where s.seq_id = e.seq_id)
        order by e.tx_id, e.seq_id limit 1
        """;

    /// <summary>
    /// When the next event to seal after the cursor was written (its transaction's start); null when none waits. It is
    /// the oldest waiting but for the moment between a transaction's start and its first write, which orders it. Asked
    /// in the cursor's index order, with a limit, so that the plan reads from the cursor on whatever the planner thinks
    /// lies beyond it: without statistics it takes that to be a third of the log, and for a minimum it read all of it
    /// (<c>SealerPlanTests</c>).
    /// </summary>
    public const string NextUnsealedAt =
        "select e.timestamp from mt_events e where (e.tx_id, e.seq_id) > ($1::text::xid8, $2) order by e.tx_id, e.seq_id limit 1";

    public const string UnsealedAfter = "select count(*) from mt_events e where (e.tx_id, e.seq_id) > ($1::text::xid8, $2)";

    /// <summary>
    /// The first event after the cursor whose transaction is older than $3 (an xid8): one a stopping sealer still owes;
    /// null when it owes none. In index order with a limit, as <see cref="NextUnsealedAt"/>.
    /// </summary>
    public const string FirstUnsealedBelow =
        "select e.seq_id from mt_events e where (e.tx_id, e.seq_id) > ($1::text::xid8, $2) and e.tx_id < $3::text::xid8 order by e.tx_id, e.seq_id limit 1";
}

namespace SecureQueue.Storage.Audit;

/// <summary>The SQL of sealing and verification: both read an event's fields with <see cref="EventColumns"/>, in EventRow order.</summary>
internal static class SealSql
{
    public const string EventColumns =
        "e.seq_id, e.id, e.stream_id, e.version, e.data, e.bdata, e.type, e.timestamp, e.tenant_id, e.mt_dotnet_type, e.correlation_id, e.headers, e.is_archived, e.tx_id";

    /// <summary>The seals of a position range with their events (null columns for an event that is gone), in position order.</summary>
    public const string Range = $"""
        select s.position, {EventColumns}, s.prev_hash, s.hash
        from seals s left join mt_events e on e.seq_id = s.seq_id
        where s.position between $1 and $2 order by s.position
        """;

    /// <summary>
    /// The next events to seal after the cursor ($1 tx_id, $2 seq_id): only those of transactions older than every
    /// transaction still running, so no event can later commit before the ones returned.
    /// </summary>
    public const string Next = $"""
        select 0::bigint, {EventColumns}
        from mt_events e
        where (e.tx_id, e.seq_id) > ($1::text::xid8, $2) and e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
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

    public const string UnsealedAfter = "select count(*) from mt_events e where (e.tx_id, e.seq_id) > ($1::text::xid8, $2)";

    /// <summary>Events after the cursor whose transactions are older than $3 (an xid8): what a stopping sealer still owes.</summary>
    public const string UnsealedBelow =
        "select count(*) from mt_events e where (e.tx_id, e.seq_id) > ($1::text::xid8, $2) and e.tx_id < $3::text::xid8";
}

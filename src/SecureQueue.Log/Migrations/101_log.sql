-- The log is Marten's event store (mt_events, mt_streams; created by the migration before this one). What Marten does
-- not give: the writing transaction of each event, an append-only guarantee, and the seals that put every event in
-- one gap-free, hash-chained order (see Audit/LogSealer.cs).

-- The sealer follows the log in (tx_id, seq_id) order below the oldest running transaction, so an event that commits
-- late is never skipped (Marten's sequence numbers commit out of order).
alter table mt_events add column tx_id xid8 not null default pg_current_xact_id();
create index mt_events_seal_order on mt_events (tx_id, seq_id);
-- A send event is mostly sealed bodies, which do not compress: trying (pglz, at every insert of a row over 2 KB) is
-- pure CPU. Out of line, uncompressed.
alter table mt_events alter column data set storage external;
-- Messages name the send event that holds their sealed bodies by its id, which the writer assigns before Marten appends.
create unique index mt_events_id on mt_events (id);

-- Nothing may change or remove an event once written. mt_events cascades deletes from mt_streams, so stream rows may
-- only be added and have their version advanced.
create function append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only: % is not allowed', tg_table_name, tg_op using errcode = 'P0001';
end $$;

create trigger mt_events_no_update before update or delete on mt_events for each row execute function append_only();
create trigger mt_events_no_truncate before truncate on mt_events for each statement execute function append_only();
create trigger mt_streams_no_delete before delete on mt_streams for each row execute function append_only();
create trigger mt_streams_no_truncate before truncate on mt_streams for each statement execute function append_only();

-- One row per sealed event: its gap-free position and the SHA-256 link over all its stored fields and the link before.
create table seals (
    position  bigint      primary key,
    seq_id    bigint      not null unique,
    tx_id     xid8        not null,
    prev_hash bytea       not null,
    hash      bytea       not null,
    sealed_at timestamptz not null default clock_timestamp()
);

create trigger seals_no_update before update or delete on seals for each row execute function append_only();
create trigger seals_no_truncate before truncate on seals for each statement execute function append_only();

-- The audit trail as queries read it: one row per call, sealed or not yet (position null), audit fields as columns.
create view events as
select s.position, e.seq_id, (e.data ->> 'time')::timestamptz as recorded_at, e.data ->> 'type' as event_type,
       e.data ->> 'action' as action, (e.data ->> 'requestId')::uuid as request_id, e.data ->> 'principalArn' as principal_arn,
       e.data ->> 'accessKeyId' as access_key_id, e.data ->> 'sourceIp' as source_ip, e.data ->> 'userAgent' as user_agent,
       e.data ->> 'resourceArn' as resource_arn, e.data ->> 'errorCode' as error_code, e.data ->> 'tlsVersion' as tls_version,
       e.data ->> 'tlsCipher' as tls_cipher, e.data -> 'authorization' ->> 'decision' as decision, e.data, e.stream_id, e.tx_id
from mt_events e left join seals s on s.seq_id = e.seq_id;

-- Message positions are drawn in blocks of 4096 by each writer (see Events/PositionBlock.cs).
create sequence message_positions increment by 4096;

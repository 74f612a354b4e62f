-- PurgeQueue and DeleteQueue remove a queue's messages in batches of their own through the writer
-- (Gateway/Hosting/PurgeSweeper.cs), not in one statement inside the call: deleting a deep queue at once held the
-- writer's transaction, and with it every other call of the gateway, for seconds (a million rows took 1.8 s).
--
-- A purge moves its queue to the next generation in the call's own transaction. Each message row keeps the generation
-- its queue had when the row was stored (read by the insert, in the writer's transaction), so the rows of earlier
-- generations are the purged ones, wherever they are in the queue and whoever holds them; the sweeper removes them, and
-- every row of a deleted queue. "purging" marks the queues it has work in, so a sweep cut short by a crash is finished
-- by any replica.
alter table queues add column generation integer not null default 0, add column purging boolean not null default false;
create index queues_purging on queues (queue_id) where purging;
alter table queue_messages add column generation integer not null default 0;

-- A purge retires the queue's data keys at once, so no message is sealed with them again, and the sweeper destroys them
-- once no message sealed with them is left. A destroyed key is retired too.
alter table data_keys add column retired_at timestamptz;
update data_keys set retired_at = destroyed_at where destroyed_at is not null;
alter table data_keys add constraint data_keys_destroyed_retired check (destroyed_at is null or retired_at is not null);
drop index data_keys_current;
create index data_keys_current on data_keys (queue_id, created_at desc) where retired_at is null;
-- The keys a sweep waits on (MessageStore.FinishPurgeAsync): its queue's purged rows are those under them.
create index data_keys_retired on data_keys (queue_id) where retired_at is not null and destroyed_at is null;

-- One batch of a purge's rows (MessageStore.DeletePurgedAsync): the first rows of the queue past the cursor in primary-key
-- order, so each batch reads on from where the last stopped. Planned from statistics that think the queue small (or
-- none), the plain statement read the whole queue's range by bitmap and sorted it, per batch: a purge of a million rows
-- read a million rows a thousand times. With sorts and bitmaps off, the key's own order is the only plan. The queue is
-- hidden from the planner as in MessageStore, and JIT is off as in 117_no_jit.sql.
create function secq_delete_purged(purged_queue bigint, after_position bigint, after_idx smallint, below integer, batch integer)
returns table (removed_position bigint, removed_idx smallint)
language sql
set enable_sort = off
set enable_bitmapscan = off
set enable_seqscan = off
set jit = off
as $$
    delete from queue_messages m
    where m.ctid = any(array(
        select q.ctid from queue_messages q
        where q.queue_id = (select purged_queue) and (q.position, q.idx) > (after_position, after_idx) and q.generation < below
        order by q.position, q.idx
        limit batch
        for update skip locked))
    returning m.position, m.idx
$$;

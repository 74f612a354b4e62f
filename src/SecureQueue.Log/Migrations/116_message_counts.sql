-- Each queue's number of message rows, so that GetQueueAttributes' counts and the depth metric read the rows that are
-- not visible (in flight, delayed, expired and not swept yet) instead of every row: on a backlog of millions, counting
-- every row took seconds per call. Every statement that inserts or deletes message rows adds one row per queue it
-- touched, with the change; MessageCountFolder sums each queue's rows into one every few seconds. Rows are only ever
-- added and folded, never updated, so concurrent writers, replicas and folders never wait on one counter row.
create table queue_message_counts (
    queue_id bigint not null,
    messages bigint not null
);

create index queue_message_counts_queue on queue_message_counts (queue_id);

create function secq_count_inserted_messages() returns trigger
language plpgsql
as $$
begin
    insert into queue_message_counts (queue_id, messages) select queue_id, count(*) from inserted group by queue_id;
    return null;
end
$$;

create function secq_count_deleted_messages() returns trigger
language plpgsql
as $$
begin
    insert into queue_message_counts (queue_id, messages) select queue_id, -count(*) from deleted group by queue_id;
    return null;
end
$$;

-- Only the owner can truncate the table (the gateway's role holds no TRUNCATE); the counts follow it.
create function secq_count_truncated_messages() returns trigger
language plpgsql
as $$
begin
    delete from queue_message_counts;
    return null;
end
$$;

create trigger queue_messages_count_inserted after insert on queue_messages
    referencing new table as inserted for each statement execute function secq_count_inserted_messages();
create trigger queue_messages_count_deleted after delete on queue_messages
    referencing old table as deleted for each statement execute function secq_count_deleted_messages();
create trigger queue_messages_count_truncated after truncate on queue_messages
    for each statement execute function secq_count_truncated_messages();

-- After the triggers, in the migration's transaction: creating them locks out writers until it commits, so no row is
-- counted twice or missed.
insert into queue_message_counts (queue_id, messages) select queue_id, count(*) from queue_messages group by queue_id;

-- A queue's messages at counted_at that are not visible: in flight (received, not visible again yet) and waiting
-- (delayed, never received), none expired. Only the rows past counted_at in the ready index are read. Sequential scans
-- are off, and the queue and the time are hidden from the planner as in MessageStore, so that no plan trades that range
-- for a scan of the whole queue or table (planned from stale statistics that think the queue holds one row, the primary
-- key's scan of the whole queue looked cheaper). The expiry is tested in the counts' filters, not the WHERE clause:
-- there, a generic plan scanned the expiry index for every unexpired row of every queue. These ranges are small, so
-- parallel workers cost more to start than they save.
create function secq_not_visible(counted_queue bigint, counted_at timestamptz)
returns table (in_flight bigint, waiting bigint)
language sql stable
set enable_seqscan = off
set max_parallel_workers_per_gather = 0
as $$
    select count(*) filter (where m.receive_count > 0 and m.expires_at > counted_at),
           count(*) filter (where m.receive_count = 0 and m.expires_at > counted_at)
    from queue_messages m
    where m.queue_id = (select counted_queue) and m.visible_at > (select counted_at)
$$;

-- A queue's messages at counted_at as SQS reports them: visible, not visible (in flight) and delayed, none expired.
-- Visible is what remains of the maintained count once the others and the expired rows the sweeper has not removed yet
-- are taken away, so a backlog of visible messages is never read. "queue_id + 0" keeps the expired count on the expiry
-- index, whose range holds only rows older than the last sweep.
create function secq_queue_counts(counted_queue bigint, counted_at timestamptz)
returns table (visible bigint, not_visible bigint, delayed bigint)
language sql stable
set enable_seqscan = off
set max_parallel_workers_per_gather = 0
as $$
    select t.total - e.expired - n.in_flight - n.waiting, n.in_flight, n.waiting
    from (select coalesce(sum(c.messages), 0)::bigint as total from queue_message_counts c where c.queue_id = counted_queue) t,
         (select count(*) as expired from queue_messages m where m.expires_at <= counted_at and m.queue_id + 0 = counted_queue) e,
         secq_not_visible(counted_queue, counted_at) n
$$;

-- The same over every queue (the depth metric): each queue that has messages has a count row.
create function secq_total_counts(counted_at timestamptz)
returns table (visible bigint, not_visible bigint, delayed bigint)
language sql stable
set enable_seqscan = off
set max_parallel_workers_per_gather = 0
as $$
    select t.total - e.expired - n.in_flight - n.waiting, n.in_flight, n.waiting
    from (select coalesce(sum(c.messages), 0)::bigint as total from queue_message_counts c) t,
         (select count(*) as expired from queue_messages m where m.expires_at <= counted_at) e,
         (select coalesce(sum(q.in_flight), 0)::bigint as in_flight, coalesce(sum(q.waiting), 0)::bigint as waiting
          from (select distinct queue_id from queue_message_counts) counted, secq_not_visible(counted.queue_id, counted_at) q) n
$$;

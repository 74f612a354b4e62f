-- Each served region is a namespace of queues (SecureQueue:Regions): a queue is named by account, region and name.
-- A queue created before regions were served cannot be given one safely (which region the operator meant is not in the
-- database), so such a database is refused here, in the migration's transaction, rather than half-used.
do $$
begin
    if exists (select 1 from queues) then
        raise exception 'This database holds queues created before regions were served (schema 105_lookup); they cannot be assigned a region. Migrate a new database.'
            using errcode = 'P0001';
    end if;
end $$;

alter table queues add column region text not null;
drop index queues_live_name;
drop index queues_deleted_name;
create unique index queues_live_name on queues (account_id, region, name) where deleted_at is null;
create index queues_deleted_name on queues (account_id, region, name, deleted_at) where deleted_at is not null;

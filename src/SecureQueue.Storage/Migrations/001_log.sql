-- The append-only, hash-chained log: the message store and the audit trail in one table.
create table log_head (
    id            boolean primary key default true check (id),
    last_position bigint  not null,
    last_hash     bytea   not null
) with (fillfactor = 50);

insert into log_head (id, last_position, last_hash)
values (true, 0, decode(repeat('00', 32), 'hex'));

create table events (
    position      bigint      primary key,
    recorded_at   timestamptz not null,
    event_type    text        not null,
    action        text        not null,
    request_id    uuid        not null,
    principal_arn text,
    access_key_id text,
    source_ip     text,
    user_agent    text,
    resource_arn  text,
    error_code    text,
    tls_version   text,
    tls_cipher    text,
    data          bytea       not null,
    prev_hash     bytea       not null,
    hash          bytea       not null
);

create index events_recorded_at on events using brin (recorded_at);

-- Nothing may change or remove an event once written; the chain would break silently otherwise.
create function events_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'events is append-only: % is not allowed', tg_op using errcode = 'P0001';
end $$;

create trigger events_no_update before update or delete on events
    for each row execute function events_append_only();
create trigger events_no_truncate before truncate on events
    for each statement execute function events_append_only();

-- Projections of the log, written in the same transaction as the events they follow.
create table queues (
    queue_id         bigint generated always as identity primary key,
    account_id       text        not null,
    name             text        not null,
    attributes       jsonb       not null,
    tags             jsonb       not null default '{}',
    created_at       timestamptz not null,
    last_modified_at timestamptz not null,
    last_purged_at   timestamptz,
    deleted_at       timestamptz
) with (fillfactor = 70);

create unique index queues_live_name on queues (account_id, name) where deleted_at is null;
create index queues_deleted_name on queues (account_id, name, deleted_at) where deleted_at is not null;

-- Narrow and hot: one row per message not yet deleted; the sealed body stays in the send event (event_id).
-- key_id names the data key that sealed it, so a key is destroyed only when no remaining message needs it.
create table queue_messages (
    queue_id          bigint      not null,
    position          bigint      not null,
    idx               smallint    not null,
    message_id        uuid        not null,
    event_id          uuid        not null,
    key_id            uuid        not null,
    sent_at           timestamptz not null,
    visible_at        timestamptz not null,
    expires_at        timestamptz not null,
    receive_count     integer     not null default 0,
    receipt_nonce     bigint      not null default 0,
    first_received_at timestamptz,
    primary key (queue_id, position, idx)
) with (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_cost_delay = 0);

create index queue_messages_ready on queue_messages (queue_id, visible_at, position, idx);
create index queue_messages_expiry on queue_messages (expires_at);
create index queue_messages_key on queue_messages (queue_id, key_id);

-- Per-queue data keys, stored only wrapped by a key-encryption key. Destroying a key erases its wrapped
-- bytes: ciphertext sealed under it, which stays in the immutable log, can then never be opened again.
create table data_keys (
    key_id       uuid        primary key,
    queue_id     bigint      not null,
    keyring      text        not null,
    kek_version  integer     not null,
    wrapped      bytea,
    created_at   timestamptz not null,
    destroyed_at timestamptz,
    check ((wrapped is null) = (destroyed_at is not null))
);

create index data_keys_current on data_keys (queue_id, created_at desc) where destroyed_at is null;

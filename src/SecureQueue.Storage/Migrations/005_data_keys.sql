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

-- The data key that sealed each message, so a key is destroyed only when no remaining message needs it.
alter table queue_messages add column key_id uuid;
create index queue_messages_key on queue_messages (queue_id, key_id);

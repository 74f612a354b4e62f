-- FIFO queues (README.md, "What it serves"). Everything that must hold across gateway replicas is a row here, never process memory.

-- A FIFO message's group (caller text, in clear: ordering needs it) and its sequence number within the queue's groups.
alter table queue_messages add column group_id text, add column sequence_number numeric(39, 0);
create index queue_messages_group on queue_messages (queue_id, group_id, sequence_number) where group_id is not null;

-- One row per (FIFO queue, message group). A send takes the row's lock to draw the group's next sequence numbers; a receive
-- takes it (skip locked) to claim the group's leading messages, so two receivers, on any replica, never split a group.
create table fifo_groups (
    queue_id      bigint        not null,
    group_id      text          not null,
    last_sequence numeric(39, 0) not null,
    primary key (queue_id, group_id)
);

-- The deduplication window: one row per (queue, scope, SHA-256 of the deduplication id). The scope is the message group
-- when the queue was created with DeduplicationScope=messageGroup, else empty. Caller ids are stored only as hashes.
create table fifo_deduplication (
    queue_id        bigint         not null,
    scope           text           not null,
    id_hash         bytea          not null,
    message_id      uuid           not null,
    sequence_number numeric(39, 0) not null,
    expires_at      timestamptz    not null,
    primary key (queue_id, scope, id_hash)
);

create index fifo_deduplication_expiry on fifo_deduplication (expires_at);

-- ReceiveRequestAttemptId: what a receive returned, so a retry within 5 minutes returns the same messages and receipts.
create table fifo_receive_attempts (
    queue_id     bigint      not null,
    attempt_hash bytea       not null,
    positions    bigint[]    not null,
    indexes      smallint[]  not null,
    nonce        bigint      not null,
    visible_at   timestamptz not null,
    expires_at   timestamptz not null,
    primary key (queue_id, attempt_hash)
);

create index fifo_receive_attempts_expiry on fifo_receive_attempts (expires_at);

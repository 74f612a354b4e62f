-- Signed checkpoints of the sealed log (see Audit/Checkpoint.cs). Each is also a line in the checkpoint file of its
-- origin, outside the database; the Ed25519 signature is deterministic, so it identifies a checkpoint in both places.
-- The gateway needs only INSERT and SELECT here.
create table checkpoints (
    signature bytea       primary key,
    position  bigint      not null,
    hash      bytea       not null,
    signed_at timestamptz not null,
    key_id    text        not null,
    origin    text        not null
);

create index checkpoints_position on checkpoints (position);

create trigger checkpoints_no_update before update or delete on checkpoints for each row execute function append_only();
create trigger checkpoints_no_truncate before truncate on checkpoints for each statement execute function append_only();

-- Message move tasks (StartMessageMoveTask): a projection of the task events, written in their transactions. The
-- partial unique index is what keeps one active task per source queue, across replicas.
create table message_move_tasks (
    task_id         uuid        primary key,
    source_arn      text        not null,
    destination_arn text,
    max_per_second  integer,
    rate            integer     not null,
    status          text        not null check (status in ('RUNNING', 'CANCELLING', 'COMPLETED', 'CANCELLED', 'FAILED')),
    to_move         bigint      not null,
    moved           bigint      not null default 0,
    failure_reason  text,
    principal_arn   text        not null,
    credential_id   text        not null,
    source_ip       text        not null,
    started_at      timestamptz not null,
    finished_at     timestamptz
);

create unique index message_move_tasks_active on message_move_tasks (source_arn) where status in ('RUNNING', 'CANCELLING');
create index message_move_tasks_recent on message_move_tasks (source_arn, started_at desc);

-- CloudTrail LookupEvents' attributes as plain columns, one row per event, written by the log writer in the same
-- transaction and round trip as the append (Events/LookupKeys.cs computes them from the audit envelope). They replace
-- the seven expression indexes of 105_lookup.sql on mt_events: evaluating seven jsonb expressions and inserting seven
-- index entries per event was half of an append's cost in PostgreSQL; narrow rows in one set-based insert cost a third
-- of that. A page is still a short backward range scan of one (attribute, seq_id) index, joined to its events.
create table event_lookup (
    seq_id           bigint not null,
    action           text   not null,
    read_only        text,
    user_name        text,
    resource_service text,
    resource_arn     text,
    event_source     text   not null,
    access_key_id    text
);

-- The same values the dropped indexes held, for the events already logged.
insert into event_lookup
select seq_id, data ->> 'action', data ->> 'readOnly', (data -> 'authentication') ->> 'userName',
       case when (data ->> 'resourceArn') like 'arn:%:%:%:%:%' then split_part(data ->> 'resourceArn', ':', 3) end,
       data ->> 'resourceArn',
       coalesce(data ->> 'eventSource', case when (data ->> 'principalArn') like 'secq:%' then 'securequeue.internal' else 'sqs.amazonaws.com' end),
       data ->> 'accessKeyId'
from mt_events;

create index event_lookup_action on event_lookup (action, seq_id);
create index event_lookup_read_only on event_lookup (read_only, seq_id);
create index event_lookup_user_name on event_lookup (user_name, seq_id);
create index event_lookup_resource_service on event_lookup (resource_service, seq_id);
create index event_lookup_resource_arn on event_lookup (resource_arn, seq_id);
create index event_lookup_event_source on event_lookup (event_source, seq_id);
create index event_lookup_access_key_id on event_lookup (access_key_id, seq_id);

-- Like the log it indexes, the gateway may only add rows: removing one would hide an event from lookups.
create trigger event_lookup_no_update before update or delete on event_lookup for each row execute function append_only();
create trigger event_lookup_no_truncate before truncate on event_lookup for each statement execute function append_only();

drop index mt_events_lookup_event_name, mt_events_lookup_read_only, mt_events_lookup_username, mt_events_lookup_resource_type,
           mt_events_lookup_resource_name, mt_events_lookup_event_source, mt_events_lookup_access_key;

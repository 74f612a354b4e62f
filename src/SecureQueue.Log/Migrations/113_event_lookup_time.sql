-- LookupEvents' StartTime and EndTime. Pages were newest first by seq_id, with the window a filter, so a window that
-- ended a week ago was found by reading every event of the week after it, backwards. Each lookup row now carries its
-- event's recorded time (the jsonb "time" field, which the row's insert reads from the event itself), and every index
-- orders by (recorded_at, seq_id) after its attribute: a page is a range scan of one index whatever its window, and
-- pages run newest first by recorded time, as CloudTrail's do. `secq audit verify` checks the column like the others.
alter table event_lookup add column recorded_at timestamptz;

-- Back-filled by the owner: the gateway's role may only add rows, and the trigger holds the owner to that otherwise.
alter table event_lookup disable trigger event_lookup_no_update;
update event_lookup l set recorded_at = (e.data ->> 'time')::timestamptz from mt_events e where e.seq_id = l.seq_id;
alter table event_lookup enable trigger event_lookup_no_update;

drop index event_lookup_action, event_lookup_read_only, event_lookup_user_name, event_lookup_resource_service,
           event_lookup_resource_arn, event_lookup_event_source, event_lookup_access_key_id;

create index event_lookup_recorded_at on event_lookup (recorded_at, seq_id);
create index event_lookup_action on event_lookup (action, recorded_at, seq_id);
create index event_lookup_read_only on event_lookup (read_only, recorded_at, seq_id);
create index event_lookup_user_name on event_lookup (user_name, recorded_at, seq_id);
create index event_lookup_resource_service on event_lookup (resource_service, recorded_at, seq_id);
create index event_lookup_resource_arn on event_lookup (resource_arn, recorded_at, seq_id);
create index event_lookup_event_source on event_lookup (event_source, recorded_at, seq_id);
create index event_lookup_access_key_id on event_lookup (access_key_id, recorded_at, seq_id);

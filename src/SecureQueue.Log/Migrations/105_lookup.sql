-- CloudTrail LookupEvents (SecureQueue.Trail/Lookup/EventLookup.cs) filters on one attribute and pages newest first by
-- seq_id: one index per attribute on (the expression EventLookup compares, seq_id), so a page is a short backward range
-- scan however large the log is. The expressions must stay exactly AuditSearch.Expression's (Audit/AuditSearch.cs). EventId uses mt_events_id.
-- Every index here costs every append, so there are no others: the time window is a filter on these scans.
create index mt_events_lookup_event_name on mt_events ((data ->> 'action'), seq_id);
create index mt_events_lookup_read_only on mt_events ((data ->> 'readOnly'), seq_id);
create index mt_events_lookup_username on mt_events (((data -> 'authentication') ->> 'userName'), seq_id);
create index mt_events_lookup_resource_type on mt_events ((split_part(data ->> 'resourceArn', ':', 3)), seq_id);
create index mt_events_lookup_resource_name on mt_events ((data ->> 'resourceArn'), seq_id);
create index mt_events_lookup_event_source on mt_events ((coalesce(data ->> 'eventSource', case when (data ->> 'principalArn') like 'secq:%' then 'securequeue.internal' else 'sqs.amazonaws.com' end)), seq_id);
create index mt_events_lookup_access_key on mt_events ((data ->> 'accessKeyId'), seq_id);

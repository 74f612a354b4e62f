-- The send events of claimed messages, by their ids: what a receive reads of each record (the sender's ARN and the
-- detail that holds the sealed messages) and the attachment. A claim statement is prepared once per connection and
-- planned generically; planned while the log was small, a probe of mt_events by id written in the statement itself
-- became a sequential scan, kept as the log grew, so every claimed message read the whole log until autoanalyze
-- re-planned it. Here the lookup is planned with sequential scans off: it is the unique index's, however small the log
-- was. One call per claim statement, for all its events, so the setting is made once per statement, not per message.
create function secq_send_events(events uuid[]) returns table (id uuid, data jsonb, bdata bytea)
language plpgsql stable rows 10
set enable_seqscan = off
as $$
begin
    return query
        select e.id, jsonb_build_object('principalArn', e.data -> 'principalArn', 'detail', e.data -> 'detail'), e.bdata
        from mt_events e where e.id = any(events);
end
$$;

-- A claimed message's send event, by its id: what a receive reads of the record (the sender's ARN and the detail that
-- holds the sealed messages) and the attachment. A claim statement is prepared once per connection and planned
-- generically; planned while the log was small, a probe of mt_events by id written in the statement itself became a
-- sequential scan, kept as the log grew, so every claimed message read the whole log until autoanalyze re-planned it.
-- Here the probe is planned with sequential scans off: it is the unique index's, however small the log was.
create function secq_send_event(event uuid) returns table (data jsonb, bdata bytea)
language plpgsql stable
set enable_seqscan = off
as $$
begin
    return query
        select jsonb_build_object('principalArn', e.data -> 'principalArn', 'detail', e.data -> 'detail'), e.bdata
        from mt_events e where e.id = event;
end
$$;

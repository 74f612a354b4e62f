-- One lookup row per event, found by its event: `secq audit verify` reads each event's row beside it and checks it
-- against the event's sealed data, so an edited, missing or extra row (which would hide an event from a lookup, or
-- show it under another attribute) is found like an edit of the event itself.
alter table event_lookup add constraint event_lookup_pkey primary key (seq_id);

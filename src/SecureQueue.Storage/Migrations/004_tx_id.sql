-- The writer transaction of each event: shows group commit (many events per transaction) and helps diagnostics.
alter table events add column tx_id xid8 not null default pg_current_xact_id();

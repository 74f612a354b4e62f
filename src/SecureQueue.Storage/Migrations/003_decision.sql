-- The authorization decision of each call, as a column for audit queries (the full record stays in data).
alter table events add column decision text;

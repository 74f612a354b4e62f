-- Send and dead-letter move events keep their sealed bodies in bdata (raw bytes; the record in data points into them).
-- Sealed bodies do not compress, so a row too large to stay inline moves them out of line without trying pglz first.
alter table mt_events alter column bdata set storage external;

-- An event row is about 2.3 KB for a 1 KiB send (record in data, sealed bodies in bdata): just over the 2 KB at which
-- PostgreSQL moves a value out of line. Out of line, every append also wrote a TOAST row and its index entry, and every
-- read (the sealer, claims) fetched it back. Rows up to a page now stay inline; larger messages still go out of line.
alter table mt_events set (toast_tuple_target = 8160);

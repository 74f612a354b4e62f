-- These functions turn sequential scans off to keep their plans on the indexes they were written for. A plan that still
-- needs one (the sum over queue_message_counts has no index to read it from) is then estimated at about 10^10, far past
-- jit_above_cost, and PostgreSQL compiled it with LLVM, inlined and optimised, on every call: 200 to 650 ms per
-- secq_total_counts in the compare benchmark, for a plan that reads some 400 buffers. Their estimates mean nothing
-- to JIT, so it is off for them.
alter function secq_send_events(uuid[]) set jit = off;
alter function secq_not_visible(bigint, timestamptz) set jit = off;
alter function secq_queue_counts(bigint, timestamptz) set jit = off;
alter function secq_total_counts(timestamptz) set jit = off;

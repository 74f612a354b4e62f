-- The writer sends a batch's message rows, its events, their lookup rows and its COMMIT in one round trip, so an
-- insert that stores fewer rows than it was given (a message whose data key was destroyed, an event without its lookup
-- row) must fail the statement itself, and with it the transaction: a count checked after the round trip would come
-- after the commit.
create function secq_expect_rows(stored bigint, expected integer, failure text) returns bigint
language plpgsql
as $$
begin
    if stored <> expected then
        raise exception '%', failure;
    end if;

    return stored;
end
$$;

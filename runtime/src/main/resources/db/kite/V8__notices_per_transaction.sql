-- Kite schema, version 8: at most 10,000 notices on kite_executions per transaction, then one
-- "* overflow" notice, which asks every listener to read again whatever it watches, as after a
-- reconnection. One bulk statement (an import of 2,000,000 ended executions, say) otherwise
-- queued 2,000,000 notices for every listening Kite process at its commit: each process read them
-- all, ran out of heap and stopped answering for seconds. Kite's own transactions write at most
-- kite.engine.write-batch-size rows (256 by default; at most 10,000, checked at start-up). The
-- count is of announced row changes, transaction-local (set_config(..., true)), and starts again
-- at each transaction; a rolled-back savepoint takes its count and its notices back together.
create or replace function kite_executions_notify() returns trigger language plpgsql as $$
declare
    sent int;
begin
    if tg_op = 'UPDATE' and new.phase is not distinct from old.phase
            and jsonb_array_length(new.events) = jsonb_array_length(old.events) then
        return null;
    end if;
    sent := coalesce(nullif(current_setting('kite.notices_sent', true), '')::int, 0) + 1;
    if sent > 10001 then
        return null;
    end if;
    perform set_config('kite.notices_sent', sent::text, true);
    if sent <= 10000 then
        perform pg_notify('kite_executions', new.id::text || ' ' || new.project || ' ' || new.domain || ' '
            || case when tg_op = 'INSERT' or new.phase is distinct from old.phase then '1' else '0' end);
    elsif sent = 10001 then
        perform pg_notify('kite_executions', '* overflow');
    end if;
    return null;
end
$$;

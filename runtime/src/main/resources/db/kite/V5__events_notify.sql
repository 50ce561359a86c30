-- Kite schema, version 5: every change of an execution's events or phase is announced on the
-- channel kite_executions, after its transaction commits, to every Kite process that listens
-- (the live event streams of the API, decision 0020). The payload is
-- "<id> <project> <domain> <1 when the phase changed, else 0>"; listeners read the row themselves.
create or replace function kite_executions_notify() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform pg_notify('kite_executions', new.id::text || ' ' || new.project || ' ' || new.domain || ' 1');
    elsif new.phase is distinct from old.phase
            or jsonb_array_length(new.events) <> jsonb_array_length(old.events) then
        perform pg_notify('kite_executions', new.id::text || ' ' || new.project || ' ' || new.domain || ' '
            || case when new.phase is distinct from old.phase then '1' else '0' end);
    end if;
    return null;
end
$$;

create trigger executions_notify after insert or update on executions
    for each row execute function kite_executions_notify();

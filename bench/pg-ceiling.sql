-- The database's ceiling for Kite's writes: the same two commits one no-op execution costs
-- (the insert of the QUEUED execution with its audit row in one statement; the fenced update to
-- SUCCEEDED; an in-process attempt that ends within kite.engine.running-write-delay writes no
-- RUNNING, decision 0027), on the same tables and indexes, with rows of the same shape.
\set k random(1, 9000000000000000000)
with e as (
  insert into executions (id, project, domain, name, version, phase, inputs, start_time, seed, owner, events, created_at, updated_at)
    values (md5(:k::text)::uuid, 'bench', 'development', 'noop', 'v1', 'QUEUED', '{}', now(), :k, 'pgbench',
            '[{"at": "2026-11-26T21:48:48.261474460Z", "phase": "QUEUED"}]', now(), now())
    returning id)
insert into audit_events (principal, key_name, address, action, project, target, detail)
  select 'bootstrap', 'bootstrap', '127.0.0.1', 'execution.submitted', 'bench', e.id::text,
         '{"task": {"project": "bench", "domain": "development", "name": "noop", "version": "v1"}}'::jsonb from e;
update executions set phase = 'SUCCEEDED', done = true, outputs = '{}', attempts = '[{"name": "kite-01a219d523057e1aa7e21175d38eb621-0", "phase": "SUCCEEDED", "budget": "none", "number": 0, "endedAt": "2026-11-26T21:48:48.306787077Z", "startedAt": "2026-11-26T21:48:48.279238259Z"}]',
  events = events || '[{"at": "2026-11-26T21:48:48.306900289Z", "phase": "SUCCEEDED", "attempt": 0}, {"at": "2026-11-26T21:48:48.307105244Z", "phase": "SUCCEEDED"}]',
  cache_status = 'DISABLED', updated_at = now()
  where id = md5(:k::text)::uuid and not done and owner = 'pgbench';

-- A cache hit's one commit (decision 0038: the execution is inserted ended, with its audit row, in
-- one statement), on the same tables and indexes, with a row of the same shape: what PostgreSQL
-- alone takes for the write a cache hit waits for.
\set k random(1, 9000000000000000000)
with e as (
  insert into executions (id, project, domain, name, version, phase, done, inputs, outputs, start_time, seed, owner, events,
                          cache_status, cache_key, cache_source, created_at, updated_at)
    values (md5(:k::text)::uuid, 'bench', 'development', 'slow-fib', 'v1', 'SUCCEEDED', true, '{"n": 30}', '{"o0": 832040}',
            now(), :k, 'pgbench',
            '[{"at": "2026-11-26T21:48:48.261474460Z", "phase": "QUEUED"}, {"at": "2026-11-26T21:48:48.261474460Z", "phase": "CACHE_HIT"}, {"at": "2026-11-26T21:48:48.261474460Z", "phase": "SUCCEEDED"}]',
            'HIT', 'cd075234a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c', '01a23727-e8b0-7000-8000-000000000000', now(), now())
    returning id)
insert into audit_events (principal, key_name, address, action, project, target, detail)
  select 'bootstrap', 'bootstrap', '127.0.0.1', 'execution.submitted', 'bench', e.id::text,
         '{"task": {"project": "bench", "domain": "development", "name": "slow-fib", "version": "v1"}}'::jsonb from e;

-- The database's ceiling for Kite's writes: the same three commits one execution costs at low
-- load (insert QUEUED, fenced update RUNNING, fenced update SUCCEEDED), on the same table and
-- indexes, with rows of the same shape.
\set k random(1, 9000000000000000000)
insert into executions (id, project, domain, name, version, phase, inputs, start_time, seed, owner, events, created_at, updated_at)
  values (md5(:k::text)::uuid, 'bench', 'development', 'noop', 'v1', 'QUEUED', '{}', now(), :k, 'pgbench',
          '[{"at": "2026-11-26T21:48:48.261474460Z", "phase": "QUEUED"}]', now(), now());
update executions set phase = 'RUNNING', attempts = '[{"name": "kite-01a219d523057e1aa7e21175d38eb621-0", "phase": "RUNNING", "budget": "none", "number": 0, "startedAt": "2026-11-26T21:48:48.279238259Z"}]',
  events = events || '[{"at": "2026-11-26T21:48:48.279279917Z", "phase": "RUNNING", "attempt": 0}]', updated_at = now()
  where id = md5(:k::text)::uuid and not done and owner = 'pgbench';
update executions set phase = 'SUCCEEDED', done = true, outputs = '{}', attempts = '[{"name": "kite-01a219d523057e1aa7e21175d38eb621-0", "phase": "SUCCEEDED", "budget": "none", "number": 0, "endedAt": "2026-11-26T21:48:48.306787077Z", "startedAt": "2026-11-26T21:48:48.279238259Z"}]',
  events = events || '[{"at": "2026-11-26T21:48:48.306900289Z", "phase": "SUCCEEDED", "attempt": 0}, {"at": "2026-11-26T21:48:48.307105244Z", "phase": "SUCCEEDED"}]',
  cache_status = 'DISABLED', updated_at = now()
  where id = md5(:k::text)::uuid and not done and owner = 'pgbench';

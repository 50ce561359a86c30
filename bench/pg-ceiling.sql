-- The database's ceiling for Kite's writes: the same three commits one execution costs at low
-- load (insert QUEUED, update RUNNING, update SUCCEEDED), on the same table and indexes.
\set seed random(1, 1000000000)
insert into executions (id, project, domain, name, version, phase, inputs, start_time, seed, owner, events, created_at, updated_at)
  values (md5(:seed::text || clock_timestamp()::text)::uuid, 'bench', 'development', 'noop', 'v1', 'QUEUED', '{}', now(), :seed, 'pgbench',
          '[{"phase":"QUEUED"}]', now(), now()) returning id \gset
update executions set phase = 'RUNNING', attempts = '[{"number":0,"phase":"RUNNING"}]', events = events || '[{"phase":"RUNNING"}]', updated_at = now()
  where id = :'id' and not done and owner = 'pgbench';
update executions set phase = 'SUCCEEDED', done = true, outputs = '{}', attempts = '[{"number":0,"phase":"SUCCEEDED"}]',
  events = events || '[{"phase":"SUCCEEDED"}]', cache_status = 'DISABLED', updated_at = now()
  where id = :'id' and not done and owner = 'pgbench';

-- Kite schema, version 2: the retention sweep of raw outputs records which executions' data it deleted.
alter table executions add column data_deleted_at timestamptz;
create index executions_data_retention on executions (project, domain, updated_at) where done and data_deleted_at is null;

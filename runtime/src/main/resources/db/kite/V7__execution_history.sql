-- Kite schema: indexes for every listing shape the API offers, and the retention of ended executions.
-- Listing by project alone (no domain) walked a full scan and sort; a name or phase filter that
-- rarely matches read every row of the project.
create index executions_project_listing on executions (project, seq desc);
create index executions_name_listing on executions (project, name, seq desc);
create index executions_phase_listing on executions (project, phase, seq desc);
-- The history sweep finds ended executions of a scope past its retention.
create index executions_history on executions (project, domain, updated_at) where done;

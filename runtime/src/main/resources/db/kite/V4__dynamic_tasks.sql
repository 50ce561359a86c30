-- Kite schema, version 4: dynamic tasks. A child execution names its parent and its node in the
-- parent's graph (a map element as node[i]); node_settings holds its depth and the node's overrides.
-- The compiled graph of a parent is stored once, its task references pinned (no template copies).
alter table executions add column parent uuid, add column node text, add column node_settings jsonb;
create index executions_children on executions (parent, seq) where parent is not null;

create table execution_graphs (
    execution  uuid primary key,
    graph      jsonb not null,
    created_at timestamptz not null default now()
);

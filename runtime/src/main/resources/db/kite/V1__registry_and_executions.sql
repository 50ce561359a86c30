-- Kite schema, version 1: the task registry, executions, and the replicas that own them.

create table projects (
    id          text primary key,
    name        text not null,
    description text not null default '',
    created_at  timestamptz not null default now()
);

create table tasks (
    project    text not null references projects (id),
    domain     text not null,
    name       text not null,
    version    text not null,
    type       text not null,
    template   jsonb not null,
    digest     text not null,
    seq        bigserial primary key,
    created_at timestamptz not null default now(),
    unique (project, domain, name, version)
);
-- versions newest first, and listing by project/domain with a cursor
create index tasks_versions on tasks (project, domain, name, seq desc);
create index tasks_listing on tasks (project, domain, seq);

-- One row per live Kite process; an execution whose owner stopped heartbeating is taken over.
create table nodes (
    id         text primary key,
    started_at timestamptz not null,
    heartbeat  timestamptz not null
);

create table executions (
    id              uuid primary key,
    project         text not null,
    domain          text not null,
    name            text not null,
    version         text not null,
    client_name     text,
    phase           text not null,
    done            boolean not null default false,
    inputs          jsonb not null,
    outputs         jsonb,
    error           jsonb,
    attempts        jsonb not null default '[]',
    events          jsonb not null default '[]',
    cache_status    text,
    cache_key       text,
    cache_source    uuid,
    overwrite_cache boolean not null default false,
    start_time      timestamptz not null,
    seed            bigint not null,
    owner           text,
    next_at         timestamptz,
    deadline_at     timestamptz,
    seq             bigserial not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);
create unique index executions_client_name on executions (project, domain, client_name) where client_name is not null;
create index executions_listing on executions (project, domain, seq desc);
create index executions_open on executions (owner) where not done;

-- Kite schema, version 2: who did what. API keys (stored as hashes), the audit trail, and the
-- principals that submitted and aborted each execution.

alter table executions add column submitted_by text, add column aborted_by text;

create table api_keys (
    id           uuid primary key,
    name         text not null,
    owner        text not null,
    scopes       text[] not null,
    -- HMAC-SHA256 of the key under the server secret (hex); the key itself is never stored
    hash         text not null unique,
    -- the first characters of the key, to recognize it by in listings
    prefix       text not null,
    created_at   timestamptz not null default now(),
    created_by   text not null,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    revoked_by   text,
    last_used_at timestamptz
);

-- Settings Kite generates for itself (the API key hash secret when none is configured).
create table security_settings (
    name  text primary key,
    value text not null
);

create table audit_events (
    seq       bigserial primary key,
    at        timestamptz not null default now(),
    principal text not null,
    key_name  text,
    address   text,
    action    text not null,
    project   text,
    target    text not null,
    detail    jsonb
);
create index audit_events_project on audit_events (project, seq desc);

-- append-only: rows are never changed or removed
create function audit_events_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_events is append-only';
end;
$$;
create trigger audit_events_append_only before update or delete on audit_events
    for each row execute function audit_events_append_only();

#!/usr/bin/env bash
# Listing cost against the size of the history (a benchmark, not a test): with 0 and then
# HIST_ROWS ended executions in the table, the p50/p99 of every listing shape the API offers
# (project; project+domain; a name or a phase that rarely matches, with and without a domain;
# a second page). Kite must be running on BASE with its database DB (bench/run.sh calls this);
# prints one markdown table on stdout.
#
#   BASE=http://127.0.0.1:18080 DB=kite_bench KITE_KEY=... HIST_ROWS=2000000 bash bench/history.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BASE:?}" "${DB:?}" "${KITE_KEY:?}"
HIST_ROWS=${HIST_ROWS:-2000000}
K=${K:-200}
P=histbench
sql() { psql -q -h 127.0.0.1 -U kite -d "$DB" -Atc "$1"; }

curl -sf -o /dev/null -H "Authorization: Bearer $KITE_KEY" -H 'Content-Type: application/json' \
  -d "{\"id\": \"$P\"}" "$BASE/api/v1/projects" || true
sql "delete from executions where project = '$P'"

shapes=(
  "project|project=$P"
  "project+domain|project=$P&domain=d1"
  "project+name (rare)|project=$P&name=rare"
  "project+domain+name (rare)|project=$P&domain=d1&name=rare"
  "project+phase (rare)|project=$P&phase=FAILED"
  "project+domain+phase (rare)|project=$P&domain=d1&phase=FAILED"
)

source bench/lib.sh   # the load client (its get mode: one client, CLIENT_WARMUP untimed requests first)
measure() {
  for s in "${shapes[@]}"; do
    load "$BASE/api/v1/executions?${s#*|}&limit=50" "$K" 1 '' get
  done
}

echo "history: 0 rows" >&2
mapfile -t empty < <(measure)

echo "history: inserting $HIST_ROWS ended executions" >&2
# ~1 KB per row as the engine writes them: 4 domains, 1,000 names, 1 in 10,000 FAILED, a rare name
sql "insert into executions (id, project, domain, name, version, phase, done, inputs, outputs, attempts, events,
       start_time, seed, created_at, updated_at)
     select gen_random_uuid(), '$P', 'd' || (i % 4), case when i % 100000 = 7 then 'rare' else 't' || (i % 1000) end, 'v1',
            case when i % 10000 = 3 then 'FAILED' else 'SUCCEEDED' end, true,
            jsonb_build_object('text', repeat('x', 200), 'n', i), jsonb_build_object('total', i),
            jsonb_build_array(jsonb_build_object('number', 0, 'name', 'kite-' || i, 'phase', 'SUCCEEDED',
              'budget', 'none', 'startedAt', now(), 'endedAt', now())),
            jsonb_build_array(jsonb_build_object('at', now(), 'phase', 'QUEUED'),
              jsonb_build_object('at', now(), 'phase', 'RUNNING', 'attempt', 0),
              jsonb_build_object('at', now(), 'phase', 'SUCCEEDED')),
            now(), i, now(), now()
     from generate_series(1, $HIST_ROWS) i"
# as a table in service: vacuumed (hint bits set, visibility map current) and checkpointed. Right
# after a bulk insert, the first readers would write hint bits to every page they read, and the
# checkpoint of the insert's WAL would land inside the measurement.
sql "vacuum (analyze) executions"
psql -q -h 127.0.0.1 -U postgres -d "$DB" -c checkpoint
echo "history: $HIST_ROWS rows" >&2
mapfile -t full < <(measure)
sql "delete from executions where project = '$P'"

f() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
echo "| listing (limit 50) | p50 / p99 ms, 0 rows | p50 / p99 ms, $HIST_ROWS rows | target p99 |"
echo "|---|---|---|---|"
for i in "${!shapes[@]}"; do
  echo "| ${shapes[$i]%%|*} | $(echo "${empty[$i]}" | f p50_ms) / $(echo "${empty[$i]}" | f p99_ms) | $(echo "${full[$i]}" | f p50_ms) / $(echo "${full[$i]}" | f p99_ms) | ≤ 10 |"
done

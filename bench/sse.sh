#!/usr/bin/env bash
# The cost of live watchers (a benchmark, not a test): the no-op load of bench/run.sh with 0 and
# with W open event streams (default 500: half project streams, half followers of single
# executions) in the same run, alternating, medians of RUNS; the project streams watch another
# project, then the load's own. The followers follow executions of bench/development/hold (an
# http-job whose job never ends, on bench/Watchers.java's job server), which run in every case, so
# that only the watching differs. Replaces its section of BENCHMARKS.md (between the markers).
#
#   bash bench/sse.sh                        # N=3000 executions, C=32 clients, W=500, RUNS=3
#   N=5000 W=1000 RUNS=5 bash bench/sse.sh
#   DB=kite_bench PORT=18080 KITE_REDIS_URL=redis://127.0.0.1:6379/0 bash bench/sse.sh   # other database, port, Redis
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-3000}
C=${C:-32}
W=${W:-500}
RUNS=${RUNS:-3}
DB=${DB:-kite_bench}
PORT=${PORT:-18080}
HOLD_PORT=${HOLD_PORT:-$((PORT + 1))}
OUT=${OUT:-BENCHMARKS.md}
BASE="http://127.0.0.1:$PORT"
TMP=$(mktemp -d)
LOG=$TMP/kite.log
export KITE_KEY="kite_bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
FOLLOWERS=$((W / 2))
PROJECT_WATCHERS=$((W - FOLLOWERS))

KITE_DATABASES="$DB" bash scripts/services.sh
JAR=server/target/quarkus-app/quarkus-run.jar
if [ ! -f "$JAR" ] || [ "${BUILD:-0}" = 1 ]; then
  ./mvnw -B -q -ntp -DskipTests package -pl server -am
fi
psql -q -h 127.0.0.1 -U kite -d "$DB" -c 'drop schema public cascade; create schema public;'

source bench/lib.sh   # median, field, cpu_ticks
api() { curl -sf -H "Authorization: Bearer $KITE_KEY" -H 'Content-Type: application/json' "$@"; }

java bench/Watchers.java hold "$HOLD_PORT" >"$TMP/hold.log" 2>&1 &
HOLD=$!
WATCH=""
KITE=""
trap 'kill $WATCH $KITE $HOLD 2>/dev/null || true' EXIT
until grep -q holding "$TMP/hold.log" 2>/dev/null; do kill -0 $HOLD || { cat "$TMP/hold.log"; exit 1; }; sleep 0.05; done

echo "starting Kite on $PORT (log: $LOG)"
JAVA_OPTS=${KITE_JAVA_OPTS:-$(cat scripts/jvm.options)}
(cd "$(dirname "$JAR")" && KITE_REDIS_URL=${KITE_REDIS_URL:-redis://127.0.0.1:6379/0} KITE_DB_URL="postgresql://127.0.0.1:5432/$DB" KITE_PORT=$PORT KITE_HOST=127.0.0.1 KITE_DB_POOL=16 \
  KITE_BOOTSTRAP_API_KEY=$KITE_KEY exec java $JAVA_OPTS -Dkite.engine.node-id=bench-sse \
  -Dkite.http.allowed-networks=127.0.0.1/32 -Dquarkus.log.category.\"dev.kite\".level=WARN -jar quarkus-run.jar) >"$LOG" 2>&1 &
KITE=$!
until curl -sf "$BASE/q/health/ready" >/dev/null; do kill -0 $KITE 2>/dev/null || { cat "$LOG"; exit 1; }; sleep 0.05; done

# the executions the followers follow: they stay RUNNING (their job never ends) in both halves
api -X POST "$BASE/api/v1/projects" -d '{"id": "bench"}' >/dev/null || true
api -X POST "$BASE/api/v1/tasks" -d '{"id": {"project": "bench", "domain": "development", "name": "hold", "version": "v1"},
  "type": "http-job", "metadata": {"timeout": "PT2H"},
  "config": {"submit": {"url": "http://127.0.0.1:'"$HOLD_PORT"'/jobs"}, "job": {"id": "/id", "url": "header:Location"},
             "status": {"url": "http://127.0.0.1:'"$HOLD_PORT"'/jobs/{{.job.id}}", "pointer": "/state", "done": ["SUCCEEDED"]}}}' >/dev/null
: > "$TMP/ids"
for i in $(seq 1 "$FOLLOWERS"); do
  id=$(api -X POST "$BASE/api/v1/executions" -d '{"task": {"project": "bench", "domain": "development", "name": "hold"}, "inputs": {}}' \
    | grep -o '"id" *: *"[0-9a-f-]\{36\}"' | head -1 | grep -o '[0-9a-f-]\{36\}')
  echo "$id" >> "$TMP/ids"
done
until [ "$(api "$BASE/api/v1/executions?project=bench&phase=RUNNING&limit=1000" | grep -o '"phase":"RUNNING"' | wc -l)" -ge "$FOLLOWERS" ]; do
  sleep 0.5
done
echo "$FOLLOWERS executions of bench/development/hold RUNNING"

NOOP='{"task": {"project": "examples", "domain": "development", "name": "noop"}, "inputs": {}}'
load() { java bench/Load.java "$BASE" "$1" "$2" "$NOOP"; }
measure() {
  local w0 w1 line ok
  w0=$(cpu_ticks $KITE)
  line=$(load "$N" "$C")
  w1=$(cpu_ticks $KITE)
  ok=$(echo "$line" | field ok)
  echo "$line cpu_ms_per_exec=$(awk -v a="$w0" -v b="$w1" -v n="$ok" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.3f", (b-a)*1000/hz/n}')"
}

echo "warm-up"
load 1000 "$C" >/dev/null
off=(); idle=(); busy=(); seen=()
# with watchers of $1 (their streams: $PROJECT_WATCHERS of project $1, a follower per hold execution)
watched() {
  local out=$TMP/watch.$1.$2
  java bench/Watchers.java watch "$BASE" "$1" "$PROJECT_WATCHERS" "$TMP/ids" >"$out" 2>&1 &
  WATCH=$!
  until grep -q '^ready' "$out"; do kill -0 $WATCH 2>/dev/null || { cat "$out" >&2; exit 1; }; sleep 0.1; done
  grep -q 'refused=0' "$out" || { echo "watchers refused: $(cat "$out")" >&2; exit 1; }
  measure
  kill $WATCH; wait $WATCH 2>/dev/null || true; WATCH=""
}
for r in $(seq 1 "$RUNS"); do
  off+=("$(measure)"); echo "run $r, 0 watchers: ${off[-1]}"
  idle+=("$(watched bench "$r")"); echo "run $r, $W watchers elsewhere: ${idle[-1]}"
  busy+=("$(watched examples "$r")"); echo "run $r, $W watchers, $PROJECT_WATCHERS of them on the load's project: ${busy[-1]}"
  seen+=("$(tail -1 "$TMP/watch.examples.$r")"); echo "  they received: ${seen[-1]}"
done
med() { local -n runs=$1; printf '%s\n' "${runs[@]}" | field "$2" | median; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%+.1f %%", (b-a)*100/a}'; }
cpu0=$(med off cpu_ms_per_exec); cpu1=$(med idle cpu_ms_per_exec); cpu2=$(med busy cpu_ms_per_exec)
thr0=$(med off throughput); thr1=$(med idle throughput); thr2=$(med busy throughput)
p990=$(med off p99_ms); p991=$(med idle p99_ms); p992=$(med busy p99_ms)
pev=$(med seen project_events)
per_event=$(awk -v a="$cpu0" -v b="$cpu2" -v e="$pev" -v n="$N" 'BEGIN {printf "%.2f", (b-a)*1000*n/e}')
echo "CPU per execution: $cpu0 ms with 0 watchers, $cpu1 ms with $W elsewhere ($(pct "$cpu0" "$cpu1")), $cpu2 ms with $PROJECT_WATCHERS on the load's project ($(pct "$cpu0" "$cpu2"))"

section=$TMP/section.md
{
  echo "<!-- bench/sse.sh: begin (replaced by each run) -->"
  echo "## Live watchers: CPU per execution with 0 and $W open event streams (\`bash bench/sse.sh\`)"
  echo
  echo "Produced on $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "at the end (other work on the machine: the figures are noisy). The no-op load ($N executions, $C clients) three"
  echo "ways, alternating, $RUNS times, medians: with no watcher; with $W open streams elsewhere — $PROJECT_WATCHERS"
  echo "watching another project (\`GET /api/v1/executions/stream?project=bench\`) and $FOLLOWERS following one execution each"
  echo "(\`GET …/{id}/events?follow=true\` on executions that stay RUNNING throughout, in all three); and with the same"
  echo "$W, but the $PROJECT_WATCHERS project streams watching the load's own project (\`examples\`), so every phase change"
  echo "of every execution goes to each of them. CPU is the Kite process's (user + system) during the load, per execution."
  echo
  echo "| measure | 0 watchers | $W watchers elsewhere | $W, $PROJECT_WATCHERS on the load's project |"
  echo "|---|---|---|---|"
  echo "| CPU per execution (ms) | $cpu0 | $cpu1 ($(pct "$cpu0" "$cpu1")) | $cpu2 ($(pct "$cpu0" "$cpu2")) |"
  echo "| throughput (executions/s) | $thr0 | $thr1 ($(pct "$thr0" "$thr1")) | $thr2 ($(pct "$thr0" "$thr2")) |"
  echo "| p99 submit → end (ms) | $p990 | $p991 ($(pct "$p990" "$p991")) | $p992 ($(pct "$p990" "$p992")) |"
  echo
  echo "Open streams that nothing happens to cost keep-alives only; a stream of a busy project costs what it is sent:"
  echo "in the third case the project streams received $pev events in one run (median, all together), about"
  echo "$per_event µs of engine CPU per event delivered."
  echo
  echo "Each run: $(printf '%s; ' "${off[@]/#/none: }" "${idle[@]/#/elsewhere: }" "${busy[@]/#/on the load: }")"
  echo "<!-- bench/sse.sh: end -->"
} > "$section"
if [ -f "$OUT" ] && grep -q '<!-- bench/sse.sh: begin' "$OUT"; then
  awk -v f="$section" '/<!-- bench\/sse.sh: begin/ {while ((getline l < f) > 0) print l; skip=1; next}
    /<!-- bench\/sse.sh: end/ {skip=0; next} !skip' "$OUT" > "$TMP/out.md"
  cp "$TMP/out.md" "$OUT"
else
  { [ -f "$OUT" ] && echo; cat "$section"; } >> "$OUT"
fi
echo "wrote the section to $OUT"

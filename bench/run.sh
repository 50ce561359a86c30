#!/usr/bin/env bash
# Kite's benchmark (not a test): no-op executions end to end over REST against real, durable
# PostgreSQL (fsync and synchronous_commit on) and Redis, beside PostgreSQL's own ceiling for the
# same commits, measured in the same run; then cache hits. Writes BENCHMARKS.md.
#
#   bash bench/run.sh            # defaults: N=3000 executions, C=32 clients, RUNS=3
#   N=10000 C=64 RUNS=5 bash bench/run.sh
#   HIST_ROWS=0 bash bench/run.sh   # without the listing-against-history run (2,000,000 rows by default)
#   TRACING=on bash bench/run.sh # traces exported over OTLP to a local no-op collector (bench/NoopCollector.java)
#   bash bench/tracing.sh        # both, and the comparison appended to BENCHMARKS.md
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-3000}
C=${C:-32}
RUNS=${RUNS:-3}
LOW_N=${LOW_N:-300}
PORT=${PORT:-18080}
DB=${DB:-kite_bench}
BASE="http://127.0.0.1:$PORT"
OUT=${OUT:-BENCHMARKS.md}
TRACING=${TRACING:-off}
OTLP_PORT=${OTLP_PORT:-14318}
LOG=$(mktemp -d)/kite-bench.log
# security stays on: the run's own bootstrap key, sent by every call (Load.java reads KITE_KEY)
export KITE_KEY="kite_bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"

KITE_DATABASES="$DB" bash scripts/services.sh
[ "$(psql -h 127.0.0.1 -U kite -d "$DB" -Atc 'show fsync')" = on ] || { echo "fsync is off: refusing to claim durability"; exit 1; }
[ "$(psql -h 127.0.0.1 -U kite -d "$DB" -Atc 'show synchronous_commit')" = on ] || { echo "synchronous_commit is off"; exit 1; }

JAR=server/target/quarkus-app/quarkus-run.jar
if [ ! -f "$JAR" ] || [ "${BUILD:-0}" = 1 ]; then
  ./mvnw -B -q -ntp -DskipTests package -pl server -am
fi

psql -q -h 127.0.0.1 -U kite -d "$DB" -c 'drop schema public cascade; create schema public;'

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
metric() { curl -s -H "Authorization: Bearer $KITE_KEY" "$BASE/q/metrics" | awk -v m="$1" '$1==m {printf "%d\n", $2}'; }

echo "starting Kite on $PORT (log: $LOG)"
t0=$(date +%s%N)
# the JVM options Kite ships with (scripts/jvm.options; run from the app directory, where the
# AppCDS archive they name lives)
JAVA_OPTS=${KITE_JAVA_OPTS:-$(cat scripts/jvm.options)}
TRACE_OPTS=""
COLLECTOR=""
if [ "$TRACING" = on ]; then
  java bench/NoopCollector.java "$OTLP_PORT" >"$LOG.collector" 2>&1 &
  COLLECTOR=$!
  until grep -q listening "$LOG.collector" 2>/dev/null; do kill -0 $COLLECTOR || { cat "$LOG.collector"; exit 1; }; sleep 0.05; done
  TRACE_OPTS="-Dquarkus.otel.sdk.disabled=false -Dquarkus.otel.exporter.otlp.traces.protocol=http/protobuf \
    -Dquarkus.otel.exporter.otlp.traces.endpoint=http://127.0.0.1:$OTLP_PORT"
fi
(cd "$(dirname "$JAR")" && KITE_DB_URL="postgresql://127.0.0.1:5432/$DB" KITE_PORT=$PORT KITE_HOST=127.0.0.1 KITE_DB_POOL=16 KITE_BOOTSTRAP_API_KEY=$KITE_KEY \
  exec java $JAVA_OPTS $TRACE_OPTS -Dkite.engine.node-id=bench -Dquarkus.log.category.\"dev.kite\".level=WARN -jar quarkus-run.jar) >"$LOG" 2>&1 &
KITE=$!
trap 'kill $KITE $COLLECTOR 2>/dev/null || true' EXIT
until curl -sf "$BASE/q/health/ready" >/dev/null; do
  kill -0 $KITE 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.05
done
ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
started=$(sed -n 's/.*started in \([0-9.]*\)s.*/\1/p' "$LOG" | head -1)
echo "ready after ${ready_ms} ms (Quarkus: started in ${started}s)"

NOOP='{"task": {"project": "examples", "domain": "development", "name": "noop"}, "inputs": {}}'
CACHED='{"task": {"project": "examples", "domain": "development", "name": "slow-fib"}, "inputs": {"n": 30}}'
load() { java bench/Load.java "$BASE" "$1" "$2" "$3"; }

echo "warm-up"
load 1000 "$C" "$NOOP" >/dev/null

rss_peak=0
sample_rss() { while kill -0 $KITE 2>/dev/null; do awk '/VmRSS/ {print $2}' /proc/$KITE/status; sleep 0.2; done; }

results=()
for r in $(seq 1 "$RUNS"); do
  c0=$(metric kite_store_commits_total); w0=$(cpu_ticks $KITE)
  sample_rss > "$LOG.rss.$r" & S=$!
  line=$(load "$N" "$C" "$NOOP")
  kill $S 2>/dev/null || true
  c1=$(metric kite_store_commits_total); w1=$(cpu_ticks $KITE)
  ok=$(echo "$line" | field ok)
  cpu_ms=$(awk -v a="$w0" -v b="$w1" -v n="$ok" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.3f", (b-a)*1000/hz/n}')
  commits=$(awk -v a="$c0" -v b="$c1" -v n="$ok" 'BEGIN {printf "%.2f", (b-a)/n}')
  rss=$(sort -n "$LOG.rss.$r" | tail -1)
  [ "$rss" -gt "$rss_peak" ] && rss_peak=$rss
  echo "run $r: $line cpu_ms_per_exec=$cpu_ms commits_per_exec=$commits rss_kib=$rss"
  results+=("$line cpu_ms_per_exec=$cpu_ms commits_per_exec=$commits")
done
med() { printf '%s\n' "${results[@]}" | field "$1" | median; }
thr=$(med throughput); p50=$(med p50_ms); p99=$(med p99_ms); cpu=$(med cpu_ms_per_exec); cpe=$(med commits_per_exec)

echo "low load (1 client)"
low=()
for r in $(seq 1 "$RUNS"); do low+=("$(load "$LOW_N" 1 "$NOOP")"); done
low_p50=$(printf '%s\n' "${low[@]}" | field p50_ms | median); low_p99=$(printf '%s\n' "${low[@]}" | field p99_ms | median)

echo "cache hits"
load 1 1 "$CACHED" >/dev/null   # populates the entry (a slow run)
hits=()
for r in $(seq 1 "$RUNS"); do hits+=("$(load "$N" "$C" "$CACHED")"); done
hit_thr=$(printf '%s\n' "${hits[@]}" | field throughput | median); hit_p99=$(printf '%s\n' "${hits[@]}" | field p99_ms | median)
lowhits=()
for r in $(seq 1 "$RUNS"); do lowhits+=("$(load "$LOW_N" 1 "$CACHED")"); done
hit_low_p50=$(printf '%s\n' "${lowhits[@]}" | field p50_ms | median); hit_low_p99=$(printf '%s\n' "${lowhits[@]}" | field p99_ms | median)

history_table=""
if [ "${HIST_ROWS:-2000000}" != 0 ]; then
  echo "listing against the size of the history"
  history_table=$(BASE=$BASE DB=$DB HIST_ROWS=${HIST_ROWS:-2000000} bash bench/history.sh)
fi

kill $KITE; wait $KITE 2>/dev/null || true
if [ -n "$COLLECTOR" ]; then
  kill $COLLECTOR; wait $COLLECTOR 2>/dev/null || true
  tail -1 "$LOG.collector"
fi
trap - EXIT
# one line for bench/tracing.sh to compare runs with tracing off and on
echo "tracing=$TRACING throughput=$thr cpu_ms=$cpu p50_ms=$p50 p99_ms=$p99 low_p50_ms=$low_p50 low_p99_ms=$low_p99 hit_throughput=$hit_thr rss_mib=$((rss_peak / 1024))" > "$OUT.summary"

echo "PostgreSQL ceiling (pgbench, same 3 commits per execution, $C clients, Kite stopped)"
ceil=()
for r in $(seq 1 "$RUNS"); do
  tps=$(pgbench -n -h 127.0.0.1 -U kite -c "$C" -j 2 -T 10 -f bench/pg-ceiling.sql "$DB" 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
  echo "run $r: $tps executions/s"
  ceil+=("$tps")
done
ceiling=$(printf '%s\n' "${ceil[@]}" | median)
ratio=$(awk -v a="$thr" -v b="$ceiling" 'BEGIN {printf "%.0f", a*100/b}')

commit=$(git rev-parse --short HEAD)$(git diff --quiet || echo "+dirty")
cat > "$OUT" <<MD
# Kite benchmarks

Produced by \`bash bench/run.sh\` (N=$N, C=$C, RUNS=$RUNS; medians of the runs) on $(date -u +%Y-%m-%d),
commit $commit. Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem/ {print $2}') GiB,
shared and noisy; the load generator, Kite, PostgreSQL and Redis all run on it.
PostgreSQL $(psql -h 127.0.0.1 -U kite -d "$DB" -Atc 'show server_version' | cut -d' ' -f1) with fsync=on,
synchronous_commit=on (durable); Redis $(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p'). Kite: JVM mode, $(java -version 2>&1 | head -1),
options \`$JAVA_OPTS\` (the shipped ones: scripts/jvm.options). Tracing: $TRACING$([ "$TRACING" = on ] && echo " (OTLP http/protobuf to a local no-op collector)").

## No-op executions end to end (\`examples/development/noop\`, a \`java\` task)

Each client submits over REST (POST /api/v1/executions) and waits for the end
(GET /api/v1/executions/{id}?wait=30); latency is submit → SUCCEEDED as the client sees it.

| measure | Kite | baseline / target |
|---|---|---|
| executions/s, $C clients | **$thr** | PostgreSQL ceiling for the same 3 commits: **$ceiling**/s → Kite = **$ratio %** (target ≥ 50 %) |
| commits per execution (group commit) | $cpe | ≤ 3 |
| Kite CPU per execution | $cpu ms | ≤ 0.5 ms |
| submit→SUCCEEDED p50 / p99 under load | $p50 / $p99 ms | — |
| submit→SUCCEEDED p50 / p99, 1 client | $low_p50 / $low_p99 ms | ≤ 5 / ≤ 10 ms |
| peak RSS under load | $((rss_peak / 1024)) MiB | ≤ 300 MiB |
| JVM start to ready (incl. migrations check) | $ready_ms ms (Quarkus: ${started} s) | ≤ 2 s |

Runs: $(printf '%s; ' "${results[@]}")

## Cache hits (\`examples/development/slow-fib\`, same input each time)

| measure | Kite | target |
|---|---|---|
| executions/s, $C clients | $hit_thr | — (no-op: $thr) |
| p99 under load | $hit_p99 ms | — |
| p50 / p99, 1 client | $hit_low_p50 / $hit_low_p99 ms | p99 ≤ 3 ms |

## Listing against the size of the history (\`bench/history.sh\`)

The same listing requests with an empty table (the baseline) and with ${HIST_ROWS:-2000000} ended executions of one
project in it (1 in 10,000 FAILED, a name in 1 of 100,000), 200 requests each, one client.

${history_table:-not measured (HIST_ROWS=0)}

## Baseline

\`pgbench -n -c $C -j 2 -T 10 -f bench/pg-ceiling.sql\` on the same database, tables and indexes,
with Kite stopped: each script run is one execution's three commits (insert, two fenced updates).
Runs: $(printf '%s ' "${ceil[@]}")executions/s.
MD
echo "wrote $OUT"

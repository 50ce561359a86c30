#!/usr/bin/env bash
# Kite's benchmark (not a test): no-op executions end to end over REST against real, durable
# PostgreSQL (fsync and synchronous_commit on) and Redis, in both modes (submit then wait: two round
# trips; submit-and-wait: one), beside two baselines measured in the same run: the floor (a trivial
# Quarkus reactive route, bench/floor, same JVM options and load client) and PostgreSQL's ceiling for
# the same commits. Then cache hits, start-up (JVM start to the first request served), memory, the
# C2 JIT against the shipped C1, and CPU profiles by library and by start-up step (async-profiler).
# Writes BENCHMARKS.md. About 5 minutes on a quiet 2-core machine with HIST_ROWS=0.
#
#   bash bench/run.sh            # defaults: N=3000 executions, C=32 clients, RUNS=3, STARTS=3
#   PORT=18102 FLOOR_PORT=18112 DB=kite_bench_me KITE_APP=/tmp/other/quarkus-app bash bench/run.sh
#   N=10000 C=64 RUNS=5 bash bench/run.sh
#   HIST_ROWS=0 bash bench/run.sh   # without the listing-against-history run (2,000,000 rows by default)
#   TRACING=on bash bench/run.sh # traces exported over OTLP to a local no-op collector (bench/NoopCollector.java)
#   bash bench/tracing.sh        # both, and the comparison appended to BENCHMARKS.md
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-3000}
C=${C:-32}
RUNS=${RUNS:-3}
LOW_N=${LOW_N:-1000}
STARTS=${STARTS:-3}
FLOOR_N=${FLOOR_N:-$((N * 20))}
PORT=${PORT:-18080}
FLOOR_PORT=${FLOOR_PORT:-$((PORT + 10))}
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

# KITE_APP: another build's quarkus-app directory (its AppCDS archive made in that directory)
JAR=${KITE_APP:-server/target/quarkus-app}/quarkus-run.jar
if [ -z "${KITE_APP:-}" ] && { [ ! -f "$JAR" ] || [ "${BUILD:-0}" = 1 ]; }; then
  ./mvnw -B -q -ntp -DskipTests package -pl server -am
fi
# the floor app: not part of Kite's build; offline, with Kite's Quarkus version
QUARKUS_VERSION=$(sed -n 's:.*<quarkus.version>\(.*\)</quarkus.version>.*:\1:p' pom.xml | head -1)
FLOOR_DIR=bench/floor/target/quarkus-app
if [ ! -f "$FLOOR_DIR/quarkus-run.jar" ] || [ "${BUILD:-0}" = 1 ]; then
  ./mvnw -B -q -o -f bench/floor/pom.xml -Dquarkus.version="$QUARKUS_VERSION" -DskipTests package \
    || ./mvnw -B -q -ntp -f bench/floor/pom.xml -Dquarkus.version="$QUARKUS_VERSION" -DskipTests package
fi

psql -q -h 127.0.0.1 -U kite -d "$DB" -c 'drop schema public cascade; create schema public;'

source bench/lib.sh
NOOP='{"task": {"project": "examples", "domain": "development", "name": "noop"}, "inputs": {}}'
CACHED='{"task": {"project": "examples", "domain": "development", "name": "slow-fib"}, "inputs": {"n": 30}}'
PROFILER=$(profiler_lib)
PROF_DIR=$(dirname "$LOG")

# the JVM options Kite ships with (scripts/jvm.options; run from the app directory, where the
# AppCDS archive they name lives), and the same with the C2 JIT for comparison
JAVA_OPTS=${KITE_JAVA_OPTS:-$(cat scripts/jvm.options)}
C2_OPTS=$(echo "$JAVA_OPTS" | sed 's/-XX:TieredStopAtLevel=1 *//')
TRACE_OPTS=""
COLLECTOR=""
if [ "$TRACING" = on ]; then
  java bench/NoopCollector.java "$OTLP_PORT" >"$LOG.collector" 2>&1 &
  COLLECTOR=$!
  until grep -q listening "$LOG.collector" 2>/dev/null; do kill -0 $COLLECTOR || { cat "$LOG.collector"; exit 1; }; sleep 0.05; done
  TRACE_OPTS="-Dquarkus.otel.sdk.disabled=false -Dquarkus.otel.exporter.otlp.traces.protocol=http/protobuf \
    -Dquarkus.otel.exporter.otlp.traces.endpoint=http://127.0.0.1:$OTLP_PORT"
fi
APP=""
FLOOR_PID=none
trap 'kill $APP $COLLECTOR 2>/dev/null || true' EXIT
KITE_DIR=$(dirname "$JAR")

echo "classes loaded by a start and its first request, and how many the AppCDS archive held"
start_app kite-classes "$KITE_DIR" "$PORT" $JAVA_OPTS $TRACE_OPTS -Xlog:class+load=info:file="$LOG.classes"
stop_app $APP
classes_total=$(grep -c '\[class,load\]' "$LOG.classes" || true)
classes_archived=$(grep -c 'source: shared objects file' "$LOG.classes" || true)

echo "start-up: $STARTS starts of Kite (log: $LOG.kite)"
starts=()
for r in $(seq 1 "$STARTS"); do
  start_app kite "$KITE_DIR" "$PORT" $JAVA_OPTS $TRACE_OPTS
  starts+=("ready_ms=$READY_MS first_ms=$FIRST_MS cpu_ms=$START_CPU_MS main_ms=$START_MAIN_MS idle_rss_kib=$(rss_kib $APP)")
  echo "start $r: ${starts[-1]}"
  [ "$r" = "$STARTS" ] || stop_app $APP
done
KITE=$APP
ready=$(med ready_ms "${starts[@]}"); first=$(med first_ms "${starts[@]}"); start_cpu=$(med cpu_ms "${starts[@]}"); start_main=$(med main_ms "${starts[@]}")
idle_rss=$(( $(med idle_rss_kib "${starts[@]}") / 1024 ))
started=$(sed -n 's/.*started in \([0-9.]*\)s.*/\1/p' "$LOG.kite" | head -1)

# what the hypervisor took from this machine while Kite was measured (steal), from here to the profile
steal0=$(cpu_steal)
echo "warm-up"
load "$BASE" 1000 "$C" "$NOOP" poll >/dev/null
load "$BASE" 1000 "$C" "$NOOP" wait >/dev/null

echo "no-op executions, $C clients: both modes, interleaved"
poll=(); wait=()
for r in $(seq 1 "$RUNS"); do
  poll+=("$(measured "$BASE" $KITE poll "$NOOP" "$N" "$C")"); echo "run $r, submit then wait: ${poll[-1]}"
  wait+=("$(measured "$BASE" $KITE wait "$NOOP" "$N" "$C")"); echo "run $r, submit-and-wait: ${wait[-1]}"
done
rss_peak=$(printf '%s\n' "${poll[@]}" "${wait[@]}" | field rss_kib | sort -n | tail -1)

echo "low load (1 client)"
low=(); lowwait=()
# Kite's JVM pauses from here on, on the clock the load client's LATENCY_LOG uses (bench/Pauses.java)
jcmd $KITE VM.log output=file="$LOG.safepoints" what=safepoint=info decorators=timenanos >/dev/null || true
# measured: Kite's CPU per request at one client too (the work on the request's critical path)
for r in $(seq 1 "$RUNS"); do
  low+=("$(measured "$BASE" $KITE poll "$NOOP" "$LOW_N" 1)")
  lowwait+=("$(LATENCY_LOG="$LOG.low-$r" measured "$BASE" $KITE wait "$NOOP" "$LOW_N" 1)")
done

echo "cache hits"
load "$BASE" 1 1 "$CACHED" >/dev/null   # populates the entry (a slow run)
hits=(); lowhits=(); lowhitswait=()
for r in $(seq 1 "$RUNS"); do hits+=("$(load "$BASE" "$N" "$C" "$CACHED" wait)"); done
gets0=$(redis_gets "$BASE")
for r in $(seq 1 "$RUNS"); do
  lowhits+=("$(load "$BASE" "$LOW_N" 1 "$CACHED" poll)")
  lowhitswait+=("$(LATENCY_LOG="$LOG.hit-$r" measured "$BASE" $KITE wait "$CACHED" "$LOW_N" 1)")
done
# the one-client submit-and-wait requests against Kite's pauses: did garbage collection make the p99?
low_pauses=$(java -cp "$LOADER_DIR" Pauses "$LOG.safepoints" "$LOG".low-*)
hit_pauses=$(java -cp "$LOADER_DIR" Pauses "$LOG.safepoints" "$LOG".hit-*)
# the mean of a cache lookup's GET at one client, from its issue to its answer on the cache's loop
redis_get_ms=$(echo "$gets0 $(redis_gets "$BASE")" | awk '{if ($4 > $2) printf "%.3f", ($3 - $1) * 1000 / ($4 - $2); else print "—"}')

steal_pct=$(echo "$steal0 $(cpu_steal)" | awk '{if ($3 > $1) printf "%.1f", 100 * ($4 - $2) / ($3 - $1); else print "—"}')

echo "profile ($([ -n "$PROFILER" ] && echo "async-profiler" || echo "async-profiler not available"))"
profile $KITE "$N" "$BASE" wait "$NOOP" "$C" "$PROF_DIR/kite.collapsed"

history_table=""
if [ "${HIST_ROWS:-2000000}" != 0 ]; then
  echo "listing against the size of the history"
  history_table=$(BASE=$BASE DB=$DB HIST_ROWS=${HIST_ROWS:-2000000} LOADER_DIR=$LOADER_DIR bash bench/history.sh)
  # history.sh deletes its rows, which leaves the table and its indexes holding millions of dead
  # tuples: the C2 runs and pgbench below would write into that, not into what the runs above saw
  psql -q -h 127.0.0.1 -U kite -d "$DB" -c 'truncate executions cascade'
fi
stop_app $KITE

if [ -n "$PROFILER" ]; then
  echo "start-up profile"
  start_app kite-profiled "$KITE_DIR" "$PORT" $JAVA_OPTS $TRACE_OPTS -agentpath:"$PROFILER=start,event=cpu,interval=1ms,threads,collapsed,file=$PROF_DIR/start.collapsed"
  stop_app $APP
fi

echo "C2 JIT (the shipped options without TieredStopAtLevel=1)"
start_app kite-c2 "$KITE_DIR" "$PORT" $C2_OPTS $TRACE_OPTS
C2=$APP; c2_ready=$READY_MS; c2_start_cpu=$START_CPU_MS
# C2 compiles later and longer than C1: a longer warm-up
load "$BASE" "${C2_WARMUP:-20000}" "$C" "$NOOP" wait >/dev/null
c2=()
for r in $(seq 1 "$RUNS"); do c2+=("$(measured "$BASE" $C2 wait "$NOOP" "$N" "$C")"); echo "run $r, C2, submit-and-wait: ${c2[-1]}"; done
stop_app $C2

echo "floor: a trivial Quarkus reactive route (bench/floor), same JVM options and load client"
start_app floor "$FLOOR_DIR" "$FLOOR_PORT" $JAVA_OPTS
FLOOR_PID=$APP; floor_ready=$READY_MS; floor_idle_rss=$(( $(rss_kib $FLOOR_PID) / 1024 ))
FLOOR_BASE="http://127.0.0.1:$FLOOR_PORT"
load "$FLOOR_BASE" "$FLOOR_N" "$C" "$NOOP" wait >/dev/null
floor=(); floorlow=()
for r in $(seq 1 "$RUNS"); do floor+=("$(measured "$FLOOR_BASE" $FLOOR_PID wait "$NOOP" "$FLOOR_N" "$C")"); echo "run $r, floor: ${floor[-1]}"; done
for r in $(seq 1 "$RUNS"); do floorlow+=("$(load "$FLOOR_BASE" "$LOW_N" 1 "$NOOP" wait)"); done
stop_app $FLOOR_PID
APP=""

if [ -n "$COLLECTOR" ]; then
  kill $COLLECTOR; wait $COLLECTOR 2>/dev/null || true
  tail -1 "$LOG.collector"
fi
trap - EXIT

echo "PostgreSQL ceiling (pgbench, same 2 commits per execution, $C clients, Kite stopped)"
ceil=()
for r in $(seq 1 "$RUNS"); do
  tps=$(pgbench -n -h 127.0.0.1 -U kite -c "$C" -j 2 -T 8 -f bench/pg-ceiling.sql "$DB" 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
  echo "run $r: $tps executions/s"
  ceil+=("$tps")
done
ceiling=$(printf '%.0f' "$(printf '%s\n' "${ceil[@]}" | median)")

# pg_one_client SCRIPT: pgbench at one client for 5 s; p50 and p99 of a script run (per-transaction log)
pg_one_client() {
  local dir script=$PWD/$1
  dir=$(mktemp -d)
  (cd "$dir" && pgbench -n -h 127.0.0.1 -U kite -c 1 -T 5 -l -f "$script" "$DB" >/dev/null 2>&1) || true
  # pgbench's log: the third field of each line is the transaction's latency in microseconds
  cat "$dir"/pgbench_log.* 2>/dev/null | awk '{print $3/1000}' | sort -g | awk '{a[NR]=$1} END {if (NR) printf "p50=%.3f p99=%.3f n=%d", a[int((NR+1)/2)], a[int(NR*0.99)], NR}'
  rm -rf "$dir"
}
echo "PostgreSQL alone at one client (a no-op's two commits; a cache hit's one), per-transaction latency"
pg1=$(pg_one_client bench/pg-ceiling.sql)
pghit=$(pg_one_client bench/pg-hit.sql)
echo "no-op: $pg1; cache hit: $pghit"

source bench/report.sh

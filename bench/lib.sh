# Functions of bench/run.sh (sourced; not run on its own).

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "—"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
# CPU ticks of the JVM's main thread (the critical path of start-up; the launcher's thread, also
# named java, only waits)
main_ticks() { for t in /proc/"$1"/task/*; do [ "$(cat "$t/comm" 2>/dev/null)" = java ] && awk '{print $14+$15}' "$t/stat"; done | sort -n | tail -1; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
metric() { curl -s -H "Authorization: Bearer $KITE_KEY" "$1/q/metrics" | awk -v m="$2" '$1==m {print $2}'; }
# the cache's Redis GETs answered so far, as timed on its own event loop: "SECONDS_SUM COUNT"
redis_gets() {
  local labels='{command="GET",outcome="answered"}' sum count
  sum=$(metric "$1" "kite_redis_call_seconds_sum$labels"); count=$(metric "$1" "kite_redis_call_seconds_count$labels")
  echo "${sum:-0} ${count:-0}"
}
# the machine's CPU time so far, all of it and what the hypervisor took for others (steal): "TOTAL STEAL"
cpu_steal() { awk '/^cpu / {print $2+$3+$4+$5+$6+$7+$8+$9, $9}' /proc/stat; }
# the median of one field over lines
med() { local f=$1; shift; printf '%s\n' "$@" | field "$f" | median; }

# The load client, compiled once (java Load.java would compile it on every run, on the measured CPUs)
# (a script bench/run.sh runs, such as history.sh, is given it in LOADER_DIR)
if [ -z "${LOADER_DIR:-}" ] || [ ! -f "$LOADER_DIR/Load.class" ]; then
  LOADER_DIR=$(mktemp -d)
  javac -d "$LOADER_DIR" bench/Load.java bench/ProfileSummary.java bench/Attach.java bench/Pauses.java
fi
# Each run warms the client first (CLIENT_WARMUP requests, untimed: a cold client's first requests
# take tens of ms), and its heap is sized so that it does not collect during a run (its own GC pauses,
# 4-6 ms each with the default collector, landed in the latencies it measured).
CLIENT_WARMUP=${CLIENT_WARMUP:-200}
load() {
  local base=$1 n=$2 c=$3 body=$4 mode=${5:-poll}
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms1g -Xmx1g -Xmn768m -cp "$LOADER_DIR" Load "$base" "$n" "$c" "$body" "$mode" "$CLIENT_WARMUP"
}

# async-profiler (tools.profiler:async-profiler, linux-x64) from the local Maven repository or Maven
# Central; empty when it cannot be had (then no profile is written)
profiler_lib() {
  local v=4.2 jar
  jar=~/.m2/repository/tools/profiler/async-profiler/$v/async-profiler-$v-linux-x64.jar
  [ -f "$jar" ] || ./mvnw -B -q -ntp dependency:get -Dartifact=tools.profiler:async-profiler:$v:jar:linux-x64 -Dtransitive=false >/dev/null 2>&1 || true
  [ -f "$jar" ] || return 0
  (cd "$LOADER_DIR" && unzip -o -q "$jar" linux-x64/libasyncProfiler.so) && echo "$LOADER_DIR/linux-x64/libasyncProfiler.so"
}

# start_app NAME DIR PORT OPTS...: starts quarkus-run.jar of DIR (where its AppCDS archive lives) and
# waits until the first submit-and-wait is answered. Sets APP (pid), READY_MS (JVM start to
# /q/health/ready UP), FIRST_MS (to the first request served), START_CPU_MS (CPU the JVM used by then,
# all threads) and START_MAIN_MS (its main thread's).
start_app() {
  local name=$1 dir=$2 port=$3; shift 3
  local t0 t1 log="$LOG.$name"
  t0=$(date +%s%N)
  (cd "$dir" && KITE_DB_URL="postgresql://127.0.0.1:5432/$DB" KITE_PORT=$port KITE_HOST=127.0.0.1 KITE_DB_POOL=16 \
    KITE_BOOTSTRAP_API_KEY=$KITE_KEY exec java "$@" -Dkite.engine.node-id=bench \
    -Dquarkus.log.category.\"dev.kite\".level=WARN -jar quarkus-run.jar) >"$log" 2>&1 &
  APP=$!
  until curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null; do
    kill -0 $APP 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s%N)
  curl -sf -o /dev/null -H "Authorization: Bearer $KITE_KEY" -H 'Content-Type: application/json' -d "$NOOP" \
    "http://127.0.0.1:$port/api/v1/executions?wait=30s" || { echo "$name: the first request failed"; cat "$log"; exit 1; }
  START_CPU_MS=$(( $(cpu_ticks $APP) * 1000 / $(getconf CLK_TCK) ))
  START_MAIN_MS=$(( $(main_ticks $APP) * 1000 / $(getconf CLK_TCK) ))
  READY_MS=$(( (t1 - t0) / 1000000 ))
  FIRST_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
  if grep -q "Unable to use shared archive" "$log"; then echo "$name: the AppCDS archive was not used"; fi
}

stop_app() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# measured BASE PID MODE BODY N C: one load run; prints the load line with the process's CPU per
# request, commits per request (Kite only) and peak RSS during the run (per request: over the client's
# warm-up requests too, which the server answers as warm as the timed ones)
measured() {
  local base=$1 pid=$2 mode=$3 body=$4 n=$5 c=$6 c0="" c1="" w0 w1 line ok cpu commits s rssf
  rssf=$(mktemp)
  [ "$pid" = "$FLOOR_PID" ] || c0=$(metric "$base" kite_store_commits_total)
  w0=$(cpu_ticks "$pid")
  (while kill -0 "$pid" 2>/dev/null; do rss_kib "$pid"; sleep 0.2; done) > "$rssf" & s=$!
  line=$(load "$base" "$n" "$c" "$body" "$mode")
  kill $s 2>/dev/null || true; wait $s 2>/dev/null || true
  w1=$(cpu_ticks "$pid")
  [ "$pid" = "$FLOOR_PID" ] || c1=$(metric "$base" kite_store_commits_total)
  local timed warm
  timed=$(echo "$line" | field ok); warm=$(echo "$line" | field warm)
  ok=$(( ${timed:-0} + ${warm:-0} ))
  cpu=$(awk -v a="$w0" -v b="$w1" -v n="$ok" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.3f", n ? (b-a)*1000/hz/n : 0}')
  commits=$([ -n "$c0" ] && awk -v a="$c0" -v b="$c1" -v n="$ok" 'BEGIN {printf "%.2f", n ? (b-a)/n : 0}' || echo "—")
  echo "$line cpu_ms=$cpu commits=$commits rss_kib=$(sort -n "$rssf" | tail -1)"
  rm -f "$rssf"
}

# profile PID N BASE MODE BODY C FILE: async-profiler attached to PID during one load run of N
# requests; writes collapsed stacks (with threads) to FILE
profile() {
  local pid=$1 base=$3 mode=$4 body=$5 c=$6 file=$7
  [ -n "$PROFILER" ] || return 0
  java -cp "$LOADER_DIR" Attach "$pid" "$PROFILER" "start,event=cpu,interval=1ms,threads" >/dev/null 2>&1 || return 0
  load "$base" "$2" "$c" "$body" "$mode" >/dev/null
  java -cp "$LOADER_DIR" Attach "$pid" "$PROFILER" "stop,collapsed,file=$file" >/dev/null 2>&1 || true
}

# met ACTUAL OP LIMIT: "met" or "missed" (OP is le or ge)
met() { awk -v a="$1" -v b="$3" -v op="$2" 'BEGIN {ok = (op == "le") ? a <= b : a >= b; print (a == "—") ? "—" : ok ? "met" : "**missed**"}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 == 0) print "—"; else printf "%.1f", a / b}'; }

#!/usr/bin/env bash
# README command #1: builds Kite, starts it on its embedded default (local PostgreSQL and Redis,
# started here when missing), runs an example task, shows its outputs, runs a slow cached task
# twice to show the second run served from the cache, and leaves Kite running for curl.
#   KITE_PORT (8080)   where Kite listens
#   SKIP_BUILD=1       reuse server/target/quarkus-app
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${KITE_PORT:-8080}
BASE="http://127.0.0.1:$PORT"
mkdir -p .kite
LOG=.kite/kite.log
# Security is on: Kite accepts this local admin key (created once, readable by you only) as its
# bootstrap key. Use it to call the API, or to issue narrower keys (src/docs/security.md).
if [ ! -s .kite/admin-key ]; then
  (umask 077; echo "kite_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')" > .kite/admin-key)
fi
KEY=$(cat .kite/admin-key)
AUTH="Authorization: Bearer $KEY"

bash scripts/services.sh

if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f server/target/quarkus-app/quarkus-run.jar ]; then
  echo "== building Kite (./mvnw package, tests skipped; first time downloads dependencies)"
  ./mvnw -B -q -ntp -DskipTests package -pl server -am
fi

if [ -f .kite/kite.pid ] && kill -0 "$(cat .kite/kite.pid)" 2>/dev/null; then
  echo "== stopping the Kite started before (pid $(cat .kite/kite.pid))"
  kill "$(cat .kite/kite.pid)"; sleep 1
fi

echo "== starting Kite on $BASE (log: $LOG)"
# JVM options: scripts/jvm.options (KITE_JAVA_OPTS overrides); started from the app directory,
# where the AppCDS archive they name lives
JAVA_OPTS=${KITE_JAVA_OPTS:-$(cat scripts/jvm.options)}
(cd server/target/quarkus-app && KITE_PORT=$PORT KITE_BOOTSTRAP_API_KEY=$KEY exec nohup java $JAVA_OPTS -jar quarkus-run.jar) >"$LOG" 2>&1 &
echo $! > .kite/kite.pid
for _ in $(seq 1 600); do
  curl -sf "$BASE/q/health/ready" >/dev/null && break
  kill -0 "$(cat .kite/kite.pid)" 2>/dev/null || { tail -50 "$LOG"; echo "Kite did not start"; exit 1; }
  sleep 0.1
done
grep -m1 "started in" "$LOG" | sed 's/.*\(Kite\|kite\)/kite/' || true

show() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({k: d.get(k) for k in sys.argv[1:]}, indent=2))' "$@"; }
run() { # submits $1 (JSON), waits for the end, prints selected fields
  local id
  id=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' -d "$1" "$BASE/api/v1/executions" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  curl -sf -H "$AUTH" "$BASE/api/v1/executions/$id?wait=60" | show id phase outputs cacheStatus cacheSource error
}

echo
echo "== task types: $(curl -sf -H "$AUTH" "$BASE/api/v1/plugins" | python3 -c 'import json,sys; print(", ".join(sorted({t for p in json.load(sys.stdin) for t in p["taskTypes"]})))')"
echo "== example tasks registered at start-up:"
curl -sf -H "$AUTH" "$BASE/api/v1/tasks?project=examples" | python3 -c '
import json,sys
for t in json.load(sys.stdin)["items"]:
    i=t["id"]; print("   %s/%s/%s/%s  inputs: %s" % (i["project"], i["domain"], i["name"], i["version"], ", ".join(t.get("interface",{}).get("inputs",{}).keys()) or "-"))'

echo
echo "== word-count: POST /api/v1/executions"
run '{"task": {"project": "examples", "domain": "development", "name": "word-count"}, "inputs": {"text": "the quick brown fox jumps over the lazy dog the end"}}'

echo
echo "== sales-by-region: a sql task on the embedded DuckDB (registered from server/src/main/resources/examples)"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H 'Content-Type: application/json' \
  --data-binary @server/src/main/resources/examples/sales-by-region.json "$BASE/api/v1/tasks")
[ "$code" = 201 ] || [ "$code" = 200 ] || { echo "registering sales-by-region failed: HTTP $code"; exit 1; }
run '{"task": {"project": "examples", "domain": "development", "name": "sales-by-region"}, "inputs": {"region": "north", "min_amount": 100}}'
echo
echo "== sales-report: a Jupyter notebook task (src/examples/notebook), its inputs injected as papermill does"
# the example's template names its notebook file; the registration carries the notebook inline
python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); t["config"]["notebook"]=json.load(open(sys.argv[2])); print(json.dumps(t))' \
  src/examples/notebook/sales-report.task.json src/examples/notebook/sales-report.ipynb > .kite/sales-report.json
curl -sf -o /dev/null -H "$AUTH" -H 'Content-Type: application/json' --data-binary @.kite/sales-report.json "$BASE/api/v1/tasks"
# blob inputs come from the data store: the local store's default folder
DATA=${KITE_DATA_ROOT:-$HOME/.local/share/kite/data}
mkdir -p "$DATA/examples" && cp src/examples/notebook/sales.csv "$DATA/examples/sales.csv"
run "{\"task\": {\"project\": \"examples\", \"domain\": \"development\", \"name\": \"sales-report\"}, \"inputs\": {\"region\": \"north\", \"year\": 2024, \"growth\": 0.1, \"targets\": {\"2024-01\": 1000.0, \"2024-03\": 2000.0}, \"sales\": {\"uri\": \"file://$DATA/examples/sales.csv\"}}}"

N=80
echo
echo "== slow-fib n=$N, first run (overwriteCache: computes, then stores the outputs in Redis)"
start=$(date +%s%N)
run "{\"task\": {\"project\": \"examples\", \"domain\": \"development\", \"name\": \"slow-fib\"}, \"inputs\": {\"n\": $N}, \"overwriteCache\": true}"
echo "   took $(( ($(date +%s%N) - start) / 1000000 )) ms"
echo
echo "== slow-fib n=$N, second run (same inputs: served from the cache, the function is not called)"
start=$(date +%s%N)
run "{\"task\": {\"project\": \"examples\", \"domain\": \"development\", \"name\": \"slow-fib\"}, \"inputs\": {\"n\": $N}}"
echo "   took $(( ($(date +%s%N) - start) / 1000000 )) ms"

echo
echo "== spark-word-count: Spark in local mode in a child JVM (no cluster configured), SQL over a text dataset"
DATA=${KITE_STORAGE_LOCAL_ROOT:-$HOME/.local/share/kite/data}
mkdir -p "$DATA/examples/lines"
printf 'the quick brown fox jumps over the lazy dog\nthe dog sleeps\n' > "$DATA/examples/lines/part-0.txt"
curl -s -o /dev/null -H "$AUTH" -H 'Content-Type: application/json' -d @server/src/main/resources/examples/spark-word-count.json "$BASE/api/v1/tasks"
id=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' \
  -d "{\"task\": {\"project\": \"examples\", \"domain\": \"development\", \"name\": \"spark-word-count\"}, \"inputs\": {\"lines\": {\"uri\": \"file://$DATA/examples/lines/\"}}}" \
  "$BASE/api/v1/executions" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
for _ in $(seq 1 20); do # a first Spark start takes a while on a small machine
  phase=$(curl -sf -H "$AUTH" "$BASE/api/v1/executions/$id?wait=30" | python3 -c 'import json,sys; print(json.load(sys.stdin)["phase"])')
  case $phase in QUEUED|RUNNING) ;; *) break ;; esac
done
curl -sf -H "$AUTH" "$BASE/api/v1/executions/$id" | show id phase outputs error

cat <<MSG

Kite is running at $BASE (pid $(cat .kite/kite.pid), log $LOG), listening on 127.0.0.1 only.
Security is on. Every /api call needs a credential; this local admin key (in .kite/admin-key,
accepted as Kite's bootstrap key) has every right:
  export KITE_KEY=\$(cat .kite/admin-key)
  curl -H "Authorization: Bearer \$KITE_KEY" $BASE/api/v1/tasks?project=examples
  curl -H "Authorization: Bearer \$KITE_KEY" $BASE/api/v1/executions?project=examples
Issue narrower keys with POST /api/v1/keys (src/docs/security.md).
The web console: $BASE/console (sign in with the key in .kite/admin-key; src/docs/console.md).
Stop it with: kill \$(cat .kite/kite.pid)
MSG

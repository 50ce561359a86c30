#!/usr/bin/env bash
# Children per second of a dynamic task (not a test, and not run by CI): one execution of
# examples/development/sum-of-squares over N numbers (N square children and a sum), timed from
# submit to SUCCEEDED, against the durable PostgreSQL and Redis of scripts/services.sh. Prints
# the result; the per-child overhead is the time of the whole graph divided by its children.
#
#   bash bench/dynamic.sh              # N=1000, RUNS=3
#   N=5000 RUNS=5 bash bench/dynamic.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000}
RUNS=${RUNS:-3}
PORT=${PORT:-18080}
DB=kite_bench
BASE="http://127.0.0.1:$PORT"
LOG=$(mktemp -d)/kite-dynamic.log
KEY="kite_bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"

KITE_DATABASES="$DB" bash scripts/services.sh
JAR=server/target/quarkus-app/quarkus-run.jar
if [ ! -f "$JAR" ] || [ "${BUILD:-0}" = 1 ]; then
  ./mvnw -B -q -ntp -DskipTests package -pl server -am
fi
psql -q -h 127.0.0.1 -U kite -d "$DB" -c 'drop schema public cascade; create schema public;'

JAVA_OPTS=${KITE_JAVA_OPTS:-$(cat scripts/jvm.options)}
(cd "$(dirname "$JAR")" && KITE_DB_URL="postgresql://127.0.0.1:5432/$DB" KITE_PORT=$PORT KITE_HOST=127.0.0.1 KITE_DB_POOL=16 KITE_BOOTSTRAP_API_KEY=$KEY \
  exec java $JAVA_OPTS -Dkite.engine.node-id=bench-dynamic -Dquarkus.log.category.\"dev.kite\".level=WARN -jar quarkus-run.jar) >"$LOG" 2>&1 &
KITE=$!
trap 'kill $KITE 2>/dev/null || true' EXIT
until curl -sf "$BASE/q/health/ready" >/dev/null; do
  kill -0 $KITE 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.05
done

api() { curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "$@"; }
numbers=$(seq -s, 0 $((N - 1)))
for run in $(seq 1 "$RUNS"); do
  t0=$(date +%s%N)
  id=$(api -d "{\"task\": {\"project\": \"examples\", \"domain\": \"development\", \"name\": \"sum-of-squares\"},
                \"inputs\": {\"numbers\": [$numbers]}}" "$BASE/api/v1/executions" | sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p' | head -1)
  [ -n "$id" ] || { echo "the submission was refused"; exit 1; }
  phase=RUNNING
  while [ "$phase" != SUCCEEDED ] && [ "$phase" != FAILED ]; do
    phase=$(api "$BASE/api/v1/executions/$id?wait=30" | sed -n 's/.*"phase" *: *"\([A-Z_]*\)".*/\1/p' | head -1)
    [ -n "$phase" ] || { echo "execution $id could not be read"; exit 1; }
  done
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  children=$((N + 1))
  awk -v n=$children -v ms=$ms -v p=$phase -v r=$run 'BEGIN {
    printf "run %d: %s, %d children in %d ms: %.1f children/s, %.2f ms per child\n", r, p, n, ms, n * 1000 / ms, ms / n }'
done

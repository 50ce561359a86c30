#!/usr/bin/env bash
# Writes server/src/main/resources/META-INF/kite/appcds-classes.txt: the classes a start of Kite
# and its first requests load (a training run against real PostgreSQL and Redis), which the package
# build's AppCDS run loads and links so that they are archived too (dev.kite.startup.AppCdsRecorder,
# decision 0041). Run it after a change that moves many classes (a new dependency, an upgrade of
# Quarkus); a stale list only makes start-up slower, and bench/run.sh reports how much of a start
# comes from the archive.
#
#   bash bench/appcds-classes.sh     # builds the server when it is not built, then trains on it
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18083}
DB=${DB:-kite_bench_cds}
OUT=server/src/main/resources/META-INF/kite/appcds-classes.txt
LOG=$(mktemp -d)/kite-train.log
export KITE_KEY="kite_train-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"

KITE_DATABASES="$DB" bash scripts/services.sh
[ -f server/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -ntp -DskipTests package -pl server -am
psql -q -h 127.0.0.1 -U kite -d "$DB" -c 'drop schema public cascade; create schema public;'

CLIENT_WARMUP=0   # a training run: only the requests below
source bench/lib.sh
NOOP='{"task": {"project": "examples", "domain": "development", "name": "noop"}, "inputs": {}}'
CACHED='{"task": {"project": "examples", "domain": "development", "name": "slow-fib"}, "inputs": {"n": 30}}'
# a copy, so that the training run's own archive use does not matter: it runs without one
APP_DIR=$(mktemp -d)
cp -a server/target/quarkus-app/. "$APP_DIR"
APP=""
trap 'kill $APP 2>/dev/null || true; rm -rf "$APP_DIR"' EXIT
start_app train "$APP_DIR" "$PORT" $(sed 's/-XX:SharedArchiveFile=[^ ]*//' scripts/jvm.options) \
  -Xshare:auto -Xlog:class+load=info:file="$LOG.classes"
BASE="http://127.0.0.1:$PORT"
load "$BASE" 50 2 "$NOOP" wait >/dev/null
load "$BASE" 50 2 "$NOOP" poll >/dev/null
load "$BASE" 5 1 "$CACHED" wait >/dev/null
for path in "/api/v1/executions?project=examples" "/api/v1/tasks?project=examples" "/api/v1/whoami" "/console/"; do
  curl -sf -o /dev/null -H "Authorization: Bearer $KITE_KEY" "$BASE$path"
done
stop_app $APP

# classes read from jars and from the JDK's modules; not the ones the JDK's own archive holds,
# nor generated ones (lambdas, proxies: they have no name to load by). Sorted, so that a new list
# differs from the old one by what changed.
{
  echo "# The classes a start of Kite and its first requests load, written by bench/appcds-classes.sh"
  echo "# (a training run); the package build's AppCDS run loads and links them (AppCdsRecorder)."
  sed -n 's/^\[[^]]*\]\[info\]\[class,load\] \([^ ]*\) source: \(file:\|jrt:\).*/\1/p' "$LOG.classes" | grep -v '/0x' | LC_ALL=C sort -u
} > "$OUT"
echo "wrote $OUT: $(grep -vc '^#' "$OUT") classes"

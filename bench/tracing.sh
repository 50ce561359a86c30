#!/usr/bin/env bash
# The cost of tracing: bench/run.sh with tracing off (the default) and on (every execution's spans
# exported over OTLP to bench/NoopCollector.java on this machine), then a "Tracing off vs on"
# section appended to BENCHMARKS.md. Same settings as run.sh (N, C, RUNS, ...). Run it on a quiet box.
#
#   bash bench/tracing.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-BENCHMARKS.md}
TMP=$(mktemp -d)
HIST_ROWS=0 TRACING=off OUT="$TMP/off.md" bash bench/run.sh
HIST_ROWS=0 TRACING=on OUT="$TMP/on.md" bash bench/run.sh
val() { tr ' ' '\n' < "$TMP/$1.md.summary" | sed -n "s/^$2=//p"; }
delta() { awk -v a="$(val off "$1")" -v b="$(val on "$1")" 'BEGIN {if (a == 0) print "—"; else printf "%+.1f %%", (b-a)*100/a}'; }
[ -f "$OUT" ] || cp "$TMP/off.md" "$OUT"
{
  echo
  echo "## Tracing off vs on"
  echo
  echo "Produced by \`bash bench/tracing.sh\` on $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD): the no-op"
  echo "benchmark above twice in a row, tracing off (\`quarkus.otel.sdk.disabled=true\`, the default) and on (spans of"
  echo "every execution, attempt and plugin call exported over OTLP http/protobuf to a no-op collector on this machine)."
  echo
  echo "| measure | off | on | change |"
  echo "|---|---|---|---|"
  for m in throughput cpu_ms p50_ms p99_ms low_p50_ms low_p99_ms hit_throughput rss_mib; do
    echo "| $m | $(val off $m) | $(val on $m) | $(delta $m) |"
  done
} >> "$OUT"
echo "appended the comparison to $OUT"

#!/usr/bin/env bash
# Proves that the plugin boundary is enforced: builds (up to validate) a plugin module that depends
# on the engine (plugins/src/test/boundary-violation) and expects the enforcer to fail that build.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
./mvnw -B -ntp -Pboundary-violation -pl plugins/src/test/boundary-violation -am validate >"$log" 2>&1
rc=$?
if [ "$rc" -eq 0 ]; then
  echo "FAIL: a plugin depending on kite-core built; the enforcer rule in plugins/pom.xml does not hold" >&2
  exit 1
fi
if ! grep -q "A Kite plugin depends on kite-spi" "$log" || ! grep -q "dev.kite:kite-core:jar.*banned" "$log"; then
  echo "FAIL: the build failed, but not on the plugin boundary rule:" >&2
  tail -40 "$log" >&2
  exit 1
fi
echo "OK: the build of a plugin depending on the engine fails:"
grep -E "banned via|A Kite plugin depends" "$log"

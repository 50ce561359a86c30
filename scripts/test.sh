#!/usr/bin/env bash
# Runs every test of Kite against real PostgreSQL and Redis (started here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
bash scripts/check-plugin-boundary.sh
exec ./mvnw -B -ntp verify "$@"

#!/usr/bin/env bash
# Runs every test of Kite against real PostgreSQL and Redis (started here when missing), then
# checks the Dockerfiles against the application layout the build produced.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
./mvnw -B -ntp verify "$@"
bash scripts/lint-dockerfiles.sh

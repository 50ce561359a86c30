#!/usr/bin/env bash
# Runs every test of Kite against real PostgreSQL and Redis (started here when missing): first the
# proof that the build refuses a plugin depending on the engine, then every module's tests, then
# the check of the Dockerfiles against the application layout the build produced.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
bash scripts/check-plugin-boundary.sh
./mvnw -B -ntp verify "$@"
bash scripts/lint-dockerfiles.sh

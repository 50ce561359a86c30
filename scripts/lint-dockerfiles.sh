#!/usr/bin/env bash
# Checks the Dockerfiles against the application layout a build produces (no Docker needed):
# every COPY source of Dockerfile.jvm exists under server/target/quarkus-app, the image starts the
# jar scripts/run.sh starts, it keeps the base image's JVM defaults (JAVA_OPTS_APPEND, never
# JAVA_OPTS), its JVM options are scripts/jvm.options less the fixed heap (the image sizes the heap
# from the cgroup limit), and it writes its AppCDS archive with its own JDK instead of copying one.
# Run after `./mvnw package` (scripts/test.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
bad() { echo "lint-dockerfiles: $*" >&2; fail=1; }

jvm=src/main/docker/Dockerfile.jvm
native=src/main/docker/Dockerfile.native
[ -d server/target/quarkus-app ] || { bad "server/target/quarkus-app is missing: build first (./mvnw -DskipTests package -pl server -am)"; exit 1; }

# COPY sources exist (globs expanded as Docker would)
while read -r src; do
  # shellcheck disable=SC2086 # a glob, expanded as Docker would
  ls -d $src >/dev/null 2>&1 || bad "$jvm copies $src, which the build does not produce"
done < <(grep -E '^COPY ' "$jvm" | sed -E 's/^COPY( --[^ ]+)* //' | awk '{print $1}')

grep -q 'app-cds.jsa /deployments' "$jvm" && bad "$jvm copies an AppCDS archive written by the build machine's JDK"
grep -q -- '-XX:ArchiveClassesAtExit=/deployments/app-cds.jsa' "$jvm" || bad "$jvm does not write its AppCDS archive with the image's JDK"
grep -qE '^ENV JAVA_OPTS=' "$jvm" && bad "$jvm sets JAVA_OPTS, which drops the base image's container defaults: use JAVA_OPTS_APPEND"

# the same jar as scripts/run.sh
run_jar=$(grep -oE -- '-jar [a-z-]+\.jar' scripts/run.sh | head -1 | awk '{print $2}')
grep -q "JAVA_APP_JAR=\"/deployments/$run_jar\"" "$jvm" || bad "$jvm does not start $run_jar as scripts/run.sh does"
[ -f "server/target/quarkus-app/$run_jar" ] || bad "the build has no server/target/quarkus-app/$run_jar"

# scripts/jvm.options less the heap flags and the archive path
appended=$(grep -E '^ENV JAVA_OPTS_APPEND=' "$jvm" | sed -E 's/^ENV JAVA_OPTS_APPEND="(.*)"/\1/' || true)
for opt in $(cat scripts/jvm.options); do
  case "$opt" in
    -Xms*|-Xmx*) continue ;;
    -XX:SharedArchiveFile=*) opt=-XX:SharedArchiveFile=/deployments/app-cds.jsa ;;
  esac
  [[ " $appended " == *" $opt "* ]] || bad "$jvm lacks $opt of scripts/jvm.options"
done
[[ " $appended " == *" -Dquarkus.http.host=0.0.0.0 "* ]] || bad "$jvm does not listen on every address inside the image"

# native: the executable Quarkus writes, started with the same bind address
grep -qE '^COPY .*server/target/\*-runner /work/kite' "$native" || bad "$native does not copy server/target/*-runner"
grep -q '"-Dquarkus.http.host=0.0.0.0"' "$native" || bad "$native does not listen on every address inside the image"
grep -qE '^USER [0-9]+' "$jvm" && grep -qE '^USER [0-9]+' "$native" || bad "an image runs as root"

[ "$fail" = 0 ] && echo "lint-dockerfiles: Dockerfile.jvm and Dockerfile.native match the build"
exit "$fail"

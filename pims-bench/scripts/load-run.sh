#!/usr/bin/env bash
# One load run against a fresh server process: starts `pims server` (embedded H2 under a fresh data directory,
# or PostgreSQL with --db URL), runs `pims bench` as a second process, prints both outputs, stops the server.
# usage: load-run.sh JAR DEVICES SECONDS [ACTIVATIONS] [DB_URL]   (env SERVER_JAR: another jar for the server;
# BENCH_ARGS: more options for `pims bench`, e.g. "--baseline /health/ready")
# Each run makes a new master key: give an empty PostgreSQL database per run (or the same PIMS_MASTER_KEY).
set -euo pipefail
JAR=${1:?jar}; DEVICES=${2:-32}; SECONDS_=${3:-20}; ACTIVATIONS=${4:-$DEVICES}; DB=${5:-}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
DIR=${DATA_DIR:-$(mktemp -d /tmp/pims-load.XXXXXX)}   # DATA_DIR: a prepared (seeded) data directory
export PIMS_ADMIN_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
export PIMS_LIMITS_ADMIN_PER_MINUTE=0   # provisioning thousands of users goes through the admin API
export PIMS_LIMITS_DEVICE_PER_MINUTE=1000000 PIMS_LIMITS_VERIFY_PER_MINUTE=1000000  # one address, many devices: raised, not off
ARGS=(server --port 0 --host 127.0.0.1 --data "$DIR")
[ -n "$DB" ] && ARGS+=(--db "$DB")
"$JAVA" ${SERVER_JAVA_OPTS:-} -jar "${SERVER_JAR:-$JAR}" "${ARGS[@]}" >"$DIR/server.out" 2>"$DIR/server.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q "listening on" "$DIR/server.out" 2>/dev/null && break; sleep 0.5; done
URL=$(grep -o 'http://[^ ]*' "$DIR/server.out" | head -1)
echo "server pid $SERVER at $URL, data $DIR, load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s' "$PIMS_ADMIN_TOKEN" > "$DIR/token"
"$JAVA" ${BENCH_JAVA_OPTS:-} -jar "$JAR" bench --url "$URL" --admin-token-file "$DIR/token" --devices "$DEVICES" \
    --seconds "$SECONDS_" --warmup 5 --activations "$ACTIVATIONS" --server-pid "$SERVER" ${BENCH_ARGS:-}
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${HEAP_INFO:-}" ]; then
  # HEAP_INFO=LOGIN: show that a seeded user is there, then the heap after a full collection
  curl -s -H "Authorization: Bearer $PIMS_ADMIN_TOKEN" "$URL/admin/v1/users/$HEAP_INFO" | head -c 300; echo
  JCMD=$(dirname "$JAVA")/jcmd
  "$JCMD" $SERVER GC.run >/dev/null; "$JCMD" $SERVER GC.heap_info
fi

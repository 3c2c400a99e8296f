#!/usr/bin/env bash
# Sequential PIN-less OTPs through the SDK facade against a fresh server process (embedded H2), the SDK's
# end-to-end time beside the server's own time for the same requests (its /metrics timer).
# usage: sdk-otp-run.sh PIMS_JAR BENCH_JAR [OTPS] [WARMUP] [STORES]   (STORES: "file memory" by default)
# AFTER (optional): a command run next against the same server process, with the arguments URL ADMIN_TOKEN_FILE
# OTPS WARMUP (another client to compare, for instance).
set -euo pipefail
JAR=${1:?pims.jar}; BENCH=${2:?benchmarks.jar}; OTPS=${3:-500}; WARMUP=${4:-300}; STORES=${5:-file memory}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
DIR=$(mktemp -d /tmp/pims-sdk-otp.XXXXXX)
export PIMS_ADMIN_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
# development mode (the SDK enrolls with the development client and the outbox); per-address device limit raised
PIMS_LIMITS_DEVICE_PER_MINUTE=1000000 "$JAVA" ${SERVER_JAVA_OPTS:-} -jar "$JAR" server --dev --port 0 --host 127.0.0.1 --data "$DIR" >"$DIR/server.out" 2>"$DIR/server.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q "listening on" "$DIR/server.out" 2>/dev/null && break; sleep 0.5; done
URL=$(grep -o 'http://[^ ]*' "$DIR/server.out" | head -1)
echo "server pid $SERVER at $URL, load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s' "$PIMS_ADMIN_TOKEN" > "$DIR/token"
for STORE in $STORES; do
  echo "store $STORE: load $(cut -d' ' -f1-3 /proc/loadavg)"
  "$JAVA" ${CLIENT_JAVA_OPTS:-} -cp "$BENCH" dev.pims.bench.sdk.SdkOtpLatency "$URL" "$DIR/token" "$OTPS" "$WARMUP" "$STORE"
done
if [ -n "${AFTER:-}" ]; then
  echo "after: load $(cut -d' ' -f1-3 /proc/loadavg)"
  $AFTER "$URL" "$DIR/token" "$OTPS" "$WARMUP"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

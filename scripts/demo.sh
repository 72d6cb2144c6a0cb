#!/usr/bin/env bash
# The main job: build the library and the demo, start the reference server on a free loopback
# port, track events and read a prediction back; then the same demo in dry run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target mosaic-demo >/dev/null

port_file=$(mktemp)
python3 tests/server/mosaic_server.py --port 0 --port-file "$port_file" --quiet >/dev/null &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$port_file"' EXIT
for _ in $(seq 100); do [ -s "$port_file" ] && break; sleep 0.1; done
port=$(cat "$port_file")

export MOSAIC_TELEMETRY_SERVER_URL="http://127.0.0.1:$port"
export MOSAIC_TELEMETRY_API_KEY=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
export MOSAIC_TELEMETRY_INSTANCE_ID=12345678-1234-4234-8234-123456789abc
echo "== against the reference server at $MOSAIC_TELEMETRY_SERVER_URL"
build/mosaic-demo
echo "== dry run (each batch is logged, nothing is sent)"
MOSAIC_TELEMETRY_DRY_RUN=true MOSAIC_TELEMETRY_LOG_LEVEL=info build/mosaic-demo 2>&1 | cut -c1-200

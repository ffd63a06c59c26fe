#!/usr/bin/env bash
# `make demo`: the web server and `volunteerhub worker` (background tasks, reminders) side by side;
# when either stops, or on Ctrl+C / TERM, both are stopped.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT=${1:-8000}

"$BIN/volunteerhub" worker &
WORKER=$!
"$BIN/volunteerhub" serve --port "$PORT" &
SERVER=$!
stop() { kill -TERM "$SERVER" "$WORKER" 2>/dev/null; wait "$SERVER" "$WORKER" 2>/dev/null; }
trap stop EXIT
trap 'exit 130' INT TERM
wait -n "$SERVER" "$WORKER"

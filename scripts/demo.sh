#!/usr/bin/env bash
# `make demo`: keys generated once into var/keys.env (git-ignored, kept for every later run so the demo's
# encrypted data stays readable), the database and the demo city, then the web server and `volunteerhub worker`
# side by side; when either stops, or on Ctrl+C / TERM, both are stopped.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT=${1:-8000}
KEYS=${VOLUNTEERHUB_VAR_DIR:-var}/keys.env

"$BIN/volunteerhub" keys generate --env-file "$KEYS" || exit 1
set -a; . "$KEYS"; set +a
"$BIN/volunteerhub" migrate --noinput || exit 1
"$BIN/volunteerhub" seed demo || exit 1
"$BIN/python" scripts/demo_banner.py "$PORT"

"$BIN/volunteerhub" worker &
WORKER=$!
"$BIN/volunteerhub" serve --port "$PORT" &
SERVER=$!
stop() { kill -TERM "$SERVER" "$WORKER" 2>/dev/null; wait "$SERVER" "$WORKER" 2>/dev/null; }
trap stop EXIT
trap 'exit 130' INT TERM
wait -n "$SERVER" "$WORKER"

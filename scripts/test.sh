#!/usr/bin/env bash
# Runs the whole suite on SQLite, then on PostgreSQL at TEST_POSTGRES_URL when it is reachable
# (REQUIRE_POSTGRES=1 makes an unreachable PostgreSQL a failure).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export VOLUNTEERHUB_NO_PROGRESS=1
TEST_POSTGRES_URL=${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}

echo "== import rules (.importlinter)"
"$BIN/lint-imports" --no-cache

echo "== tests on SQLite"
env -u DATABASE_URL "$BIN/python" -m pytest "$@"

if "$BIN/python" scripts/pg_reachable.py "$TEST_POSTGRES_URL"; then
  echo "== tests on PostgreSQL ($TEST_POSTGRES_URL)"
  DATABASE_URL="$TEST_POSTGRES_URL" "$BIN/python" -m pytest "$@"
elif [ "${REQUIRE_POSTGRES:-0}" = "1" ]; then
  echo "PostgreSQL at $TEST_POSTGRES_URL is not reachable and REQUIRE_POSTGRES=1" >&2
  exit 1
else
  echo "== PostgreSQL not reachable at $TEST_POSTGRES_URL: skipped the PostgreSQL run"
fi

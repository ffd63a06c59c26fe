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
  # Everything again but the browser journeys and the page walks for what pages show: they do not depend on the
  # database, ran in the SQLite pass, and would double the time of make test.
  DATABASE_URL="$TEST_POSTGRES_URL" "$BIN/python" -m pytest -m "not browser and not rendering" "$@"
elif [ "${REQUIRE_POSTGRES:-0}" = "1" ]; then
  echo "PostgreSQL at $TEST_POSTGRES_URL is not reachable and REQUIRE_POSTGRES=1" >&2
  exit 1
else
  echo "== PostgreSQL not reachable at $TEST_POSTGRES_URL: skipped the PostgreSQL run"
fi

# The WeChat mini-program (miniprogram/): its pages under miniprogram-simulate against a live demo server.
if command -v npm >/dev/null 2>&1; then
  MP=miniprogram
  if [ ! -d "$MP/node_modules" ] || ! cmp -s "$MP/package-lock.json" "$MP/node_modules/.installed-lock.json"; then
    npm ci --prefix "$MP" --no-audit --no-fund --loglevel=error
    cp "$MP/package-lock.json" "$MP/node_modules/.installed-lock.json"
  fi
  echo "== mini-program (miniprogram/: miniprogram-simulate against a live server)"
  env -u DATABASE_URL npm test --prefix "$MP"
else
  echo "npm is missing: the mini-program suite cannot run (apt-get install nodejs npm)" >&2
  exit 1
fi

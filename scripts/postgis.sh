#!/usr/bin/env bash
# PostGIS for the local PostgreSQL, for the bench's PostGIS row (`make bench`) and CI's smoke run of it.
# Installs Debian's postgresql-<major>-postgis-3 only when the PostgreSQL it talks to is this machine's
# own Debian cluster without PostGIS and apt-get can run as root; otherwise says why not and leaves the
# row to say "skipped". Never fails, never asks for a password, gives up on a silent server in 5 s.
set -uo pipefail

url="${BENCH_POSTGRES_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
shown=$(printf '%s' "$url" | sed -E 's#//([^:/@]*):[^@/]*@#//\1:***@#')  # never a password in a log
skip() { echo "PostGIS: $1; the bench's PostGIS row will be skipped"; exit 0; }
export PGCONNECT_TIMEOUT=5

command -v psql >/dev/null 2>&1 || skip "no psql here"
ask() { psql -w -X -q -tA "$url" -c "$1" 2>/dev/null; }
major=$(ask "SELECT current_setting('server_version_num')::int / 10000") \
  || skip "could not connect to the PostgreSQL at $shown"
port=$(ask "SHOW port")
[ "$(ask "SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'")" = "1" ] && exit 0

# Only this machine's own Debian cluster of that version on that port: an install elsewhere (a container,
# another build) would only bring a second PostgreSQL server, not PostGIS for the one measured.
command -v pg_lsclusters >/dev/null 2>&1 && dpkg -s "postgresql-$major" >/dev/null 2>&1 \
  && pg_lsclusters -h 2>/dev/null | awk -v v="$major" -v p="$port" '$1 == v && $3 == p && $4 == "online" {f=1} END {exit !f}' \
  || skip "not installed, and the PostgreSQL at $shown is not this machine's Debian cluster"
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  skip "not installed; as root, apt-get install postgresql-$major-postgis-3 adds it"
fi
echo "== apt-get install postgresql-$major-postgis-3 (the bench's PostGIS comparison)"
export DEBIAN_FRONTEND=noninteractive
install() { apt-get install -y -qq --no-install-recommends "postgresql-$major-postgis-3" >/dev/null 2>&1; }
install || { apt-get update -qq >/dev/null 2>&1 && install; } \
  || skip "apt-get could not install postgresql-$major-postgis-3"
exit 0

#!/usr/bin/env bash
# PostGIS for the local PostgreSQL, for the bench's PostGIS row (`make bench`) and CI's smoke run of it.
# Installs Debian's postgresql-<major>-postgis-3 when PostgreSQL runs on this machine without it and
# apt-get can run as root; otherwise says why not and leaves the row to say "skipped". Never fails.
set -uo pipefail

url="${BENCH_POSTGRES_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
command -v psql >/dev/null 2>&1 || { echo "PostGIS: no psql here; the bench's PostGIS row will be skipped"; exit 0; }
major=$(psql "$url" -tAc "SELECT current_setting('server_version_num')::int / 10000" 2>/dev/null) \
  || { echo "PostGIS: PostgreSQL is not reachable at $url; the bench's PostGIS row will be skipped"; exit 0; }
available=$(psql "$url" -tAc "SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'" 2>/dev/null)
[ "$available" = "1" ] && exit 0
case "$url" in
  *@127.0.0.1*|*@localhost*) ;;
  *) echo "PostGIS: not installed on the PostgreSQL at $url (not this machine); its bench row will be skipped"; exit 0 ;;
esac
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "PostGIS: not installed; as root, apt-get install postgresql-$major-postgis-3 adds it (else its bench row is skipped)"
  exit 0
fi
echo "== apt-get install postgresql-$major-postgis-3 (the bench's PostGIS comparison)"
export DEBIAN_FRONTEND=noninteractive
{ apt-get install -y -qq "postgresql-$major-postgis-3" >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq "postgresql-$major-postgis-3" >/dev/null; }; } \
  || echo "PostGIS: apt-get could not install postgresql-$major-postgis-3; its bench row will be skipped"
exit 0

#!/usr/bin/env bash
# A streaming replica of the local PostgreSQL (127.0.0.1:5432, user postgres) for the tests and the bench.
#   scripts/replica.sh start [DIR] [PORT]   copy the primary with pg_basebackup -R into DIR (once) and start it
#   scripts/replica.sh stop [DIR]           stop it (DIR kept: `start` starts it again)
#   scripts/replica.sh destroy [DIR]        stop it and remove DIR
# Defaults: DIR=/tmp/volunteerhub-replica, PORT=5433. Run as root, the server runs as the user postgres. A hot
# standby opens for reads once no transaction on the primary has overflowed its snapshot (more than 64
# subtransactions): `start` waits REPLICA_START_SECONDS (60) for that.
# The primary must allow replication connections from 127.0.0.1: when its pg_hba.conf has no such line and is
# writable here (CI, a development machine), one `host replication all 127.0.0.1/32 trust` line is added.
set -euo pipefail
cmd=${1:?usage: replica.sh start|stop|destroy [DIR] [PORT]}
dir=${2:-/tmp/volunteerhub-replica}
port=${3:-5433}
primary_host=${PRIMARY_HOST:-127.0.0.1}
primary_port=${PRIMARY_PORT:-5432}
psql_primary=(psql -X -q -At -h "$primary_host" -p "$primary_port" -U postgres -d postgres)

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bindir() {  # the binaries of the primary's major version (pg_basebackup and postgres must match it)
  local major
  major=$("${psql_primary[@]}" -c "select current_setting('server_version_num')::int / 10000")
  if [ -x "/usr/lib/postgresql/$major/bin/pg_ctl" ]; then echo "/usr/lib/postgresql/$major/bin"
  else dirname "$(command -v pg_ctl)"; fi
}

allow_replication() {
  local hba
  hba=$("${psql_primary[@]}" -c "show hba_file")
  if [ -n "$("${psql_primary[@]}" -c "select 1 from pg_hba_file_rules where 'replication' = any(database) \
        and type = 'host' and address in ('127.0.0.1', '0.0.0.0') limit 1")" ]; then return; fi
  if [ -w "$hba" ]; then
    echo "== replica.sh: allowing replication from 127.0.0.1 in $hba"
    printf '\n# scripts/replica.sh: streaming replicas on this machine\nhost replication all 127.0.0.1/32 trust\n' >>"$hba"
    "${psql_primary[@]}" -c "select pg_reload_conf()" >/dev/null
  else
    echo "replica.sh: $hba allows no replication from 127.0.0.1 and cannot be changed here" >&2
    exit 1
  fi
}

create() {
  local bin=$1 settings
  allow_replication
  mkdir -p "$dir" && chmod 700 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  as_postgres "$bin/pg_basebackup" -h "$primary_host" -p "$primary_port" -U postgres -D "$dir" -R -X stream \
    -c fast --no-sync
  # Debian keeps the configuration outside the data directory: the replica gets its own, with the settings a
  # hot standby must have at least as high as its primary.
  settings=$("${psql_primary[@]}" -c "select name || ' = ' || setting from pg_settings where name in
    ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions',
     'max_locks_per_transaction')")
  as_postgres tee "$dir/postgresql.conf" >/dev/null <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
hot_standby = on
hot_standby_feedback = on
wal_receiver_status_interval = 1s
shared_buffers = 32MB
fsync = off
logging_collector = off
$settings
CONF
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' | as_postgres tee "$dir/pg_hba.conf" >/dev/null
  as_postgres touch "$dir/pg_ident.conf"
}

case "$cmd" in
  start)
    bin=$(bindir)
    [ -f "$dir/standby.signal" ] || create "$bin"
    if ! as_postgres "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t "${REPLICA_START_SECONDS:-60}" start >/dev/null
    fi
    echo "replica: postgresql://postgres@127.0.0.1:$port (data in $dir)"
    ;;
  stop|destroy)
    if [ -f "$dir/PG_VERSION" ]; then
      bin=$(bindir)
      as_postgres "$bin/pg_ctl" -D "$dir" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ "$cmd" = destroy ]; then rm -rf "$dir"; fi
    ;;
  *) echo "usage: replica.sh start|stop|destroy [DIR] [PORT]" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# PgBouncer in transaction mode in front of the local PostgreSQL (127.0.0.1:5432), for the tests and the bench.
#   scripts/pgbouncer.sh start [DIR] [PORT]   write DIR/pgbouncer.ini and start it (as the user postgres when root)
#   scripts/pgbouncer.sh stop [DIR]           stop it and remove DIR
# Defaults: DIR=/tmp/volunteerhub-pgbouncer, PORT=6432. The platform runs behind it with DATABASE_POOLED=1.
set -euo pipefail
cmd=${1:?usage: pgbouncer.sh start|stop [DIR] [PORT]}
dir=${2:-/tmp/volunteerhub-pgbouncer}
port=${3:-6432}
bouncer=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    [ -x "$bouncer" ] || { echo "pgbouncer is missing (apt-get install pgbouncer)" >&2; exit 1; }
    mkdir -p "$dir" && chmod 700 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_postgres tee "$dir/pgbouncer.ini" >/dev/null <<INI
[databases]
* = host=${PRIMARY_HOST:-127.0.0.1} port=${PRIMARY_PORT:-5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
admin_users = postgres
auth_file = $dir/userlist.txt
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
server_reset_query =
ignore_startup_parameters = extra_float_digits,options
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
    echo '"postgres" ""' | as_postgres tee "$dir/userlist.txt" >/dev/null
    as_postgres "$bouncer" -d "$dir/pgbouncer.ini"
    for _ in $(seq 50); do
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
      sleep 0.1
    done
    echo "pgbouncer: postgresql://postgres@127.0.0.1:$port (transaction mode; files in $dir)"
    ;;
  stop)
    if [ -f "$dir/pgbouncer.pid" ]; then kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true; fi
    for _ in $(seq 50); do [ -f "$dir/pgbouncer.pid" ] || break; sleep 0.1; done
    rm -rf "$dir"
    ;;
  *) echo "usage: pgbouncer.sh start|stop [DIR] [PORT]" >&2; exit 2 ;;
esac

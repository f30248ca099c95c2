#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite's PostgreSQL pass.
#   scripts/test-postgres.sh start DIR   initdb into DIR, start on a free 127.0.0.1 port, print the
#                                        Npgsql connection string (server only: the tests create and
#                                        drop one database each)
#   scripts/test-postgres.sh stop DIR    stop it (the caller removes DIR)
# Runs the server as the postgres user when started as root (PostgreSQL refuses to run as root).
set -euo pipefail
action=${1:?start or stop}
dir=${2:?data folder}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x $bin/initdb ]] || { echo "PostgreSQL server binaries not found (install the postgresql package)" >&2; exit 1; }

as_server() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $action in
  start)
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_server "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # Test data only: durability off for speed; many connections (each test host has its own pool).
    as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=500 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "Host=127.0.0.1;Port=$port;Username=postgres"
    ;;
  stop)
    [[ -d $dir/data ]] && as_server "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2; exit 2
    ;;
esac

#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for tests and benchmarks, on 127.0.0.1 and a free port, in a
# temporary folder.
#   scripts/pg.sh start DIR   starts it; prints the connection URL (also written to DIR/url)
#   scripts/pg.sh stop DIR    stops it and removes DIR
set -euo pipefail
PG_BIN=/usr/lib/postgresql/15/bin
cmd=${1:?usage: pg.sh start|stop DIR}
dir=${2:?usage: pg.sh start|stop DIR}

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
      || shuf -i 20000-60000 -n 1)
    as_pg "$PG_BIN/initdb" -D "$dir/data" -U zhijia --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log"; exit 1; }
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log"; exit 1; }
    as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U zhijia zhijia
    url="postgresql://zhijia@127.0.0.1:$port/zhijia"
    echo "$url" > "$dir/url"
    echo "$url"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg.sh start|stop DIR" >&2; exit 2 ;;
esac

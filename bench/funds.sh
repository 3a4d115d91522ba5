#!/usr/bin/env bash
# The fund ledger, each figure against a baseline measured in this run:
#   funds.ledger_sqlite_ratio    transfers/s posted through the ledger in linked batches of 8,000
#                                ÷ rows/s of inserting the same rows into a bare table (SQLite)
#   funds.ledger_postgres_ratio  the same on PostgreSQL (goal >= 0.5 each)
#   funds.ledger_*_floor_ratio   the bare rows/s ÷ the engine alone copying the posted transfers
#                                into a table with the ledger's indexes (the ceiling of the above)
#   funds.api_transfers_per_s.*  one donation per HTTP request into one fund (wrk, 2 threads,
#                                16 connections, 10 s), on each engine; every request locks the
#                                same account row, so this is the one-hot-account case
# BENCH_BATCHES (default 10) batches of 8,000.
set -euo pipefail
cd "$(dirname "$0")/.."
batches=${BENCH_BATCHES:-10}
dir=$(mktemp -d /tmp/zhijia-bench-funds.XXXXXX)
chmod 755 "$dir"
pgdir="$dir/pg"
trap 'bash scripts/pg.sh stop "$pgdir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT

run_engine() {  # $1: engine name, $2: database URL
  build/zhijia --db "$2" migrate >/dev/null 2>&1
  out=$(build/zhijia_bench ledger --db "$2" --batches "$batches")
  n=$(awk '/^transfers/ {print $2}' <<<"$out")
  ledger_s=$(awk '/^ledger_s/ {print $2}' <<<"$out")
  bare_s=$(awk '/^bare_s/ {print $2}' <<<"$out")
  echo "$1: $n transfers in $ledger_s s through the ledger (verified), $bare_s s into a bare table"
  floor_s=$(awk '/^floor_s/ {print $2}' <<<"$out")
  echo "bench funds.ledger_$1_ratio: $(awk -v l="$ledger_s" -v b="$bare_s" 'BEGIN {printf "%.2f", b/l}') x (goal >= 0.5)"
  echo "$1: the engine alone copies the same transfers into a table with the ledger's indexes in $floor_s s"
  echo "bench funds.ledger_$1_floor_ratio: $(awk -v l="$floor_s" -v b="$bare_s" 'BEGIN {printf "%.2f", b/l}') x (the best any ledger keeping these indexes can do)"
}

run_engine sqlite "$dir/funds.db"
pgurl=$(bash scripts/pg.sh start "$pgdir")
run_engine postgres "$pgurl"

# One transfer per request through the HTTP API (bearer token, JSON, a fresh 128-bit id each):
# donations into a fund, as a bank-statement import or a donation desk would post them.
server=""
trap 'kill $server 2>/dev/null || true; bash scripts/pg.sh stop "$pgdir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
api_bench() {  # $1: engine name, $2: database URL
  local api_dir="$dir/api-$1" db="$2"
  mkdir -p "$api_dir"
  build/zhijia --db "$db" demo --seed 1 --grassroots 300 --no-users >/dev/null
  echo "bench-admin-password" | build/zhijia --db "$db" user add --username bench_admin \
    --org 中华全国总工会 --role admin --scope all --password-stdin >/dev/null
  local token
  token=$(build/zhijia --db "$db" user token --username bench_admin --name bench | tail -1 | awk '{print $NF}')
  local port=$(( 20000 + RANDOM % 20000 ))
  (exec build/zhijia --db "$db" serve --listen 127.0.0.1:$port --no-access-log >"$api_dir/serve.log" 2>&1) &
  server=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
  local org fund
  org=$(api "http://127.0.0.1:$port/api/v1/orgs" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  fund=$(api -d "{\"name\":\"压测帮扶资金\",\"org_id\":$org,\"sources\":[\"donation\"],\"purposes\":[\"living\"]}" "http://127.0.0.1:$port/api/v1/funds/accounts" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  cat >"$api_dir/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
request = function()
  local hex = ""
  for i = 1, 32 do hex = hex .. string.format("%x", math.random(0, 15)) end
  return wrk.format(nil, nil, nil, '{"tid":"' .. hex .. '","source":"donation",' ..
    '"amount_fen":100,"counterparty":"压测捐赠人"}')
end
LUA
  local rps
  rps=$(wrk -t2 -c16 -d10s -s "$api_dir/post.lua" "http://127.0.0.1:$port/api/v1/funds/accounts/$fund/income" | awk '/Requests\/sec/ {print $2}')
  kill $server; wait $server 2>/dev/null || true
  echo "bench funds.api_transfers_per_s.$1: $rps transfers/s (one donation per request)"
  build/zhijia --db "$db" funds verify
}

api_bench sqlite "$dir/api.db"
psql -q "$pgurl" -c "CREATE DATABASE api"
api_bench postgres "$(sed 's|/[^/?]*$|/api|' <<<"$pgurl")"

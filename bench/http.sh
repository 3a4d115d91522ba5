#!/usr/bin/env bash
# HTTP throughput with wrk (2 threads, 64 connections, 10 s) against a server on an SQLite demo
# province: GET /healthz (no auth), and an authenticated org-subtree page (session cookie, scope
# applied, 50 rows). The ratio subtree ÷ healthz is what authentication, scope and the query cost.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d /tmp/zhijia-bench-http.XXXXXX)
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$dir"' EXIT
db="$dir/bench.db"
build/zhijia --db "$db" demo --seed 1 --grassroots 20000 --no-users >/dev/null
echo "bench-cadre-password" | build/zhijia --db "$db" user add --username bench_cadre \
  --org 浙江省总工会 --role cadre_admin --scope subtree --password-stdin >/dev/null
port=$(( 20000 + RANDOM % 20000 ))
(exec build/zhijia --db "$db" serve --listen 127.0.0.1:$port --no-access-log >"$dir/serve.log" 2>&1) &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
sleep 1
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$server/status)
cookie=$(curl -s -i -H 'Content-Type: application/json' \
  -d '{"username":"bench_cadre","password":"bench-cadre-password"}' \
  "http://127.0.0.1:$port/api/v1/session" | grep -i '^set-cookie' | sed 's/^[^:]*: *//; s/;.*//')
org=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/api/v1/orgs" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
rps() { wrk -t2 -c64 -d10s "$@" | awk '/Requests\/sec/ {print $2}'; }
health=$(rps "http://127.0.0.1:$port/healthz")
subtree=$(rps -H "Cookie: $cookie" "http://127.0.0.1:$port/api/v1/orgs/$org/subtree?page_size=50")
echo "bench http.idle_rss_mb: $(awk -v k="$rss_kb" 'BEGIN {printf "%.1f", k/1024}') MB"
echo "bench http.healthz_rps: $health req/s"
echo "bench http.org_subtree_rps: $subtree req/s"
echo "bench http.subtree_to_healthz_ratio: $(awk -v a="$subtree" -v b="$health" 'BEGIN {printf "%.3f", a/b}') x"

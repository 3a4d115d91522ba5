#!/usr/bin/env bash
# The fund ledger, each figure against a baseline measured in this run:
#   funds.ledger_sqlite_ratio    transfers/s posted through the ledger in linked batches of 8,000
#                                ÷ rows/s of inserting the same rows into a bare table (SQLite)
#   funds.ledger_postgres_ratio  the same on PostgreSQL (goal >= 0.5 each)
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
  echo "bench funds.ledger_$1_ratio: $(awk -v l="$ledger_s" -v b="$bare_s" 'BEGIN {printf "%.2f", b/l}') x (goal >= 0.5)"
}

run_engine sqlite "$dir/funds.db"
run_engine postgres "$(bash scripts/pg.sh start "$pgdir")"

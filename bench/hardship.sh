#!/usr/bin/env bash
# Hardship household files at a province's peak, each figure measured in this run:
#   hardship.whatif_households_per_s  a what-if (低保 1,150 → 1,300 yuan) over N household files
#   hardship.whatif_vs_scan_ratio     that what-if's time ÷ reading the same files through the
#                                     store without assessing them (the baseline)
#   hardship.review_queue_p99_ms      p99 of the review-due / overdue queue pages for a city
#                                     cadre, at N files
# N defaults to 150,000 (BENCH_HOUSEHOLDS overrides); the demo province has N + 25% members.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${BENCH_HOUSEHOLDS:-150000}
dir=$(mktemp -d /tmp/zhijia-bench-hardship.XXXXXX)
chmod 755 "$dir"
pgdir="$dir/pg"
trap 'bash scripts/pg.sh stop "$pgdir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
members=$((n + n / 4 + n / 2))

run_engine() {  # $1: engine name, $2: database URL
  build/zhijia --db "$2" demo --seed 1 --grassroots 3000 --members "$members" \
    --households "$n" --no-users | tail -1
  echo "bench-password-1" | build/zhijia --db "$2" user add --username bench_city \
    --org 杭州市总工会 --role cadre_admin --scope subtree --password-stdin >/dev/null
  out=$(build/zhijia_bench whatif --db "$2")
  households=$(awk '/^households/ {print $2}' <<<"$out")
  whatif_s=$(awk '/^whatif_s/ {print $2}' <<<"$out")
  scan_s=$(awk '/^scan_s/ {print $2}' <<<"$out")
  echo "$1: what-if over $households open files in $whatif_s s ($(awk '/^changed/ {print $2}' <<<"$out") would change); plain scan $scan_s s"
  echo "bench hardship.whatif_households_per_s.$1: $(awk -v h="$households" -v s="$whatif_s" 'BEGIN {printf "%.0f", h/s}') households/s"
  echo "bench hardship.whatif_vs_scan_ratio.$1: $(awk -v a="$whatif_s" -v b="$scan_s" 'BEGIN {printf "%.2f", a/b}') x"
  q=$(build/zhijia_bench review-queue --db "$2" --queries 1000 --as bench_city)
  echo "$1: $(awk '/^due/ {print $2}' <<<"$q") files in Hangzhou's review-due queue (count capped at 10,001)"
  echo "bench hardship.review_queue_p99_ms.$1: $(awk '/^p99/ {print $2}' <<<"$q") ms (goal <= 50)"
}

run_engine sqlite "$dir/hardship.db"
run_engine postgres "$(bash scripts/pg.sh start "$pgdir")"

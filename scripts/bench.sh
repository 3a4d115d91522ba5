#!/usr/bin/env bash
# `make bench [BENCH=group]`: runs bench/<group>.sh for each group (all when none is named).
# Every figure is printed as `bench <group>.<figure>: <value> <unit> (goal ...)`.
set -euo pipefail
cd "$(dirname "$0")/.."
groups=("$@")
if [ ${#groups[@]} -eq 0 ] || [ -z "${groups[0]}" ]; then
  groups=()
  for f in bench/*.sh; do groups+=("$(basename "$f" .sh)"); done
fi
for g in "${groups[@]}"; do
  if [ ! -f "bench/$g.sh" ]; then
    echo "no benchmark group '$g' (have: $(ls bench/*.sh | xargs -n1 basename | sed 's/\.sh$//' | tr '\n' ' '))" >&2
    exit 2
  fi
  echo "== bench $g"
  bash "bench/$g.sh"
done

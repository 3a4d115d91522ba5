#!/usr/bin/env bash
# `make test`: C++ unit and integration tests on SQLite and on a real PostgreSQL 15 server that
# this script starts and stops, then the browser tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${ZHIJIA_TEST_OUTPUT:-$root/test-output}
mkdir -p "$out"

pgdir=$(mktemp -d /tmp/zhijia-pg.XXXXXX)
chmod 755 "$pgdir"
trap 'bash scripts/pg.sh stop "$pgdir"' EXIT
export ZHIJIA_TEST_PG_URL=$(bash scripts/pg.sh start "$pgdir")
export ZHIJIA_TEST_REQUIRE_PG=1
echo "PostgreSQL for tests: $ZHIJIA_TEST_PG_URL"

start=$(date +%s)
# Formatting is a tool's job: the C++ must be as clang-format leaves it.
if ! clang-format --dry-run --Werror $(git ls-files 'src/*.h' 'src/*.cpp' 'tests/*.h' 'tests/*.cpp') 2>"$out/format.log"; then
  head -20 "$out/format.log"
  echo "C++ formatting differs from .clang-format: run \`make format\`"
  exit 1
fi
# The shape of the code (docs/architecture.md): capabilities talk through services.
bash scripts/check_shape.sh
cpp_status=0
(cd build && ctest -j2 --output-on-failure --timeout 300) | tee "$out/ctest.log" || cpp_status=$?
cpp_passed=$(grep -oP '\d+(?= tests passed|% tests passed)' "$out/ctest.log" | head -1 || true)
cpp_line=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$out/ctest.log" | tail -1 || true)
cpp_failed=$(echo "$cpp_line" | grep -oP '[0-9]+(?= tests failed)' || echo 0)
cpp_total=$(echo "$cpp_line" | grep -oP '(?<=out of )[0-9]+' || echo 0)

web_status=0
(cd web && ZHIJIA_BIN="$root/build/zhijia" ZHIJIA_TEST_OUTPUT="$out/e2e" node --test e2e/) \
  | tee "$out/e2e.log" || web_status=$?
web_pass=$(grep -oP '^# pass \K[0-9]+' "$out/e2e.log" || echo 0)
web_fail=$(grep -oP '^# fail \K[0-9]+' "$out/e2e.log" || echo 0)
web_cancelled=$(grep -oP '^# cancelled \K[0-9]+' "$out/e2e.log" || echo 0)
web_fail=$(( web_fail + web_cancelled ))

passed=$(( cpp_total - cpp_failed + web_pass ))
failed=$(( cpp_failed + web_fail ))
echo "make test took $(( $(date +%s) - start )) s; screenshots in $out/e2e"
echo "total: $passed passed, $failed failed"
[ "$cpp_status" -eq 0 ] && [ "$web_status" -eq 0 ] && [ "$failed" -eq 0 ]

#!/usr/bin/env bash
# clang-tidy over src/ with the checked-in .clang-tidy (`make tidy`). Debian 12's clang-tidy-16
# does not take -std=c++23 nor our g++ precompiled headers, and it sees libstdc++'s <expected>
# only when told that concepts are complete: the compile commands are rewritten for it here.
#   scripts/tidy.sh [FILE...]   (default: every .cpp under src/)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-tidy-16 >/dev/null || { echo "tidy: apt-get install clang-tidy-16"; exit 1; }
[ -f build/compile_commands.json ] || { echo "tidy: build first (make build)"; exit 1; }
db=$(mktemp -d)
trap 'rm -rf "$db"' EXIT
sed -e 's/-std=c++23/-std=c++2b/' -e 's# -include /[^ ]*cmake_pch.hxx##' -e 's/-Winvalid-pch//' \
  build/compile_commands.json >"$db/compile_commands.json"
files=("$@")
[ ${#files[@]} -gt 0 ] || mapfile -t files < <(git ls-files 'src/*.cpp')
run-clang-tidy-16 -p "$db" -j "$(nproc)" -quiet -extra-arg=-U__cpp_concepts -extra-arg=-D__cpp_concepts=202002L \
  "${files[@]/#/$PWD/}"

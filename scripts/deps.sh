#!/usr/bin/env bash
# Installs everything zhijia needs on a fresh Debian 12 machine (as root, or with sudo).
# Idempotent: packages already present are skipped quickly.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake ccache pkg-config git ca-certificates clang-format clang-tidy-16
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-15 postgresql-client-15
  libsodium-dev libspdlog-dev libfmt-dev libcli11-dev prometheus-cpp-dev libxlsxwriter-dev
  libopencc-dev opencc unicode-data libzip-dev libexpat1-dev libtomlplusplus-dev libyaml-cpp-dev
  libgtest-dev libgmock-dev librapidcheck-dev
  chromium fonts-wqy-microhei wrk curl time
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "deps: Debian packages present"
fi

# npm packages of the web app (also the source of the region tables the C++ build compiles in).
if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  # The committed lock is complete (optional packages of every platform included), so npm ci
  # installs exactly it and never rewrites it.
  echo "deps: npm ci in web/"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
else
  echo "deps: web/node_modules up to date"
fi

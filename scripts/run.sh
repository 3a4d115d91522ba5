#!/usr/bin/env bash
# `make run`: the server on an SQLite file with demo data. The first run creates the data and
# prints the demo users' passwords once.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-var/demo.db}
listen=${2:-127.0.0.1:8080}
mkdir -p "$(dirname "$db")"
if [ ! -f "$db" ]; then
  echo "Creating demo data in $db ..."
  build/zhijia --db "$db" demo --seed 1 --province 33 --grassroots 3000 --members 20000 --households 600
  echo
  echo "Keep these passwords: they are not stored anywhere. Lost one? build/zhijia --db $db user passwd --username NAME"
  echo
fi
exec build/zhijia --db "$db" serve --listen "$listen" --web web/dist

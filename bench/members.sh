#!/usr/bin/env bash
# Member registry at province scale, each figure against a baseline measured in this run:
#   members.import_sqlite_ratio    zhijia import of an N-row CSV into SQLite ÷ sqlite3 CLI .import
#                                  of the same file into a bare table
#   members.import_sqlite_floor_ratio the sqlite3 CLI alone inserting the same rows, already parsed,
#                                  into zhijia's schema and building its indexes ÷ the same baseline
#   members.import_postgres_ratio  zhijia import into PostgreSQL ÷ psql \copy into a bare table
#   members.import_postgres_floor_ratio the same floor on PostgreSQL ÷ the psql \copy baseline
#   members.import_sqlite_vs_floor / members.import_postgres_vs_floor   zhijia's import ÷ that
#                                  floor: how far the import is from what the engine itself needs
#   members.export_xlsx_peak_rss_mb peak RSS of exporting all N members to XLSX
#   members.search_p99_ms          p99 of member searches (name, initials, ID tail, phone) at N
# N defaults to 1,000,000 (BENCH_ROWS overrides).
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${BENCH_ROWS:-1000000}
dir=$(mktemp -d /tmp/zhijia-bench-members.XXXXXX)
chmod 755 "$dir"
pgdir="$dir/pg"
trap 'bash scripts/pg.sh stop "$pgdir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
zj=build/zhijia
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b - a}'; }

$zj --db "$dir/orgs.db" demo --seed 1 --grassroots 3000 --no-users >/dev/null
build/zhijia_bench gen-members --db "$dir/orgs.db" --rows "$rows" --out "$dir/members.csv"
echo "generated $rows rows ($(du -m "$dir/members.csv" | cut -f1) MB)"

# SQLite: the CLI's .import into a bare table, then zhijia's import.
t0=$(now)
sqlite3 "$dir/bare.db" <<SQL
CREATE TABLE bare (姓名 TEXT, 身份证号 TEXT, 手机号 TEXT, 所属工会 TEXT, 民族 TEXT, 学历 TEXT,
  技能等级 TEXT, 户籍类型 TEXT, 是否农民工 TEXT, 就业形态 TEXT, 工作单位 TEXT,
  单位统一社会信用代码 TEXT, 入会日期 TEXT, 会员卡号 TEXT, 会籍状态 TEXT);
.mode csv
.import --skip 1 $dir/members.csv bare
SQL
t1=$(now)
cp "$dir/orgs.db" "$dir/imp.db"
echo "bench-password-1" | $zj --db "$dir/imp.db" user add --username bench --org 浙江省总工会 \
  --role cadre_admin --scope subtree --password-stdin >/dev/null
t2=$(now)
$zj --db "$dir/imp.db" import members "$dir/members.csv" --as bench 2>/dev/null | tail -1
t3=$(now)
base=$(secs "$t0" "$t1"); ours=$(secs "$t2" "$t3"); sqlite_ours=$ours
echo "sqlite3 .import: $base s; zhijia import: $ours s"
echo "bench members.import_sqlite_ratio: $(awk -v a="$ours" -v b="$base" 'BEGIN {printf "%.2f", a/b}') x (goal <= 2.0)"

# The floor under that ratio: the sqlite3 CLI alone moving the same rows, already parsed and with
# their search keys, from a table into an empty zhijia database in one transaction (the members
# table with its unique ID and card indexes, one event each), then building the six search
# indexes. No program that keeps zhijia's schema can import faster than this.
cp "$dir/orgs.db" "$dir/floor.db"
sqlite3 "$dir/floor.db" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
ATTACH '$dir/imp.db' AS done;
CREATE TABLE staged AS SELECT * FROM done.members ORDER BY id;
DETACH done;
SQL
cols=$(sqlite3 "$dir/floor.db" "SELECT group_concat(name, ', ') FROM pragma_table_info('members')")
indexes=$(sqlite3 "$dir/floor.db" "SELECT group_concat(sql, '; ') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'members' AND name IN ('members_org', 'members_fold', 'members_pinyin', 'members_initials', 'members_id_rev', 'members_phone')")
t0=$(now)
sqlite3 "$dir/floor.db" >/dev/null <<SQL
PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-262144;
DROP INDEX members_org; DROP INDEX members_fold; DROP INDEX members_pinyin;
DROP INDEX members_initials; DROP INDEX members_id_rev; DROP INDEX members_phone;
BEGIN;
INSERT INTO members ($cols) SELECT $cols FROM staged;
INSERT INTO member_events (member_id, at, actor, action, to_state, org_id, reason)
  SELECT id, created_at, 'bench', 'import', state, org_id, 'floor' FROM members;
COMMIT;
$indexes;
SQL
t1=$(now)
floor=$(secs "$t0" "$t1")
echo "sqlite3 into zhijia's schema, rows already parsed: $floor s"
echo "bench members.import_sqlite_floor_ratio: $(awk -v a="$floor" -v b="$base" 'BEGIN {printf "%.2f", a/b}') x (what SQLite itself needs for this schema)"
echo "bench members.import_sqlite_vs_floor: $(awk -v a="$sqlite_ours" -v b="$floor" 'BEGIN {printf "%.2f", a/b}') x (goal <= 1.25)"

# PostgreSQL: psql \copy into a bare table, then zhijia's import.
url=$(bash scripts/pg.sh start "$pgdir")
psql -q "$url" -c "CREATE TABLE bare (a TEXT, b TEXT, c TEXT, d TEXT, e TEXT, f TEXT, g TEXT, h TEXT, i TEXT, j TEXT, k TEXT, l TEXT, m TEXT, n TEXT, o TEXT)"
t0=$(now)
psql -q "$url" -c "\\copy bare FROM '$dir/members.csv' WITH (FORMAT csv, HEADER true)"
t1=$(now)
$zj --db "$url" demo --seed 1 --grassroots 3000 --no-users >/dev/null
echo "bench-password-1" | $zj --db "$url" user add --username bench --org 浙江省总工会 \
  --role cadre_admin --scope subtree --password-stdin >/dev/null
t2=$(now)
$zj --db "$url" import members "$dir/members.csv" --as bench 2>/dev/null | tail -1
t3=$(now)
base=$(secs "$t0" "$t1"); ours=$(secs "$t2" "$t3"); postgres_ours=$ours
echo "psql \\copy: $base s; zhijia import: $ours s"
echo "bench members.import_postgres_ratio: $(awk -v a="$ours" -v b="$base" 'BEGIN {printf "%.2f", a/b}') x (goal <= 2.0)"

# Its floor, as for SQLite: psql alone moving the same rows, parsed, into an empty zhijia schema in
# one transaction (foreign keys, unique ID and card indexes, one event each), then the six indexes.
floor_url="${url%/*}/floor"
psql -q "$url" -c "CREATE DATABASE floor"
$zj --db "$floor_url" migrate >/dev/null
$zj --db "$floor_url" demo --seed 1 --grassroots 3000 --no-users >/dev/null
pcols=$(psql -qAt "$floor_url" -c "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'members'")
psql -q "$floor_url" -c "CREATE TABLE staged AS SELECT * FROM members WHERE false"
psql -q "$url" -c "\copy (SELECT $pcols FROM members ORDER BY id) TO STDOUT" |
  psql -q "$floor_url" -c "\copy staged ($pcols) FROM STDIN"
pindexes=$(psql -qAt "$floor_url" -c "SELECT string_agg(indexdef, '; ') FROM pg_indexes WHERE tablename = 'members' AND indexname IN ('members_org', 'members_fold', 'members_pinyin', 'members_initials', 'members_id_rev', 'members_phone')")
t0=$(now)
psql -q "$floor_url" >/dev/null <<SQL
DROP INDEX members_org, members_fold, members_pinyin, members_initials, members_id_rev, members_phone;
BEGIN;
INSERT INTO members ($pcols) SELECT $pcols FROM staged;
INSERT INTO member_events (member_id, at, actor, action, to_state, org_id, reason)
  SELECT id, created_at, 'bench', 'import', state, org_id, 'floor' FROM members;
COMMIT;
SET maintenance_work_mem = '512MB';
$pindexes;
SQL
t1=$(now)
floor=$(secs "$t0" "$t1")
echo "psql into zhijia's schema, rows already parsed: $floor s"
echo "bench members.import_postgres_floor_ratio: $(awk -v a="$floor" -v b="$base" 'BEGIN {printf "%.2f", a/b}') x (what PostgreSQL itself needs for this schema)"
echo "bench members.import_postgres_vs_floor: $(awk -v a="$postgres_ours" -v b="$floor" 'BEGIN {printf "%.2f", a/b}') x (goal <= 1.25)"

# Export of everything, and search latency, on the SQLite copy.
rss_kb=$( { /usr/bin/time -f "%M" $zj --db "$dir/imp.db" export members --out "$dir/all.xlsx" --as bench >/dev/null; } 2>&1 | tail -1)
echo "bench members.export_xlsx_peak_rss_mb: $(awk -v k="$rss_kb" 'BEGIN {printf "%.1f", k/1024}') MB (goal < 200)"
p99=$(build/zhijia_bench search --db "$dir/imp.db" --queries 2000 | awk '/p99/ {print $2}')
echo "bench members.search_p99_ms: $p99 ms (goal <= 50)"

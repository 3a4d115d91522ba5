#!/usr/bin/env bash
# The shape of the code (docs/architecture.md), checked so that it holds:
#  1. a capability never includes another capability's store: it calls that capability's service
#     (or a read interface the other publishes, such as members/search.h);
#  2. models, services and stores know nothing of HTTP: no header of theirs includes http/;
#  3. a capability's SQL names only its own tables (and orgs, the tree every capability reads
#     through orgs' service or in joins for names) — app/demo*.cpp, which bulk-loads demo data,
#     is the one exception;
#  4. routes hold no SQL: they parse, call a service and shape the answer.
# Prints every breach with its file and line; exits 1 if there is any.
set -uo pipefail
cd "$(dirname "$0")/.."

capabilities=(auth orgs members hardship funds jobs)
# Which capability owns each table (its migrations).
declare -A owner=(
  [users]=auth [grants]=auth [role_permissions]=auth [sessions]=auth [api_tokens]=auth
  [login_throttle]=auth [audit_log]=auth
  [members]=members [member_events]=members [member_transfers]=members
  [hardship_files]=hardship [hardship_events]=hardship [hardship_file_people]=hardship
  [hardship_assessments]=hardship [hardship_attachments]=hardship [hardship_causes]=hardship
  [hardship_monitoring]=hardship [hardship_objections]=hardship [hardship_policies]=hardship
  [hardship_whatif_rows]=hardship [work_calendar]=hardship [blobs]=hardship
  [fund_accounts]=funds [fund_transfers]=funds [aid_records]=funds [payment_runs]=funds
  [jobs]=jobs [job_errors]=jobs
)
breaches=0
breach() { echo "shape: $1"; breaches=$((breaches + 1)); }

for cap in "${capabilities[@]}" app; do
  for f in src/$cap/*.h src/$cap/*.cpp; do
    [ -e "$f" ] || continue
    # 1. Another capability's store header.
    while IFS=: read -r line inc; do
      other=${inc%%/*}
      [ "$other" = "$cap" ] && continue
      breach "$f:$line includes $inc: call $other's service instead of its store"
    done < <(grep -noP '#include "\K[a-z_]+/([a-z_]+_)?store\.h' "$f")
  done
done

# 2. HTTP in a model, service or store header.
for f in src/*/model.h src/*/*_model.h src/*/service.h src/*/*_service.h src/*/store.h \
         src/*/*_store.h; do
  [ -e "$f" ] || continue
  while IFS=: read -r line inc; do
    breach "$f:$line includes $inc: HTTP belongs in routes (http/handler.h)"
  done < <(grep -noP '#include "\Khttp/[a-z_]+\.h' "$f")
done

# 3. SQL on another capability's tables.
for cap in "${capabilities[@]}"; do
  for f in src/$cap/*.cpp; do
    [ -e "$f" ] || continue
    while IFS=: read -r line table; do
      o=${owner[$table]:-}
      [ -z "$o" ] || [ "$o" = "$cap" ] && continue
      breach "$f:$line reads or writes $table, which is $o's: call $o's service"
    done < <(grep -noP '\b(FROM|JOIN|INTO|UPDATE)\s+\K[a-z_]+' "$f")
  done
done

# 4. SQL in routes.
for f in src/*/routes.cpp src/*/*_routes.cpp; do
  [ -e "$f" ] || continue
  while IFS=: read -r line _; do
    breach "$f:$line holds SQL: move it to the capability's store, behind a service call"
  done < <(grep -nP '"(SELECT|INSERT|UPDATE|DELETE|WITH) ' "$f")
done

if [ "$breaches" -gt 0 ]; then
  echo "shape: $breaches breach(es) of docs/architecture.md"
  exit 1
fi
echo "shape: every capability keeps to its own store and tables; no HTTP below the routes"

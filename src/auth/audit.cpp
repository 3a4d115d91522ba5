#include "auth/audit.h"

#include "auth/principal.h"
#include "base/clock.h"

namespace zj::auth {

void Audit(db::Connection& conn, const AuditEntry& e) {
  conn.Exec(
      "INSERT INTO audit_log (at, actor_user_id, actor, action, entity, entity_id, org_path, "
      "detail, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {NowIso(), e.actor_user_id, e.actor, e.action, e.entity, e.entity_id,
       e.org_path.empty() ? db::Value() : db::Value(e.org_path),
       e.detail.empty() ? db::Value() : db::Value(e.detail),
       e.request_id.empty() ? db::Value() : db::Value(e.request_id)});
}

AuditEntry AuditBy(const Principal* who, std::string action, std::string entity,
                   std::string entity_id, std::string request_id) {
  AuditEntry e;
  if (who) {
    e.actor_user_id = who->user_id;
    e.actor = who->Label();
  } else {
    e.actor = "cli";
  }
  e.action = std::move(action);
  e.entity = std::move(entity);
  e.entity_id = std::move(entity_id);
  e.request_id = std::move(request_id);
  return e;
}

}  // namespace zj::auth

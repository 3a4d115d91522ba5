#pragma once
// The append-only audit log: every write, and every unmasked view of a sensitive field.
#include <optional>
#include <string>

#include "db/database.h"

namespace zj::auth {

class Principal;

struct AuditEntry {
  std::optional<int64_t> actor_user_id;
  std::string actor;   // username, or "cli" / "system"
  std::string action;  // "org.create", "session.login", "member.unmask", ...
  std::string entity;  // "org", "user", ...
  std::string entity_id;
  std::string org_path;  // the org the record belongs to, for scoped audit queries
  std::string detail;    // JSON text
  std::string request_id;
};

// Appends one entry. Call inside the transaction of the change it records.
void Audit(db::Connection& conn, const AuditEntry& entry);

// An entry with the actor filled from the principal (or "cli" when it is null).
AuditEntry AuditBy(const Principal* who, std::string action, std::string entity,
                   std::string entity_id, std::string request_id = {});

}  // namespace zj::auth

#include "auth/store.h"

#include "base/clock.h"

namespace zj::auth::store {
namespace {

constexpr const char* kUserColumns =
    "id, username, display_name, password_hash, org_id, status, failed_logins, locked_until, "
    "member_id";

UserRow ToUser(const db::Row& r) {
  return UserRow{r.Int(0),
                 r.Text(1),
                 r.Text(2),
                 r.Text(3),
                 r.Int(4),
                 r.Text(5),
                 static_cast<int>(r.Int(6)),
                 r.OptText(7),
                 r.OptInt(8)};
}

}  // namespace

std::optional<int64_t> UserIdOfMember(db::Connection& conn, int64_t member_id) {
  auto id = conn.Scalar("SELECT id FROM users WHERE member_id = ?", {member_id});
  if (!id) return std::nullopt;
  return id->AsInt();
}

std::optional<UserRow> FindUserByName(db::Connection& c, std::string_view username) {
  auto rows =
      c.Query(std::string("SELECT ") + kUserColumns + " FROM users WHERE username = ?", {username});
  if (rows.empty()) return std::nullopt;
  return ToUser(rows[0]);
}

std::optional<UserRow> FindUserById(db::Connection& c, int64_t id) {
  auto rows = c.Query(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return ToUser(rows[0]);
}

int64_t InsertUser(db::Connection& c, const UserRow& u) {
  const std::string now = NowIso();
  auto rows = c.Query(
      "INSERT INTO users (username, display_name, password_hash, org_id, member_id, status, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'active', ?, ?) RETURNING id",
      {u.username, u.display_name, u.password_hash, u.org_id, u.member_id, now, now});
  return rows.at(0).Int(0);
}

void SetPasswordHash(db::Connection& c, int64_t user_id, const std::string& hash) {
  c.Exec(
      "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL, "
      "updated_at = ? WHERE id = ?",
      {hash, NowIso(), user_id});
}

std::optional<Throttle> FindThrottle(db::Connection& c, std::string_view username,
                                     std::string_view client) {
  auto rows = c.Query(
      "SELECT failures, blocked_until FROM login_throttle WHERE username = ? AND client = ?",
      {username, client});
  if (rows.empty()) return std::nullopt;
  return Throttle{static_cast<int>(rows[0].Int(0)), rows[0].OptText(1)};
}

void PutThrottle(db::Connection& c, std::string_view username, std::string_view client,
                 const Throttle& t) {
  c.Exec(
      "INSERT INTO login_throttle (username, client, failures, last_failure_at, blocked_until) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (username, client) DO UPDATE SET failures = "
      "excluded.failures, last_failure_at = excluded.last_failure_at, blocked_until = "
      "excluded.blocked_until",
      {username, client, t.failures, NowIso(), t.blocked_until});
}

void ClearThrottle(db::Connection& c, std::string_view username, std::string_view client) {
  c.Exec("DELETE FROM login_throttle WHERE username = ? AND client = ?", {username, client});
}

std::optional<std::pair<std::string, std::string>> OrgPathAndName(db::Connection& c,
                                                                  int64_t org_id) {
  auto rows = c.Query("SELECT path, name FROM orgs WHERE id = ?", {org_id});
  if (rows.empty()) return std::nullopt;
  return std::pair{rows[0].Text(0), rows[0].Text(1)};
}

bool RoleExists(db::Connection& c, std::string_view role) {
  return !c.Query("SELECT 1 FROM role_permissions WHERE role = ? LIMIT 1", {role}).empty();
}

void InsertGrant(db::Connection& c, int64_t user_id, std::string_view role, ScopeKind scope,
                 std::optional<int64_t> org_id) {
  c.Exec(
      "INSERT INTO grants (user_id, role, scope_kind, scope_org_id, created_at) "
      "VALUES (?, ?, ?, ?, ?)",
      {user_id, role, ScopeKindName(scope), org_id, NowIso()});
}

void LoadPermissions(db::Connection& c, Principal& p) {
  auto rows = c.Query(
      "SELECT g.role, g.scope_kind, g.scope_org_id, o.path, rp.permission "
      "FROM grants g JOIN role_permissions rp ON rp.role = g.role "
      "LEFT JOIN orgs o ON o.id = g.scope_org_id "
      "WHERE g.user_id = ?",
      {p.user_id});
  for (const auto& r : rows) {
    Grant g;
    g.role = r.Text(0);
    ParseScopeKind(r.Text(1), &g.scope);
    g.org_id = r.OptInt(2).value_or(0);
    g.org_path = r.Text(3);
    if ((g.scope == ScopeKind::kSubtree || g.scope == ScopeKind::kOwnOrg) && g.org_path.empty()) {
      continue;  // a grant over an org that no longer exists gives nothing
    }
    p.permissions[r.Text(4)].push_back(std::move(g));
  }
}

void InsertSession(db::Connection& c, const std::string& token_hash, int64_t user_id,
                   const std::string& csrf, const std::string& expires_at) {
  c.Exec(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
      "VALUES (?, ?, ?, ?, ?)",
      {token_hash, user_id, csrf, NowIso(), expires_at});
}

std::optional<std::pair<int64_t, std::string>> FindSession(db::Connection& c,
                                                           const std::string& token_hash,
                                                           const std::string& now) {
  auto rows =
      c.Query("SELECT user_id, csrf_token FROM sessions WHERE token_hash = ? AND expires_at > ?",
              {token_hash, now});
  if (rows.empty()) return std::nullopt;
  return std::pair{rows[0].Int(0), rows[0].Text(1)};
}

void DeleteSession(db::Connection& c, const std::string& token_hash) {
  c.Exec("DELETE FROM sessions WHERE token_hash = ?", {token_hash});
}

int64_t EndSessionsAndTokens(db::Connection& c, int64_t user_id) {
  const int64_t sessions = c.Exec("DELETE FROM sessions WHERE user_id = ?", {user_id});
  const int64_t tokens =
      c.Exec("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
             {NowIso(), user_id});
  return sessions + tokens;
}

void InsertToken(db::Connection& c, const std::string& token_hash, int64_t user_id,
                 std::string_view name) {
  c.Exec("INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES (?, ?, ?, ?)",
         {token_hash, user_id, name, NowIso()});
}

std::optional<int64_t> FindTokenUser(db::Connection& c, const std::string& token_hash) {
  auto v = c.Scalar("SELECT user_id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL",
                    {token_hash});
  if (!v) return std::nullopt;
  return v->AsInt();
}

}  // namespace zj::auth::store

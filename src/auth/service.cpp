#include "auth/service.h"

#include "auth/audit.h"
#include "auth/password.h"
#include "auth/store.h"
#include "base/clock.h"
#include "base/text.h"

namespace zj::auth {
namespace {

constexpr size_t kMaxUsernameLength = 32;
constexpr size_t kMaxDisplayNameChars = 50;

Result<void> ValidateUsername(std::string_view name) {
  bool ok = name.size() >= 3 && name.size() <= kMaxUsernameLength;
  for (char c : name) {
    ok = ok && (std::islower(static_cast<unsigned char>(c)) ||
                std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-');
  }
  if (!ok) {
    return Invalid("username", "用户名应为 3–32 个小写字母、数字或 _ . -",
                   "A username is 3-32 lower-case letters, digits or _ . -");
  }
  return {};
}

std::unexpected<Error> NoSuchUser(std::string_view username) {
  return Fail(ErrorCode::kNotFound, "没有用户 " + std::string(username),
              "No user named " + std::string(username), "username");
}

std::unexpected<Error> BadCredentials() {
  return Fail(ErrorCode::kUnauthenticated, "用户名或密码错误", "Wrong username or password");
}

}  // namespace

Result<int64_t> CreateUser(db::Connection& conn, const Principal* actor, const NewUser& user) {
  if (auto ok = ValidateUsername(user.username); !ok) return std::unexpected(ok.error());
  if (user.display_name.empty() || Utf8Length(user.display_name) > kMaxDisplayNameChars ||
      !IsValidUtf8(user.display_name)) {
    return Invalid("display_name", "姓名应为 1–50 个字符", "The display name is 1-50 characters");
  }
  auto hash = HashPassword(user.password);
  if (!hash) return std::unexpected(hash.error());
  return db::WithTransaction(conn, [&]() -> Result<int64_t> {
    auto org = store::OrgPathAndName(conn, user.org_id);
    if (!org) {
      return Fail(ErrorCode::kNotFound, "组织不存在：" + std::to_string(user.org_id),
                  "No such org: " + std::to_string(user.org_id), "org_id");
    }
    if (actor && !actor->ScopeFor("user:manage").Contains(org->first, user.org_id)) {
      return Fail(ErrorCode::kForbidden, "无权在该组织下创建用户",
                  "You may not create users in that org", "org_id");
    }
    if (store::FindUserByName(conn, user.username)) {
      return Fail(ErrorCode::kConflict, "用户名 " + user.username + " 已被使用",
                  "The username " + user.username + " is taken", "username");
    }
    store::UserRow row;
    row.username = user.username;
    row.display_name = user.display_name;
    row.password_hash = *hash;
    row.org_id = user.org_id;
    row.member_id = user.member_id;
    const int64_t id = store::InsertUser(conn, row);
    auto entry = AuditBy(actor, "user.create", "user", std::to_string(id));
    entry.org_path = org->first;
    entry.detail = "{\"username\":\"" + user.username + "\"}";
    Audit(conn, entry);
    return id;
  });
}

Result<void> GrantRole(db::Connection& conn, const Principal* actor, std::string_view username,
                       std::string_view role, ScopeKind scope, std::optional<int64_t> org_id) {
  return db::WithTransaction(conn, [&]() -> Result<void> {
    auto user = store::FindUserByName(conn, username);
    if (!user) return NoSuchUser(username);
    if (!store::RoleExists(conn, role)) {
      return Fail(ErrorCode::kNotFound, "没有角色 " + std::string(role),
                  "No role named " + std::string(role), "role");
    }
    const bool needs_org = scope == ScopeKind::kSubtree || scope == ScopeKind::kOwnOrg;
    if (needs_org && !org_id) org_id = user->org_id;
    if (!needs_org) org_id.reset();
    std::string org_path;
    if (org_id) {
      auto org = store::OrgPathAndName(conn, *org_id);
      if (!org) {
        return Fail(ErrorCode::kNotFound, "组织不存在", "No such org", "org_id");
      }
      org_path = org->first;
    }
    if (actor) {
      // A grantor can pass on only what they hold, within their own scope.
      auto mine = actor->ScopeFor("user:manage");
      bool ok = false;
      if (scope == ScopeKind::kAll) {
        ok = mine.IsAll();
      } else if (org_id) {
        ok = mine.Contains(org_path, *org_id);
      } else if (auto own = store::OrgPathAndName(conn, user->org_id)) {
        ok = mine.Contains(own->first, user->org_id);  // self: the user's own org must be in scope
      }
      if (!ok) {
        return Fail(ErrorCode::kForbidden, "无权授予超出本人管辖范围的权限",
                    "You may not grant beyond your own scope", "scope");
      }
    }
    try {
      store::InsertGrant(conn, user->id, role, scope, org_id);
    } catch (const db::DbError& e) {
      if (e.kind() != db::DbError::Kind::kUnique) throw;
      return {};  // already granted: granting twice changes nothing
    }
    auto entry = AuditBy(actor, "user.grant", "user", std::to_string(user->id));
    entry.org_path = org_path;
    entry.detail = "{\"role\":\"" + std::string(role) + "\",\"scope\":\"" +
                   std::string(ScopeKindName(scope)) + "\"}";
    Audit(conn, entry);
    return {};
  });
}

Result<void> SetPassword(db::Connection& conn, const Principal* actor, std::string_view username,
                         std::string_view password) {
  auto hash = HashPassword(password);
  if (!hash) return std::unexpected(hash.error());
  return db::WithTransaction(conn, [&]() -> Result<void> {
    auto user = store::FindUserByName(conn, username);
    if (!user) return NoSuchUser(username);
    store::SetPasswordHash(conn, user->id, *hash);
    Audit(conn, AuditBy(actor, "user.password", "user", std::to_string(user->id)));
    return {};
  });
}

Result<std::string> IssueToken(db::Connection& conn, const Principal* actor,
                               std::string_view username, std::string_view name) {
  return db::WithTransaction(conn, [&]() -> Result<std::string> {
    auto user = store::FindUserByName(conn, username);
    if (!user) return NoSuchUser(username);
    std::string token = RandomToken("zjt_");
    store::InsertToken(conn, TokenHash(token), user->id, name);
    Audit(conn, AuditBy(actor, "user.token", "user", std::to_string(user->id)));
    return token;
  });
}

Result<LoginResult> Login(db::Connection& conn, std::string_view username,
                          std::string_view password, const std::string& request_id) {
  auto user = store::FindUserByName(conn, username);
  const std::string now = NowIso();
  if (!user || user->status != "active") {
    VerifyPassword(password, "");  // same cost as a real check
    return BadCredentials();
  }
  if (user->locked_until && *user->locked_until > now) {
    return Fail(ErrorCode::kLocked,
                "连续登录失败次数过多，账户已锁定 15 分钟，请稍后再试或联系管理员",
                "Too many failed logins: the account is locked for 15 minutes; try later or "
                "ask an administrator");
  }
  if (!VerifyPassword(password, user->password_hash)) {
    const bool locked = db::WithTransaction(conn, [&] {
      const int failed = store::IncrementLoginFailures(conn, user->id);
      const bool lock = failed >= kMaxFailedLogins;
      if (lock) {
        store::SetLoginFailures(conn, user->id, 0,
                                FormatIso(std::chrono::system_clock::now() + kLockoutDuration));
      }
      Audit(conn, AuditEntry{user->id, user->username, lock ? "session.lock" : "session.fail",
                             "user", std::to_string(user->id), "", "", request_id});
      return lock;
    });
    if (locked) {
      return Fail(ErrorCode::kLocked,
                  "连续登录失败 5 次，账户已锁定 15 分钟，请稍后再试或联系管理员",
                  "5 failed logins in a row: the account is locked for 15 minutes; try later or "
                  "ask an administrator");
    }
    return BadCredentials();
  }
  auto principal = LoadPrincipal(conn, user->id);
  if (!principal) return std::unexpected(principal.error());
  LoginResult result{RandomToken("zjs_"), RandomToken(""), *principal};
  db::WithTransaction(conn, [&] {
    store::SetLoginFailures(conn, user->id, 0, std::nullopt);
    store::InsertSession(conn, TokenHash(result.session_token), user->id, result.csrf_token,
                         FormatIso(std::chrono::system_clock::now() + kSessionLifetime));
    Audit(conn, AuditEntry{user->id, user->username, "session.login", "user",
                           std::to_string(user->id), "", "", request_id});
  });
  return result;
}

void Logout(db::Connection& conn, const Principal& who, const std::string& session_token,
            const std::string& request_id) {
  db::WithTransaction(conn, [&] {
    store::DeleteSession(conn, TokenHash(session_token));
    Audit(conn, AuditEntry{who.user_id, who.username, "session.logout", "user",
                           std::to_string(who.user_id), "", "", request_id});
  });
}

Result<std::shared_ptr<Principal>> LoadPrincipal(db::Connection& conn, int64_t user_id) {
  auto user = store::FindUserById(conn, user_id);
  if (!user || user->status != "active") {
    return Fail(ErrorCode::kUnauthenticated, "用户不存在或已停用", "The user is gone or disabled");
  }
  auto p = std::make_shared<Principal>();
  p->user_id = user->id;
  p->username = user->username;
  p->display_name = user->display_name;
  p->org_id = user->org_id;
  p->member_id = user->member_id;
  if (auto org = store::OrgPathAndName(conn, user->org_id)) {
    p->org_path = org->first;
    p->org_name = org->second;
  }
  store::LoadPermissions(conn, *p);
  return p;
}

Result<http::Identity> Authenticate(db::Connection& conn, const http::Request& req) {
  std::string_view authz = req.Header("authorization");
  if (authz.starts_with("Bearer ") || authz.starts_with("bearer ")) {
    auto user_id = store::FindTokenUser(conn, TokenHash(authz.substr(7)));
    if (!user_id) {
      return Fail(ErrorCode::kUnauthenticated, "访问令牌无效或已吊销",
                  "The bearer token is invalid or revoked");
    }
    auto p = LoadPrincipal(conn, *user_id);
    if (!p) return std::unexpected(p.error());
    (*p)->via_token = true;
    return http::Identity{*p, ""};
  }
  const std::string cookie = req.Cookie(kSessionCookie);
  if (cookie.empty()) {
    return Fail(ErrorCode::kUnauthenticated, "请先登录", "Please log in first");
  }
  auto session = store::FindSession(conn, TokenHash(cookie), NowIso());
  if (!session) {
    return Fail(ErrorCode::kUnauthenticated, "会话已过期，请重新登录",
                "Your session has expired; please log in again");
  }
  auto p = LoadPrincipal(conn, session->first);
  if (!p) return std::unexpected(p.error());
  return http::Identity{*p, session->second};
}

}  // namespace zj::auth

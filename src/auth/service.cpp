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
  ZJ_TRY(ValidateUsername(user.username));
  if (user.display_name.empty() || Utf8Length(user.display_name) > kMaxDisplayNameChars ||
      !IsValidUtf8(user.display_name)) {
    return Invalid("display_name", "姓名应为 1–50 个字符", "The display name is 1-50 characters");
  }
  ZJ_ASSIGN_OR_RETURN(auto hash, HashPassword(user.password));
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
    row.password_hash = hash;
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
  ZJ_ASSIGN_OR_RETURN(auto hash, HashPassword(password));
  return db::WithTransaction(conn, [&]() -> Result<void> {
    auto user = store::FindUserByName(conn, username);
    if (!user) return NoSuchUser(username);
    store::SetPasswordHash(conn, user->id, hash);
    // Whoever held the old password holds nothing now: every session and token ends.
    const int64_t ended = store::EndSessionsAndTokens(conn, user->id);
    auto e = AuditBy(actor, "user.password", "user", std::to_string(user->id));
    e.detail = "{\"sessions_and_tokens_ended\":" + std::to_string(ended) + "}";
    Audit(conn, e);
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

namespace {

// The delay a client waits after its n-th failed login for one user name: none for the first
// kFreeLoginAttempts, then kFirstLoginDelay doubling with each failure up to kMaxLoginDelay.
std::chrono::seconds LoginDelay(int failures) {
  if (failures < kFreeLoginAttempts) return std::chrono::seconds(0);
  const int doublings = std::min(failures - kFreeLoginAttempts, 16);
  return std::min(kMaxLoginDelay, kFirstLoginDelay * (int64_t{1} << doublings));
}

std::unexpected<Error> Throttled(const std::string& blocked_until) {
  const auto until = ParseIso(blocked_until);
  const auto left = until ? std::chrono::duration_cast<std::chrono::seconds>(
                                *until - std::chrono::system_clock::now())
                                    .count() +
                                1
                          : 60;
  return Fail(ErrorCode::kTooManyRequests,
              "登录失败次数过多，请 " + std::to_string(left) + " 秒后再试（仅限本设备）",
              "Too many failed logins from here: try again in " + std::to_string(left) +
                  " seconds (this device only)");
}

// A session for the user, recorded with the audit action given.
LoginResult StartSession(db::Connection& conn, std::shared_ptr<Principal> principal,
                         const char* action, const std::string& request_id) {
  LoginResult result{RandomToken("zjs_"), RandomToken(""), std::move(principal)};
  store::InsertSession(conn, TokenHash(result.session_token), result.principal->user_id,
                       result.csrf_token,
                       FormatIso(std::chrono::system_clock::now() + kSessionLifetime));
  Audit(conn, AuditEntry{result.principal->user_id, result.principal->username, action, "user",
                         std::to_string(result.principal->user_id), result.principal->org_path, "",
                         request_id});
  return result;
}

}  // namespace

Result<LoginResult> Login(db::Connection& conn, const LoginAttempt& attempt) {
  const std::string now = NowIso();
  const auto throttle = store::FindThrottle(conn, attempt.username, attempt.client);
  if (throttle && throttle->blocked_until && *throttle->blocked_until > now) {
    return Throttled(*throttle->blocked_until);
  }
  auto user = store::FindUserByName(conn, attempt.username);
  const bool known = user && user->status == "active";
  // An unknown name costs the same check and counts the same, so that neither tells it apart.
  const bool right = VerifyPassword(attempt.password, known ? user->password_hash : "");
  if (!known || !right) {
    const int failures = (throttle ? throttle->failures : 0) + 1;
    const auto delay = LoginDelay(failures);
    store::Throttle next{failures, std::nullopt};
    if (delay.count() > 0) next.blocked_until = FormatIso(std::chrono::system_clock::now() + delay);
    db::WithTransaction(conn, [&] {
      store::PutThrottle(conn, attempt.username, attempt.client, next);
      if (known) {
        auto e = AuditEntry{
            user->id,
            user->username,
            delay.count() > 0 ? "session.throttle" : "session.fail",
            "user",
            std::to_string(user->id),
            "",
            "{\"client\":\"" + attempt.client + "\",\"failures\":" + std::to_string(failures) + "}",
            attempt.request_id};
        Audit(conn, e);
      }
    });
    if (next.blocked_until) return Throttled(*next.blocked_until);
    return BadCredentials();
  }
  ZJ_ASSIGN_OR_RETURN(auto principal, LoadPrincipal(conn, user->id));
  return db::WithTransaction(conn, [&] {
    if (throttle) store::ClearThrottle(conn, attempt.username, attempt.client);
    return StartSession(conn, principal, "session.login", attempt.request_id);
  });
}

Result<LoginResult> ChangeOwnPassword(db::Connection& conn, const Principal& who,
                                      std::string_view old_password, std::string_view new_password,
                                      const std::string& request_id) {
  auto user = store::FindUserById(conn, who.user_id);
  if (!user || !VerifyPassword(old_password, user->password_hash)) {
    return Fail(ErrorCode::kForbidden, "原密码不正确", "The current password is wrong",
                "old_password");
  }
  if (old_password == new_password) {
    return Invalid("new_password", "新密码不能与原密码相同",
                   "The new password must differ from the current one");
  }
  auto hash = HashPassword(new_password);
  if (!hash) {
    Error e = hash.error();
    e.field = "new_password";
    return std::unexpected(e);
  }
  ZJ_ASSIGN_OR_RETURN(auto principal, LoadPrincipal(conn, who.user_id));
  return db::WithTransaction(conn, [&] {
    store::SetPasswordHash(conn, who.user_id, *hash);
    store::EndSessionsAndTokens(conn, who.user_id);
    Audit(conn, AuditEntry{who.user_id, who.username, "user.password.change", "user",
                           std::to_string(who.user_id), who.org_path, "", request_id});
    return StartSession(conn, principal, "session.login", request_id);
  });
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

Result<Caller> Authenticate(db::Connection& conn, std::string_view bearer_token,
                            std::string_view session_cookie) {
  if (!bearer_token.empty()) {
    auto user_id = store::FindTokenUser(conn, TokenHash(bearer_token));
    if (!user_id) {
      return Fail(ErrorCode::kUnauthenticated, "访问令牌无效或已吊销",
                  "The bearer token is invalid or revoked");
    }
    ZJ_ASSIGN_OR_RETURN(auto p, LoadPrincipal(conn, *user_id));
    p->via_token = true;
    return Caller{p, ""};
  }
  if (session_cookie.empty()) {
    return Fail(ErrorCode::kUnauthenticated, "请先登录", "Please log in first");
  }
  auto session = store::FindSession(conn, TokenHash(std::string(session_cookie)), NowIso());
  if (!session) {
    return Fail(ErrorCode::kUnauthenticated, "会话已过期，请重新登录",
                "Your session has expired; please log in again");
  }
  ZJ_ASSIGN_OR_RETURN(auto p, LoadPrincipal(conn, session->first));
  return Caller{p, session->second};
}

Result<int64_t> CreateWorkerAccount(db::Connection& conn, const WorkerAccount& w,
                                    const std::string& request_id) {
  if (store::UserIdOfMember(conn, w.member_id)) {
    return Fail(ErrorCode::kConflict, "您已开通账号，请直接登录（用户名为手机号）",
                "You already have an account: sign in with your phone number as the username");
  }
  if (store::FindUserByName(conn, w.username)) {
    return Fail(ErrorCode::kConflict, "该手机号已被其他账号使用，请联系所在工会",
                "This phone number is used by another account; ask your union", "phone");
  }
  store::UserRow row;
  row.username = w.username;
  row.display_name = w.display_name;
  row.password_hash = w.password_hash;
  row.org_id = w.org_id;
  row.member_id = w.member_id;
  const int64_t user_id = store::InsertUser(conn, row);
  store::InsertGrant(conn, user_id, "worker", ScopeKind::kSelf, std::nullopt);
  Audit(conn, AuditEntry{user_id, w.username, "user.register", "user", std::to_string(user_id),
                         w.org_path, "", request_id});
  return user_id;
}

Result<std::shared_ptr<Principal>> LoadPrincipalByName(db::Connection& conn,
                                                       std::string_view username) {
  auto user = store::FindUserByName(conn, username);
  if (!user) {
    return Fail(ErrorCode::kNotFound, "没有用户 " + std::string(username),
                "No user " + std::string(username), "as");
  }
  return LoadPrincipal(conn, user->id);
}

}  // namespace zj::auth

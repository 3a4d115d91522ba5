#pragma once
// Users, logins, sessions, tokens and grants: the rules (lockout, expiry, who may grant what).
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "auth/principal.h"
#include "base/error.h"
#include "db/database.h"
#include "http/server.h"

namespace zj::auth {

inline constexpr int kMaxFailedLogins = 5;
inline constexpr auto kLockoutDuration = std::chrono::minutes(15);
inline constexpr auto kSessionLifetime = std::chrono::hours(12);
inline constexpr const char* kSessionCookie = "zj_session";

struct NewUser {
  std::string username;
  std::string display_name;
  int64_t org_id = 0;
  std::string password;
  std::optional<int64_t> member_id;  // a worker's account: their own member record
};

// Creates a user. actor null means the command line. Fails on a bad username, a weak password,
// an unknown org, or a username taken.
Result<int64_t> CreateUser(db::Connection& conn, const Principal* actor, const NewUser& user);
// Grants a role over a scope. org_id is required for subtree and own_org scopes.
Result<void> GrantRole(db::Connection& conn, const Principal* actor, std::string_view username,
                       std::string_view role, ScopeKind scope, std::optional<int64_t> org_id);
Result<void> SetPassword(db::Connection& conn, const Principal* actor, std::string_view username,
                         std::string_view password);
// A new bearer token for a machine client; only its hash is stored.
Result<std::string> IssueToken(db::Connection& conn, const Principal* actor,
                               std::string_view username, std::string_view name);

struct LoginResult {
  std::string session_token;  // goes into the HttpOnly cookie
  std::string csrf_token;
  std::shared_ptr<Principal> principal;
};
// Checks the password; 401 on wrong credentials, 423 when locked after kMaxFailedLogins.
Result<LoginResult> Login(db::Connection& conn, std::string_view username,
                          std::string_view password, const std::string& request_id);
void Logout(db::Connection& conn, const Principal& who, const std::string& session_token,
            const std::string& request_id);

// The principal of a user with their permissions.
Result<std::shared_ptr<Principal>> LoadPrincipal(db::Connection& conn, int64_t user_id);
// Finds the caller from the session cookie or an "Authorization: Bearer" token.
Result<http::Identity> Authenticate(db::Connection& conn, const http::Request& req);

}  // namespace zj::auth

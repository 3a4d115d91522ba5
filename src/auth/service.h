#pragma once
// Users, logins, sessions, tokens and grants: the rules (lockout, expiry, who may grant what).
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "auth/principal.h"
#include "base/error.h"
#include "db/database.h"

namespace zj::auth {

// Failed logins are throttled per user name and client address: after kFreeLoginAttempts the
// client waits kFirstLoginDelay, doubling with each further failure, at most kMaxLoginDelay.
// Another client (the user at their own desk) is not slowed down.
inline constexpr int kFreeLoginAttempts = 5;
inline constexpr auto kFirstLoginDelay = std::chrono::seconds(30);
inline constexpr auto kMaxLoginDelay = std::chrono::seconds(15 * 60);
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
// A worker's own account (a member signing up on the phone pages): the username is the phone,
// the role "worker" over themselves. 409 if the member has an account or the name is taken.
// Audited as user.register by the new user. Runs inside the caller's transaction.
struct WorkerAccount {
  int64_t member_id = 0;
  int64_t org_id = 0;
  std::string org_path;
  std::string username;  // the phone
  std::string display_name;
  std::string password_hash;  // argon2id, already hashed
};
Result<int64_t> CreateWorkerAccount(db::Connection& conn, const WorkerAccount& w,
                                    const std::string& request_id);
// Grants a role over a scope. org_id is required for subtree and own_org scopes.
Result<void> GrantRole(db::Connection& conn, const Principal* actor, std::string_view username,
                       std::string_view role, ScopeKind scope, std::optional<int64_t> org_id);
// Sets a user's password (a reset by an administrator or the command line) and ends every session
// and bearer token the user had.
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
struct LoginAttempt {
  std::string username;
  std::string password;
  std::string client;  // the client's address: failures are counted per name and address
  std::string request_id;
};
// Checks the password; 401 on wrong credentials, 429 (with the seconds to wait) while this client
// is throttled for this name.
Result<LoginResult> Login(db::Connection& conn, const LoginAttempt& attempt);
// The caller changes their own password: the old one must be right and the new one strong. Every
// session and token of theirs ends; the result is a fresh session for the caller.
Result<LoginResult> ChangeOwnPassword(db::Connection& conn, const Principal& who,
                                      std::string_view old_password, std::string_view new_password,
                                      const std::string& request_id);
void Logout(db::Connection& conn, const Principal& who, const std::string& session_token,
            const std::string& request_id);

// The principal of a user with their permissions.
Result<std::shared_ptr<Principal>> LoadPrincipal(db::Connection& conn, int64_t user_id);
// The principal of the user with this name (the command line's --as); 404 if there is none.
Result<std::shared_ptr<Principal>> LoadPrincipalByName(db::Connection& conn,
                                                       std::string_view username);
// Who a request comes from, as its credentials say.
struct Caller {
  std::shared_ptr<const Principal> principal;
  std::string csrf_token;  // set for browser sessions: unsafe methods must echo it
};
// Finds the caller from a bearer token (the Authorization header's value after "Bearer "),
// else from the session cookie's value. 401 when neither is valid.
Result<Caller> Authenticate(db::Connection& conn, std::string_view bearer_token,
                            std::string_view session_cookie);

}  // namespace zj::auth

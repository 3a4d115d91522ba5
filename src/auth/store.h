#pragma once
// SQL of users, grants, sessions and API tokens.
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "db/database.h"

namespace zj::auth::store {

struct UserRow {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string password_hash;
  int64_t org_id = 0;
  std::string status;
  int failed_logins = 0;
  std::optional<std::string> locked_until;
  std::optional<int64_t> member_id;  // a worker's own member record
};

// The user account of a member (a worker's own login), if there is one.
std::optional<int64_t> UserIdOfMember(db::Connection& conn, int64_t member_id);
std::optional<UserRow> FindUserByName(db::Connection& c, std::string_view username);
std::optional<UserRow> FindUserById(db::Connection& c, int64_t id);
int64_t InsertUser(db::Connection& c, const UserRow& u);
void SetPasswordHash(db::Connection& c, int64_t user_id, const std::string& hash);
// Failed logins of one user name from one client address, and until when that client waits.
struct Throttle {
  int failures = 0;
  std::optional<std::string> blocked_until;
};
std::optional<Throttle> FindThrottle(db::Connection& c, std::string_view username,
                                     std::string_view client);
void PutThrottle(db::Connection& c, std::string_view username, std::string_view client,
                 const Throttle& t);
void ClearThrottle(db::Connection& c, std::string_view username, std::string_view client);

// The org's materialized path and name, if the org exists.
std::optional<std::pair<std::string, std::string>> OrgPathAndName(db::Connection& c,
                                                                  int64_t org_id);
bool RoleExists(db::Connection& c, std::string_view role);
void InsertGrant(db::Connection& c, int64_t user_id, std::string_view role, ScopeKind scope,
                 std::optional<int64_t> org_id);
// Fills principal.permissions from the user's grants and their roles' permissions.
void LoadPermissions(db::Connection& c, Principal& principal);

void InsertSession(db::Connection& c, const std::string& token_hash, int64_t user_id,
                   const std::string& csrf, const std::string& expires_at);
// (user id, CSRF token) of a live session.
std::optional<std::pair<int64_t, std::string>> FindSession(db::Connection& c,
                                                           const std::string& token_hash,
                                                           const std::string& now);
void DeleteSession(db::Connection& c, const std::string& token_hash);
// Ends every session of the user and revokes every bearer token; returns how many.
int64_t EndSessionsAndTokens(db::Connection& c, int64_t user_id);

void InsertToken(db::Connection& c, const std::string& token_hash, int64_t user_id,
                 std::string_view name);
std::optional<int64_t> FindTokenUser(db::Connection& c, const std::string& token_hash);

}  // namespace zj::auth::store

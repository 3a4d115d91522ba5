#include "auth/routes.h"

#include "auth/service.h"
#include "http/json.h"

namespace zj::auth {
namespace {

namespace json = boost::json;

json::value SessionJson(const Principal& p, const std::string& csrf) {
  json::array perms;
  for (const auto& [perm, grants] : p.permissions) perms.emplace_back(perm);
  return json::object{{"user", json::object{{"id", p.user_id},
                                            {"username", p.username},
                                            {"display_name", p.display_name},
                                            {"org_id", p.org_id},
                                            {"org_name", p.org_name},
                                            {"member_id", p.member_id ? json::value(*p.member_id)
                                                                      : json::value(nullptr)}}},
                      {"csrf_token", csrf},
                      {"permissions", std::move(perms)}};
}

std::string SessionCookie(const std::string& value, long max_age_s, bool secure) {
  return std::string(kSessionCookie) + "=" + value +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s) +
         (secure ? "; Secure" : "");
}

// The reply to a login or a password change: the session and its cookie.
http::Response SessionResponse(const LoginResult& login, bool secure) {
  auto res = http::Response::Json(200, SessionJson(*login.principal, login.csrf_token));
  const long max_age = std::chrono::duration_cast<std::chrono::seconds>(kSessionLifetime).count();
  res.headers.emplace_back("Set-Cookie", SessionCookie(login.session_token, max_age, secure));
  return res;
}

}  // namespace

void RegisterRoutes(http::Router& router, db::Database& db, SessionOptions options) {
  const bool secure = options.secure_cookie;
  router.Add("POST", "/api/v1/session",
             [&db, secure](http::Request& req) -> Result<http::Response> {
               ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
               ZJ_ASSIGN_OR_RETURN(auto username, http::ReqString(body, "username", 64));
               ZJ_ASSIGN_OR_RETURN(auto password, http::ReqString(body, "password", 256));
               auto conn = db.Acquire();
               ZJ_ASSIGN_OR_RETURN(
                   auto login, Login(*conn, {username, password, req.remote_ip, req.request_id}));
               return SessionResponse(login, secure);
             },
             {.requires_auth = false, .max_body_bytes = 4096});

  router.Add("GET", "/api/v1/session", [](http::Request& req) -> Result<http::Response> {
    return http::Response::Json(200, SessionJson(*req.principal, req.csrf_token));
  });

  router.Add("DELETE", "/api/v1/session",
             [&db, secure](http::Request& req) -> Result<http::Response> {
               auto conn = db.Acquire();
               Logout(*conn, *req.principal, req.Cookie(kSessionCookie), req.request_id);
               auto res = http::Response::NoContent();
               res.headers.emplace_back("Set-Cookie", SessionCookie("", 0, secure));
               return res;
             });

  // The caller's own password: every other session and token of theirs ends, and this browser
  // gets a fresh session.
  router.Add("POST", "/api/v1/session/password",
             [&db, secure](http::Request& req) -> Result<http::Response> {
               ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
               ZJ_ASSIGN_OR_RETURN(auto old_password, http::ReqString(body, "old_password", 256));
               ZJ_ASSIGN_OR_RETURN(auto new_password, http::ReqString(body, "new_password", 256));
               auto conn = db.Acquire();
               ZJ_ASSIGN_OR_RETURN(auto changed,
                                   ChangeOwnPassword(*conn, *req.principal, old_password,
                                                     new_password, req.request_id));
               return SessionResponse(changed, secure);
             },
             {.max_body_bytes = 4096});
}

}  // namespace zj::auth

#include "app/wiring.h"

#include "auth/routes.h"
#include "auth/service.h"
#include "funds/routes.h"
#include "hardship/routes.h"
#include "jobs/routes.h"
#include "members/routes.h"
#include "orgs/routes.h"

namespace zj::app {

void RegisterAllRoutes(http::Router& router, db::Database& db, http::Metrics& metrics,
                       jobs::Runner& runner) {
  router.Add("GET", "/healthz",
             [&db](http::Request&) -> Result<http::Response> {
               auto conn = db.Acquire();
               conn->Scalar("SELECT 1");
               return http::Response::Json(200, boost::json::object{{"status", "ok"}});
             },
             {.requires_auth = false});
  router.Add("GET", "/metrics",
             [&metrics](http::Request&) -> Result<http::Response> {
               http::Response r;
               r.content_type = "text/plain; version=0.0.4; charset=utf-8";
               r.body = metrics.Serialize();
               return r;
             },
             {.requires_auth = false});
  auth::RegisterRoutes(router, db);
  orgs::RegisterRoutes(router, db);
  members::RegisterRoutes(router, db, runner);
  jobs::RegisterRoutes(router, db);
  hardship::RegisterRoutes(router, db, runner);
  funds::RegisterRoutes(router, db);
}

http::Authenticator MakeAuthenticator(db::Database& db) {
  return [&db](const http::Request& req) -> Result<http::Identity> {
    auto conn = db.Acquire();
    return auth::Authenticate(*conn, req);
  };
}

}  // namespace zj::app

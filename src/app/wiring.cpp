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
  // The ledger's invariants as gauges an alert can watch (both must stay 0): the totals of all
  // account rows must balance, and no fund may be overdrawn. `zhijia funds verify` goes further
  // and recomputes every balance from the transfers.
  auto& imbalance = prometheus::BuildGauge()
                        .Name("zhijia_funds_ledger_imbalance_fen")
                        .Help("Sum of debits minus sum of credits over all accounts (posted)")
                        .Register(metrics.registry())
                        .Add({});
  auto& overdrawn = prometheus::BuildGauge()
                        .Name("zhijia_funds_overdrawn_accounts")
                        .Help("Fund accounts whose debits and reservations exceed their credits")
                        .Register(metrics.registry())
                        .Add({});
  router.Add("GET", "/metrics",
             [&metrics, &db, &imbalance, &overdrawn](http::Request&) -> Result<http::Response> {
               {
                 auto conn = db.Acquire();
                 auto totals = conn->Query(
                     "SELECT COALESCE(SUM(debits_posted), 0) - COALESCE(SUM(credits_posted), 0), "
                     "(SELECT COUNT(*) FROM fund_accounts WHERE kind = 'fund' AND credits_posted "
                     "- debits_posted - debits_pending < 0) FROM fund_accounts");
                 imbalance.Set(static_cast<double>(totals.at(0).Int(0)));
                 overdrawn.Set(static_cast<double>(totals.at(0).Int(1)));
               }
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

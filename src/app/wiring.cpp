#include "app/wiring.h"

#include <sodium.h>

#include "auth/routes.h"
#include "auth/service.h"
#include "funds/aid_model.h"
#include "funds/fund_service.h"
#include "funds/ledger.h"
#include "funds/routes.h"
#include "hardship/attachments.h"
#include "hardship/file.h"
#include "hardship/routes.h"
#include "http/json.h"
#include "jobs/routes.h"
#include "members/import.h"
#include "members/model.h"
#include "members/routes.h"
#include "orgs/model.h"
#include "orgs/routes.h"

namespace zj::app {
namespace {

// /metrics is for the operator's scraper: a configured address, or the metrics token.
bool MetricsAllowed(const http::Request& req, const AppOptions& options) {
  std::string_view ip = req.remote_ip;
  if (ip.starts_with("::ffff:")) ip.remove_prefix(7);  // IPv4 seen through an IPv6 socket
  for (const auto& allowed : options.metrics_allow) {
    if (allowed == ip) return true;
  }
  const std::string_view authz = req.Header("authorization");
  if (options.metrics_token.empty() || !authz.starts_with("Bearer ")) return false;
  const std::string_view token = authz.substr(7);
  return token.size() == options.metrics_token.size() &&
         sodium_memcmp(token.data(), options.metrics_token.data(), token.size()) == 0;
}

// The limits the server holds input and lists to, for the web to show the same (a text box's
// length, an upload's size): the server is their one source. Text limits are in characters
// that always fit the server's byte limits (a Chinese character is three bytes of UTF-8).
boost::json::object Limits() {
  constexpr auto chars = [](size_t bytes) { return static_cast<int64_t>(bytes / 3); };
  return boost::json::object{
      {"text_max_chars", chars(http::kMaxTextFieldBytes)},
      {"long_text_max_chars", chars(http::kMaxLongTextBytes)},
      {"name_max_chars", static_cast<int64_t>(members::kMaxNameChars)},
      {"org_close_reason_max_chars", static_cast<int64_t>(orgs::kMaxCloseReasonChars)},
      {"notice_back_days", hardship::kNoticeBackDays},
      {"import_max_bytes", static_cast<int64_t>(members::kMaxImportBytes)},
      {"attachment_max_bytes", static_cast<int64_t>(hardship::kMaxAttachmentBytes)},
      {"member_page_size_max", members::kMaxPageSize},
      {"aid_queue_limit", funds::kAidQueueLimit},
      {"payment_run_max_items", funds::kMaxRunItems},
      {"fund_list_limit", funds::kFundListLimit}};
}

}  // namespace

void RegisterAllRoutes(http::Router& router, db::Database& db, http::Metrics& metrics,
                       jobs::Runner& runner, const AppOptions& options) {
  router.Add("GET", "/healthz",
             [&db](http::Request&) -> Result<http::Response> {
               auto conn = db.Acquire();
               conn->Scalar("SELECT 1");
               return http::Response::Json(200, boost::json::object{{"status", "ok"}});
             },
             {.requires_auth = false});
  // The ledger's invariants as gauges an alert can watch (each must stay 0): the totals of all
  // account rows must balance, no account but an income account may be overdrawn, no transfer may
  // move in a direction the ledger forbids. `zhijia funds verify` goes further and recomputes
  // every balance from the transfers.
  auto gauge = [&](const char* name, const char* help) -> prometheus::Gauge& {
    return prometheus::BuildGauge().Name(name).Help(help).Register(metrics.registry()).Add({});
  };
  auto& imbalance = gauge("zhijia_funds_ledger_imbalance_fen",
                          "Sum of debits minus sum of credits over all accounts (posted)");
  auto& overdrawn = gauge("zhijia_funds_overdrawn_accounts",
                          "Accounts (fund, payable, clearing) whose debits and reservations exceed "
                          "their credits");
  auto& misdirected = gauge("zhijia_funds_misdirected_transfers",
                            "Transfers between kinds of account the ledger does not allow");
  auto watch = std::make_shared<funds::HealthWatch>();
  router.Add("GET", "/metrics",
             [&metrics, &db, &imbalance, &overdrawn, &misdirected, watch,
              options](http::Request& req) -> Result<http::Response> {
               if (!MetricsAllowed(req, options)) {
                 return Fail(ErrorCode::kForbidden, "指标只对配置的地址或持有指标令牌的请求开放",
                             "Metrics are served only to configured addresses or with the "
                             "metrics token");
               }
               {
                 auto conn = db.Acquire();
                 const funds::LedgerHealth h = watch->Read(*conn);
                 imbalance.Set(static_cast<double>(h.imbalance_fen));
                 overdrawn.Set(static_cast<double>(h.overdrawn_accounts));
                 misdirected.Set(static_cast<double>(h.misdirected_transfers));
               }
               http::Response r;
               r.content_type = "text/plain; version=0.0.4; charset=utf-8";
               r.body = metrics.Serialize();
               return r;
             },
             {.requires_auth = false});
  router.Add("GET", "/api/v1/limits", [](http::Request&) -> Result<http::Response> {
    return http::Response::Json(200, Limits());
  });
  auth::RegisterRoutes(router, db, {.secure_cookie = options.https});
  orgs::RegisterRoutes(router, db);
  members::RegisterRoutes(router, db, runner);
  jobs::RegisterRoutes(router, db);
  hardship::RegisterRoutes(router, db, runner);
  funds::RegisterRoutes(router, db);
}

http::Authenticator MakeAuthenticator(db::Database& db) {
  return [&db](const http::Request& req) -> Result<http::Identity> {
    std::string_view authz = req.Header("authorization");
    std::string_view bearer;
    if (authz.starts_with("Bearer ") || authz.starts_with("bearer ")) bearer = authz.substr(7);
    auto conn = db.Acquire();
    ZJ_ASSIGN_OR_RETURN(auto caller,
                        auth::Authenticate(*conn, bearer, req.Cookie(auth::kSessionCookie)));
    return http::Identity{std::move(caller.principal), std::move(caller.csrf_token)};
  };
}

}  // namespace zj::app

#pragma once
// Builds the router of the whole application: every capability's routes plus /healthz and
// /metrics.
#include <string>
#include <vector>

#include "db/database.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "jobs/jobs.h"

namespace zj::app {

// How the server is reached and watched (from the configuration).
struct AppOptions {
  // Client addresses that may read /metrics without a token.
  std::vector<std::string> metrics_allow = {"127.0.0.1", "::1"};
  // When set, "Authorization: Bearer <token>" also reads /metrics from anywhere.
  std::string metrics_token;
  // The server is reached over HTTPS (a TLS proxy in front): the session cookie gets Secure.
  bool https = false;
};

void RegisterAllRoutes(http::Router& router, db::Database& db, http::Metrics& metrics,
                       jobs::Runner& runner, const AppOptions& options = {});
// The authenticator used by the pipeline (session cookie or bearer token).
http::Authenticator MakeAuthenticator(db::Database& db);

}  // namespace zj::app

#pragma once
// Builds the router of the whole application: every capability's routes plus /healthz and
// /metrics.
#include "db/database.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "jobs/jobs.h"

namespace zj::app {

void RegisterAllRoutes(http::Router& router, db::Database& db, http::Metrics& metrics,
                       jobs::Runner& runner);
// The authenticator used by the pipeline (session cookie or bearer token).
http::Authenticator MakeAuthenticator(db::Database& db);

}  // namespace zj::app

#pragma once
#include "db/database.h"
#include "http/router.h"
#include "jobs/jobs.h"

namespace zj::hardship {

// /api/v1/hardship/... (policies, assessment, files, queues, what-if), /api/v1/me/hardship and
// the public notice board /api/v1/public/notices/{org_id}.
void RegisterRoutes(http::Router& router, db::Database& db, jobs::Runner& runner);
// The household-file half of the above (file_routes.cpp).
void RegisterFileRoutes(http::Router& router, db::Database& db, jobs::Runner& runner);

}  // namespace zj::hardship

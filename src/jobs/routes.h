#pragma once
#include "db/database.h"
#include "http/router.h"

namespace zj::jobs {

// GET /api/v1/jobs/{id}, POST /api/v1/jobs/{id}/cancel, GET /api/v1/jobs/{id}/errors.xlsx.
// A job is visible to the user who started it.
void RegisterRoutes(http::Router& router, db::Database& db);

}  // namespace zj::jobs

#pragma once
#include <boost/json.hpp>

#include "db/database.h"
#include "http/router.h"
#include "jobs/jobs.h"

namespace zj::jobs {

// GET /api/v1/jobs/{id}, POST /api/v1/jobs/{id}/cancel, GET /api/v1/jobs/{id}/errors.xlsx.
// A job is visible to the user who started it.
void RegisterRoutes(http::Router& router, db::Database& db);

// A job as the API shows it: state, counters and progress from 0 to 1.
boost::json::object JobJson(const Job& j);

}  // namespace zj::jobs

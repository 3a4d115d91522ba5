#pragma once
#include "db/database.h"
#include "http/router.h"
#include "jobs/jobs.h"

namespace zj::members {

// /api/v1/members..., /api/v1/transfers...; imports run on runner.
void RegisterRoutes(http::Router& router, db::Database& db, jobs::Runner& runner);

}  // namespace zj::members

#pragma once
#include "db/database.h"
#include "http/router.h"

namespace zj::orgs {

// /api/v1/orgs... and /api/v1/regions.
void RegisterRoutes(http::Router& router, db::Database& db);

}  // namespace zj::orgs

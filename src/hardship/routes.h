#pragma once
#include "db/database.h"
#include "http/router.h"

namespace zj::hardship {

// /api/v1/hardship/policies..., /api/v1/hardship/assess.
void RegisterRoutes(http::Router& router, db::Database& db);

}  // namespace zj::hardship

#pragma once
#include "db/database.h"
#include "http/router.h"

namespace zj::members {

// /api/v1/members..., /api/v1/transfers...
void RegisterRoutes(http::Router& router, db::Database& db);

}  // namespace zj::members

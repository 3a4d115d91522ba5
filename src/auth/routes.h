#pragma once
#include "db/database.h"
#include "http/router.h"

namespace zj::auth {

// POST/GET/DELETE /api/v1/session.
void RegisterRoutes(http::Router& router, db::Database& db);

}  // namespace zj::auth

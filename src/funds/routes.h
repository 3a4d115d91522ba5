#pragma once
#include "db/database.h"
#include "http/router.h"

namespace zj::funds {

// /api/v1/funds/... (accounts, statements, transfers, aid and its approval queue) and
// /api/v1/hardship/files/{id}/aid.
void RegisterRoutes(http::Router& router, db::Database& db);

}  // namespace zj::funds

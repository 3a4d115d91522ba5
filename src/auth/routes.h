#pragma once
#include "db/database.h"
#include "http/router.h"

namespace zj::auth {

struct SessionOptions {
  bool secure_cookie = false;  // served over HTTPS: the cookie is sent back only over HTTPS
};

// POST/GET/DELETE /api/v1/session, and the password change of the caller.
void RegisterRoutes(http::Router& router, db::Database& db, SessionOptions options = {});

}  // namespace zj::auth

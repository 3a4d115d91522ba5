#pragma once
// Who acts, for which request: passed to every service call so that scopes apply and the audit
// log can name them. A null principal is the operator at the command line (all scope).
#include <string>

#include "auth/principal.h"
#include "db/database.h"
#include "http/router.h"

namespace zj::auth {

struct Actor {
  const Principal* principal = nullptr;
  std::string request_id;
  DataScope ScopeFor(const char* permission) const {
    return principal ? principal->ScopeFor(permission) : DataScope::All();
  }
};

inline Actor ActorOf(const http::Request& req) {
  return Actor{req.principal.get(), req.request_id};
}

// A handler that borrows a connection and gets the request's actor:
// fn(http::Request&, db::Connection&, const Actor&) -> Result<http::Response>.
template <class Fn>
http::Handler WithConn(db::Database& db, Fn fn) {
  return [&db, fn](http::Request& req) -> Result<http::Response> {
    auto conn = db.Acquire();
    return fn(req, *conn, ActorOf(req));
  };
}

}  // namespace zj::auth

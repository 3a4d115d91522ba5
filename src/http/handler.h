#pragma once
// What every capability's routes.cpp builds its handlers from: the caller of a request as the
// auth::Actor that services take, and a database connection borrowed for the handler's call.
// HTTP stays on this side: services never see a Request.
#include "auth/actor.h"
#include "db/database.h"
#include "http/router.h"

namespace zj::http {

inline auth::Actor ActorOf(const Request& req) {
  return auth::Actor{req.principal.get(), req.request_id};
}

// A handler that borrows a connection and gets the request's actor:
// fn(Request&, db::Connection&, const auth::Actor&) -> Result<Response>.
template <class Fn>
Handler WithConn(db::Database& db, Fn fn) {
  return [&db, fn](Request& req) -> Result<Response> {
    auto conn = db.Acquire();
    return fn(req, *conn, ActorOf(req));
  };
}

}  // namespace zj::http

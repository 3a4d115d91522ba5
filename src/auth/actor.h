#pragma once
// Who acts: passed to every service call so that scopes apply and the audit log can name them.
// A null principal is the operator at the command line (all scope). Plain data: no HTTP here
// (routes build it from the request with http::ActorOf).
#include <string>

#include "auth/principal.h"

namespace zj::auth {

struct Actor {
  const Principal* principal = nullptr;
  std::string request_id;
  DataScope ScopeFor(const char* permission) const {
    return principal ? principal->ScopeFor(permission) : DataScope::All();
  }
  // "username" for records, or "cli" for the operator.
  std::string Name() const { return principal ? principal->username : "cli"; }
};

}  // namespace zj::auth

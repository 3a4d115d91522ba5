#pragma once
// Routes by method and path pattern; `{name}` matches one path segment.
#include <functional>
#include <string>
#include <vector>

#include "http/request.h"

namespace zj::http {

using Handler = std::function<Result<Response>(Request&)>;

inline constexpr size_t kDefaultMaxBodyBytes = 1 << 20;

struct RouteOptions {
  bool requires_auth = true;
  size_t max_body_bytes = kDefaultMaxBodyBytes;
};

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/orgs/{id}"
  Handler handler;
  RouteOptions options;
  std::vector<std::string> segments;
};

class Router {
 public:
  // REQUIRES: pattern starts with '/'; (method, pattern) not added before.
  void Add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});

  struct Match {
    const Route* route = nullptr;  // null: nothing matched
    std::map<std::string, std::string> params;
    std::vector<std::string> allowed_methods;  // set when the path matched but the method did not
  };
  // Finds the route for method and path. Literal segments win over parameters.
  Match Find(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }
  // The largest body any route accepts (the bound while a request's headers are read).
  size_t MaxBodyBytes() const;

 private:
  std::vector<Route> routes_;
};

}  // namespace zj::http

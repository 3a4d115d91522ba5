#pragma once
// The HTTP server: Beast over Asio with C++20 coroutines. Connections are served on a few I/O
// threads; handlers, which may block on the database, run on a separate worker pool.
#include <spdlog/logger.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "http/metrics.h"
#include "http/router.h"

namespace zj::http {

// Who is calling, as found by the authenticator.
struct Identity {
  std::shared_ptr<const auth::Principal> principal;
  // Set for browser sessions: unsafe methods must echo it in X-CSRF-Token.
  std::string csrf_token;
};
// Finds the caller from the session cookie or bearer token. Fails with kUnauthenticated.
using Authenticator = std::function<Result<Identity>(const Request&)>;

struct ServerLimits {
  size_t max_header_bytes = 16 * 1024;
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds idle_timeout{60};
};

struct ServerConfig {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  int io_threads = 0;      // 0: one per core
  int worker_threads = 0;  // 0: 2 per core, at least 4
  std::string web_dir;     // built web app; empty: no static files
  ServerLimits limits;
};

// Turns a request into a response: routing, authentication, CSRF, errors, metrics. Usable
// without a socket (tests call it directly).
class Pipeline {
 public:
  Pipeline(const Router& router, Authenticator auth, Metrics* metrics, std::string web_dir);
  Response Handle(Request& req) const;
  // The body limit for a request, known from its headers alone (before the body is read).
  size_t BodyLimit(std::string_view method, std::string_view path) const;
  size_t MaxBodyLimit() const { return router_.MaxBodyBytes(); }

 private:
  Response Dispatch(Request& req, std::string* route_label) const;
  Response ServeStatic(const Request& req) const;

  const Router& router_;
  Authenticator auth_;
  Metrics* metrics_;
  std::string web_dir_;
};

class Server {
 public:
  Server(ServerConfig config, const Pipeline& pipeline);
  ~Server();
  // Binds the listening socket. Fails with a message if the address is taken.
  Result<unsigned short> Listen();
  // Serves until Stop() or SIGTERM/SIGINT (when handle_signals). Returns after in-flight
  // requests finished (up to a grace period).
  void Run(bool handle_signals);
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The access log ("access" logger; stdout unless the app registered another first).
std::shared_ptr<spdlog::logger> AccessLog();

// Parses "host:port" (port 0 allowed: any free port).
Result<std::pair<std::string, unsigned short>> ParseListen(std::string_view listen);

}  // namespace zj::http

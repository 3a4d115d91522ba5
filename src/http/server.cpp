#include "http/server.h"

#include <sodium.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url.hpp>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace zj::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr size_t kMaxRequestIdBytes = 64;
constexpr auto kShutdownGrace = std::chrono::seconds(10);

bool IsUnsafe(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

std::string NewRequestId() {
  unsigned char bytes[8];
  randombytes_buf(bytes, sizeof bytes);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

bool IsSafeRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdBytes) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

std::string LangOf(std::string_view accept_language) {
  // The first language listed decides; anything English-first gets English.
  while (!accept_language.empty() && accept_language.front() == ' ') {
    accept_language.remove_prefix(1);
  }
  return accept_language.starts_with("en") ? "en" : "zh";
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string ContentTypeOf(const std::filesystem::path& p) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".json", "application/json"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"}};
  auto it = kTypes.find(p.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

Error RouteNotFound(std::string_view path) {
  return Error{ErrorCode::kNotFound, "没有这个接口：" + std::string(path),
               "No such route: " + std::string(path), ""};
}

}  // namespace

std::shared_ptr<spdlog::logger> AccessLog() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto existing = spdlog::get("access");
    return existing ? existing : spdlog::stdout_logger_mt("access");
  }();
  return logger;
}

Pipeline::Pipeline(const Router& router, Authenticator auth, Metrics* metrics, std::string web_dir)
    : router_(router), auth_(std::move(auth)), metrics_(metrics), web_dir_(std::move(web_dir)) {}

size_t Pipeline::BodyLimit(std::string_view method, std::string_view path) const {
  auto m = router_.Find(method, path);
  return m.route ? m.route->options.max_body_bytes : kDefaultMaxBodyBytes;
}

Response Pipeline::Handle(Request& req) const {
  const auto start = std::chrono::steady_clock::now();
  if (!IsSafeRequestId(req.request_id)) req.request_id = NewRequestId();
  req.lang = LangOf(req.Header("accept-language"));
  if (metrics_) metrics_->in_flight().Increment();

  std::string route_label = "unmatched";
  Response res;
  const bool api = req.path.starts_with("/api/") || req.path == "/healthz" ||
                   req.path == "/metrics" || web_dir_.empty();
  if (api) {
    res = Dispatch(req, &route_label);
    res.headers.emplace_back("Cache-Control", "no-store");
  } else {
    route_label = "static";
    res = ServeStatic(req);
  }
  res.headers.emplace_back("X-Request-Id", req.request_id);
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  res.headers.emplace_back("Referrer-Policy", "same-origin");

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (metrics_) {
    metrics_->in_flight().Decrement();
    metrics_->ObserveRequest(req.method, route_label, res.status, seconds);
  }
  AccessLog()->info("{} {} {} {} {} {:.2f}ms rid={}", req.remote_ip, req.method, req.target,
                    res.status, res.body.size(), seconds * 1000, req.request_id);
  return res;
}

Response Pipeline::Dispatch(Request& req, std::string* route_label) const {
  auto match = router_.Find(req.method, req.path);
  if (!match.route) {
    if (match.allowed_methods.empty()) return ErrorResponse(RouteNotFound(req.path), req.lang);
    std::string allow;
    for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
    Response res = ErrorResponse(
        Error{ErrorCode::kMethodNotAllowed, "该接口不支持 " + req.method + " 方法，可用：" + allow,
              "Method " + req.method + " is not allowed here; allowed: " + allow, ""},
        req.lang);
    res.headers.emplace_back("Allow", allow);
    return res;
  }
  *route_label = match.route->pattern;
  req.path_params = std::move(match.params);
  try {
    if (match.route->options.requires_auth) {
      auto identity = auth_ ? auth_(req)
                            : Result<Identity>(Fail(ErrorCode::kUnauthenticated, "请先登录",
                                                    "Please log in first"));
      if (!identity) return ErrorResponse(identity.error(), req.lang);
      if (!identity->csrf_token.empty() && IsUnsafe(req.method) &&
          !ConstantTimeEqual(req.Header("x-csrf-token"), identity->csrf_token)) {
        return ErrorResponse(
            Error{ErrorCode::kForbidden,
                  "缺少或错误的 CSRF 令牌：请求头 X-CSRF-Token 应与登录时返回的 csrf_token 一致",
                  "Missing or wrong CSRF token: send the csrf_token from login in the "
                  "X-CSRF-Token header",
                  "X-CSRF-Token"},
            req.lang);
      }
      req.principal = std::move(identity->principal);
      req.csrf_token = std::move(identity->csrf_token);
    }
    auto result = match.route->handler(req);
    if (!result) return ErrorResponse(result.error(), req.lang);
    return std::move(*result);
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {} failed: {}", req.request_id, req.method, req.path, e.what());
    return ErrorResponse(
        Error{
            ErrorCode::kInternal, "服务器内部错误，请把请求编号 " + req.request_id + " 告诉管理员",
            "Internal server error; report request id " + req.request_id + " to the administrator",
            ""},
        req.lang);
  }
}

Response Pipeline::ServeStatic(const Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") {
    return ErrorResponse(RouteNotFound(req.path), req.lang);
  }
  if (req.path.find("..") != std::string::npos || req.path.find('\0') != std::string::npos) {
    return ErrorResponse(Error{ErrorCode::kInvalidArgument, "路径无效", "Invalid path", ""},
                         req.lang);
  }
  namespace fs = std::filesystem;
  fs::path file = fs::path(web_dir_) / req.path.substr(1);
  std::error_code ec;
  if (req.path == "/" || !fs::is_regular_file(file, ec)) {
    // Client-side routes (no extension) get the app; a missing asset is a 404.
    if (fs::path(req.path).has_extension()) {
      return ErrorResponse(RouteNotFound(req.path), req.lang);
    }
    file = fs::path(web_dir_) / "index.html";
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return ErrorResponse(RouteNotFound(req.path), req.lang);
  std::ostringstream body;
  body << in.rdbuf();
  Response res;
  res.body = body.str();
  res.content_type = ContentTypeOf(file);
  res.headers.emplace_back("Cache-Control", req.path.starts_with("/assets/")
                                                ? "public, max-age=31536000, immutable"
                                                : "no-cache");
  return res;
}

Result<std::pair<std::string, unsigned short>> ParseListen(std::string_view listen) {
  size_t colon = listen.rfind(':');
  unsigned port = 0;
  if (colon == std::string_view::npos) {
    return Invalid("listen", "监听地址应为 主机:端口，例如 127.0.0.1:8080",
                   "The listen address must be host:port, e.g. 127.0.0.1:8080");
  }
  std::string_view port_text = listen.substr(colon + 1);
  auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || p != port_text.data() + port_text.size() || port > 65535) {
    return Invalid("listen", "端口无效：" + std::string(port_text),
                   "Invalid port: " + std::string(port_text));
  }
  std::string host(listen.substr(0, colon));
  if (host.empty()) host = "0.0.0.0";
  return std::pair{host, static_cast<unsigned short>(port)};
}

struct Server::Impl {
  Impl(ServerConfig c, const Pipeline& p)
      : config(std::move(c)),
        pipeline(p),
        io_threads(config.io_threads > 0 ? config.io_threads
                                         : std::max(1u, std::thread::hardware_concurrency())),
        ioc(io_threads),
        workers(config.worker_threads > 0 ? config.worker_threads
                                          : std::max(4u, 2 * std::thread::hardware_concurrency())),
        acceptor(ioc),
        signals(ioc) {}

  asio::awaitable<void> AcceptLoop();
  asio::awaitable<void> Serve(tcp::socket socket);
  asio::awaitable<void> WriteError(beast::tcp_stream& stream, const Error& error,
                                   std::string_view lang);
  // Streams res.temp_file as the body, then removes the file.
  asio::awaitable<boost::system::error_code> WriteFile(beast::tcp_stream& stream,
                                                       const Response& res, unsigned version,
                                                       bool keep_alive);
  template <class Message>
  static void SetHeaders(Message& out, const Response& res) {
    out.set(bhttp::field::server, "zhijia");
    if (!res.content_type.empty()) out.set(bhttp::field::content_type, res.content_type);
    for (const auto& [k, v] : res.headers) out.insert(k, v);
  }
  void BeginShutdown();

  ServerConfig config;
  const Pipeline& pipeline;
  int io_threads;
  asio::io_context ioc;
  asio::thread_pool workers;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  std::atomic<bool> stopping{false};
  std::atomic<int> active_requests{0};
};

asio::awaitable<void> Server::Impl::AcceptLoop() {
  while (!stopping) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec) {
      if (stopping || ec == asio::error::operation_aborted) co_return;
      spdlog::warn("accept failed: {}", ec.message());
      continue;
    }
    asio::co_spawn(ioc, Serve(std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> Server::Impl::WriteError(beast::tcp_stream& stream, const Error& error,
                                               std::string_view lang) {
  Response r = ErrorResponse(error, lang);
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(r.status), 11};
  out.set(bhttp::field::content_type, r.content_type);
  out.set(bhttp::field::connection, "close");
  out.body() = std::move(r.body);
  out.prepare_payload();
  stream.expires_after(config.limits.read_timeout);
  co_await bhttp::async_write(stream, out, asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<boost::system::error_code> Server::Impl::WriteFile(beast::tcp_stream& stream,
                                                                   const Response& res,
                                                                   unsigned version,
                                                                   bool keep_alive) {
  bhttp::response<bhttp::file_body> out{static_cast<bhttp::status>(res.status), version};
  SetHeaders(out, res);
  boost::system::error_code ec;
  out.body().open(res.temp_file.c_str(), beast::file_mode::scan, ec);
  if (ec) {
    spdlog::error("cannot send {}: {}", res.temp_file, ec.message());
    std::filesystem::remove(res.temp_file, ec);
    co_return asio::error::broken_pipe;
  }
  out.keep_alive(keep_alive);
  out.prepare_payload();
  stream.expires_after(std::chrono::minutes(10));  // large exports over slow links
  auto [write_ec, written] =
      co_await bhttp::async_write(stream, out, asio::as_tuple(asio::use_awaitable));
  std::error_code ignored;
  std::filesystem::remove(res.temp_file, ignored);
  co_return write_ec;
}

// Note: g++ 12 mis-destroys temporaries that live across a co_await in one full-expression, so
// every value awaited on here (errors, lambdas) is a named local first.
asio::awaitable<void> Server::Impl::Serve(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  boost::system::error_code ep_ec;
  auto endpoint = stream.socket().remote_endpoint(ep_ec);
  const std::string remote_ip = ep_ec ? "" : endpoint.address().to_string();
  bool first = true;
  std::optional<Error> fatal;  // answered, then the connection closes
  std::string lang = "zh";
  while (!stopping) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<uint32_t>(config.limits.max_header_bytes));
    // Beast checks Content-Length against the body limit while reading the headers; the route's
    // own (smaller) limit is applied once the headers tell which route it is.
    parser.body_limit(pipeline.MaxBodyLimit());
    stream.expires_after(first ? config.limits.read_timeout : config.limits.idle_timeout);
    first = false;
    auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser,
                                                     asio::as_tuple(asio::use_awaitable));
    if (ec == bhttp::error::header_limit) {
      fatal = Error{ErrorCode::kPayloadTooLarge, "请求头过大", "Request headers too large", ""};
      break;
    }
    if (ec == bhttp::error::body_limit) {
      fatal = Error{ErrorCode::kPayloadTooLarge, "请求体过大", "Request body too large", ""};
      break;
    }
    if (ec) {
      const bool parse_error =
          ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
          ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
      if (parse_error) {
        fatal = Error{ErrorCode::kInvalidArgument, "请求格式错误：" + ec.message(),
                      "Malformed request: " + ec.message(), ""};
      }
      break;
    }
    auto& head = parser.get();
    lang = LangOf(std::string(head[bhttp::field::accept_language]));
    auto url = boost::urls::parse_origin_form(head.target());
    if (!url) {
      fatal =
          Error{ErrorCode::kInvalidArgument, "请求地址格式错误", "Malformed request target", ""};
      break;
    }
    const std::string method(head.method_string());
    const std::string path = url->path();
    const size_t limit = pipeline.BodyLimit(method, path);
    const Error too_large{ErrorCode::kPayloadTooLarge,
                          "请求体过大（上限 " + std::to_string(limit) + " 字节）",
                          "Request body too large (limit " + std::to_string(limit) + " bytes)", ""};
    if (parser.content_length() && *parser.content_length() > limit) {
      fatal = too_large;
      break;
    }
    parser.body_limit(limit);
    stream.expires_after(config.limits.read_timeout);
    std::tie(ec, n) =
        co_await bhttp::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    if (ec == bhttp::error::body_limit) {
      fatal = too_large;
      break;
    }
    if (ec) break;

    auto msg = parser.release();
    Request req;
    req.method = method;
    req.target = std::string(msg.target());
    req.path = path;
    for (auto param : url->params()) req.query.emplace(param.key, param.value);
    for (const auto& field : msg) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers[name] = std::string(field.value());
    }
    req.body = std::move(msg.body());
    req.request_id = std::string(req.Header("x-request-id"));
    req.remote_ip = remote_ip;
    const bool keep_alive = msg.keep_alive();

    ++active_requests;
    auto handle = [&]() -> asio::awaitable<Response> { co_return pipeline.Handle(req); };
    Response res = co_await asio::co_spawn(workers, handle, asio::use_awaitable);
    --active_requests;

    const bool keep = keep_alive && !stopping;
    boost::system::error_code wec;
    if (!res.temp_file.empty() && method != "HEAD") {
      wec = co_await WriteFile(stream, res, msg.version(), keep);
    } else {
      if (!res.temp_file.empty()) {
        std::error_code ignored;
        std::filesystem::remove(res.temp_file, ignored);
      }
      bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status),
                                              msg.version()};
      SetHeaders(out, res);
      if (method != "HEAD") out.body() = std::move(res.body);
      out.keep_alive(keep);
      out.prepare_payload();
      stream.expires_after(config.limits.read_timeout);
      auto [write_ec, written] =
          co_await bhttp::async_write(stream, out, asio::as_tuple(asio::use_awaitable));
      wec = write_ec;
    }
    if (wec || !keep_alive) break;
  }
  if (fatal) co_await WriteError(stream, *fatal, lang);
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

void Server::Impl::BeginShutdown() {
  if (stopping.exchange(true)) return;
  spdlog::info("shutting down: no new connections, finishing requests in flight");
  asio::post(ioc, [this] {
    boost::system::error_code ignored;
    acceptor.close(ignored);
    signals.cancel(ignored);
  });
  // Drain: wait for requests in flight, then stop the loop (idle keep-alive connections close).
  std::thread([this] {
    const auto deadline = std::chrono::steady_clock::now() + kShutdownGrace;
    while (active_requests > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ioc.stop();
  }).detach();
}

Server::Server(ServerConfig config, const Pipeline& pipeline)
    : impl_(std::make_unique<Impl>(std::move(config), pipeline)) {}

Server::~Server() { impl_->workers.join(); }

Result<unsigned short> Server::Listen() {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(impl_->config.host, ec);
  if (ec) {
    return Invalid("listen", "监听地址无效：" + impl_->config.host,
                   "Invalid listen address: " + impl_->config.host);
  }
  tcp::endpoint endpoint(address, impl_->config.port);
  auto& acc = impl_->acceptor;
  acc.open(endpoint.protocol(), ec);
  if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(endpoint, ec);
  if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Fail(ErrorCode::kConflict,
                "无法监听 " + endpoint.address().to_string() + ":" +
                    std::to_string(endpoint.port()) + "：" + ec.message(),
                "Cannot listen on " + endpoint.address().to_string() + ":" +
                    std::to_string(endpoint.port()) + ": " + ec.message());
  }
  return acc.local_endpoint().port();
}

void Server::Run(bool handle_signals) {
  if (handle_signals) {
    impl_->signals.add(SIGTERM);
    impl_->signals.add(SIGINT);
    impl_->signals.async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) impl_->BeginShutdown();
    });
  }
  asio::co_spawn(impl_->ioc, impl_->AcceptLoop(), asio::detached);
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->io_threads; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : threads) t.join();
  spdlog::info("server stopped");
}

void Server::Stop() { impl_->BeginShutdown(); }

}  // namespace zj::http

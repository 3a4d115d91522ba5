#pragma once
// The request and response types handlers see: plain data, no Beast types, so that capabilities
// can be tested without a socket.
#include <boost/json.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace zj::auth {
class Principal;
}

namespace zj::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent, path and query
  std::string path;    // decoded path without the query
  std::multimap<std::string, std::string> query;
  std::map<std::string, std::string> path_params;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string request_id;
  std::string lang = "zh";  // "zh" or "en", from Accept-Language
  std::string remote_ip;
  // Who is calling; null on public routes.
  std::shared_ptr<const auth::Principal> principal;
  // The session's CSRF token (browser sessions only).
  std::string csrf_token;

  // The header's value, or "" when absent. name must be lower case.
  std::string_view Header(std::string_view name) const;
  // The first value of a query parameter.
  std::optional<std::string> Query(std::string_view name) const;
  // A path parameter that must be a positive integer id; fails with a 400 naming the field.
  Result<int64_t> PathId(std::string_view name) const;
  // The value of a cookie, or "".
  std::string Cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the body is streamed from this file (constant memory) and the file is removed
  // after it was sent: for downloads written to a temporary file.
  std::string temp_file;

  static Response Json(int status, const boost::json::value& v);
  static Response NoContent();
  // A download of a temporary file, e.g. an XLSX export, under the given file name.
  static Response Download(std::string temp_file, std::string content_type,
                           const std::string& filename);
};

// The HTTP status for an error code.
int StatusOf(ErrorCode code);
// {"error":{"code","message","field"}} in the request's language.
Response ErrorResponse(const Error& error, std::string_view lang);

}  // namespace zj::http

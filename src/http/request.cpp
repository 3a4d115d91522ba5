#include "http/request.h"

#include <charconv>

namespace zj::http {

std::string_view Request::Header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string_view() : std::string_view(it->second);
}

std::optional<std::string> Request::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Result<int64_t> Request::PathId(std::string_view name) const {
  auto it = path_params.find(std::string(name));
  const std::string text = it == path_params.end() ? "" : it->second;
  int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || id <= 0) {
    return Invalid(std::string(name), "编号“" + text + "”无效，应为正整数",
                   "'" + text + "' is not a valid id: it must be a positive integer");
  }
  return id;
}

std::string Request::Cookie(std::string_view name) const {
  std::string_view all = Header("cookie");
  while (!all.empty()) {
    size_t end = all.find(';');
    std::string_view part = all.substr(0, end);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
    if (end == std::string_view::npos) break;
    all.remove_prefix(end + 1);
  }
  return {};
}

Response Response::Json(int status, const boost::json::value& v) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(v);
  return r;
}

Response Response::NoContent() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response Response::Download(std::string temp_file, std::string content_type,
                            const std::string& filename) {
  Response r;
  r.content_type = std::move(content_type);
  r.temp_file = std::move(temp_file);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

int StatusOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kUnsupportedMediaType:
      return 415;
    case ErrorCode::kLocked:
      return 423;
    case ErrorCode::kTooManyRequests:
      return 429;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response ErrorResponse(const Error& error, std::string_view lang) {
  boost::json::object e;
  e["code"] = ErrorCodeName(error.code);
  e["message"] = error.Message(lang);
  if (!error.field.empty()) e["field"] = error.field;
  return Response::Json(StatusOf(error.code), boost::json::object{{"error", std::move(e)}});
}

}  // namespace zj::http

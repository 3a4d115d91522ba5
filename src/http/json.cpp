#include "http/json.h"

#include <charconv>

#include "base/text.h"

namespace zj::http {
namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

}  // namespace

Result<boost::json::object> ParseObject(const Request& req) {
  if (req.body.empty()) {
    return Invalid("", "请求体为空，应为 JSON 对象",
                   "The request body is empty; send a JSON object");
  }
  std::string_view type = req.Header("content-type");
  if (!type.empty() && type.find("application/json") == std::string_view::npos) {
    return Fail(ErrorCode::kUnsupportedMediaType, "请求体应为 application/json",
                "The request body must be application/json");
  }
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(req.body, ec);
  if (ec) {
    return Invalid("", "请求体不是有效的 JSON：" + ec.message(),
                   "The request body is not valid JSON: " + ec.message());
  }
  if (!v.is_object()) {
    return Invalid("", "请求体应为 JSON 对象", "The request body must be a JSON object");
  }
  return std::move(v.as_object());
}

Result<boost::json::object> ParseOptionalObject(const Request& req) {
  if (req.body.empty()) return boost::json::object{};
  return ParseObject(req);
}

Result<std::optional<std::string>> OptString(const boost::json::object& o, std::string_view key,
                                             size_t max_bytes) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  const std::string k(key);
  if (!it->value().is_string()) {
    return Invalid(k, "字段 " + k + " 应为文本", "Field " + k + " must be a string");
  }
  std::string s = Trim(it->value().as_string());
  if (!IsValidUtf8(s)) {
    return Invalid(k, "字段 " + k + " 含有无效字符", "Field " + k + " is not valid UTF-8 text");
  }
  if (s.size() > max_bytes) {
    return Invalid(k, "字段 " + k + " 过长（最多 " + std::to_string(max_bytes) + " 字节）",
                   "Field " + k + " is too long (at most " + std::to_string(max_bytes) + " bytes)");
  }
  return s;
}

Result<std::string> ReqString(const boost::json::object& o, std::string_view key,
                              size_t max_bytes) {
  ZJ_ASSIGN_OR_RETURN(auto s, OptString(o, key, max_bytes));
  if (!s || (s)->empty()) {
    const std::string k(key);
    return Invalid(k, "缺少必填字段 " + k, "Field " + k + " is required");
  }
  return std::move(*s);
}

Result<std::optional<int64_t>> OptInt(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  const auto& v = it->value();
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64() && v.as_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return static_cast<int64_t>(v.as_uint64());
  }
  const std::string k(key);
  return Invalid(k, "字段 " + k + " 应为整数", "Field " + k + " must be an integer");
}

Result<int64_t> ReqInt(const boost::json::object& o, std::string_view key) {
  ZJ_ASSIGN_OR_RETURN(auto n, OptInt(o, key));
  if (!n) {
    const std::string k(key);
    return Invalid(k, "缺少必填字段 " + k, "Field " + k + " is required");
  }
  return *n;
}

Result<int64_t> QueryInt(const Request& req, std::string_view name, int64_t def, int64_t min,
                         int64_t max) {
  auto text = req.Query(name);
  if (!text || text->empty()) return def;
  int64_t n = 0;
  auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  const std::string k(name);
  if (ec != std::errc() || p != text->data() + text->size() || n < min || n > max) {
    return Invalid(
        k,
        "参数 " + k + " 应为 " + std::to_string(min) + " 到 " + std::to_string(max) + " 之间的整数",
        "Parameter " + k + " must be an integer from " + std::to_string(min) + " to " +
            std::to_string(max));
  }
  return n;
}

boost::json::value JsonOpt(const std::optional<std::string>& s) {
  return s ? boost::json::value(*s) : boost::json::value(nullptr);
}
boost::json::value JsonOpt(const std::optional<int64_t>& n) {
  return n ? boost::json::value(*n) : boost::json::value(nullptr);
}

}  // namespace zj::http

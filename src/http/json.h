#pragma once
// Reading request bodies: each helper validates one field and fails with a message in both
// languages naming that field.
#include <boost/json.hpp>
#include <optional>
#include <string>

#include "base/error.h"
#include "http/request.h"

namespace zj::http {

// A text field's default limit (a reason, a note), and the limit of a long text (an objection,
// an answer, a member's leaving reason), in bytes of UTF-8.
inline constexpr size_t kMaxTextFieldBytes = 1000;
inline constexpr size_t kMaxLongTextBytes = 2000;

// The body as a JSON object. Fails on an empty body, malformed JSON or a non-object.
Result<boost::json::object> ParseObject(const Request& req);

// As ParseObject, but an empty body is an empty object (for actions whose fields are optional).
Result<boost::json::object> ParseOptionalObject(const Request& req);

// A string field. Absent or null gives nullopt; a non-string, invalid UTF-8 or a value longer
// than max_bytes fails. Leading and trailing spaces are trimmed.
Result<std::optional<std::string>> OptString(const boost::json::object& o, std::string_view key,
                                             size_t max_bytes = kMaxTextFieldBytes);
// As OptString, but absence or an empty value fails.
Result<std::string> ReqString(const boost::json::object& o, std::string_view key,
                              size_t max_bytes = kMaxTextFieldBytes);
// An integer field (JSON number without fraction, or null/absent for nullopt).
Result<std::optional<int64_t>> OptInt(const boost::json::object& o, std::string_view key);
Result<int64_t> ReqInt(const boost::json::object& o, std::string_view key);

// A query parameter as a bounded positive integer; absent gives def.
Result<int64_t> QueryInt(const Request& req, std::string_view name, int64_t def, int64_t min,
                         int64_t max);

// JSON string or null.
boost::json::value JsonOpt(const std::optional<std::string>& s);
boost::json::value JsonOpt(const std::optional<int64_t>& n);

}  // namespace zj::http

#pragma once
// Errors as values: every failure a user or another system can cause is an Error, carried in
// Result<T>. Each has a closed code (mapped to an HTTP status at the edge), a message in
// Chinese and in English that a cadre can act on, and the field it concerns, if any.
#include <expected>
#include <string>
#include <string_view>

namespace zj {

enum class ErrorCode {
  kInvalidArgument,       // 400: the input is malformed or breaks a rule of its own
  kUnauthenticated,       // 401: no valid session or token
  kForbidden,             // 403: authenticated, but outside permission or data scope
  kNotFound,              // 404
  kMethodNotAllowed,      // 405
  kConflict,              // 409: clashes with existing data (duplicate, wrong state)
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415
  kLocked,                // 423: account locked after failed logins
  kTooManyRequests,       // 429
  kInternal,              // 500: only for broken invariants and infrastructure faults
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message_zh;
  std::string message_en;
  std::string field;  // empty when the error is not about one field

  // The message in the language asked for ("zh" or "en"); Chinese is the default.
  const std::string& Message(std::string_view lang) const {
    return lang == "en" ? message_en : message_zh;
  }
};

template <class T>
using Result = std::expected<T, Error>;

// Convenience constructors. Each takes the Chinese message first, then the English one.
inline std::unexpected<Error> Fail(ErrorCode code, std::string zh, std::string en,
                                   std::string field = {}) {
  return std::unexpected(Error{code, std::move(zh), std::move(en), std::move(field)});
}
inline std::unexpected<Error> Invalid(std::string field, std::string zh, std::string en) {
  return Fail(ErrorCode::kInvalidArgument, std::move(zh), std::move(en), std::move(field));
}

// Stable machine-readable name of a code, used in error JSON ("invalid_argument", ...).
std::string_view ErrorCodeName(ErrorCode code);

}  // namespace zj

// Early returns of errors, as Envoy's RETURN_IF_NOT_OK and Abseil's ASSIGN_OR_RETURN:
//   ZJ_TRY(CheckThing(x));                      // returns the error of a Result<...>
//   ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));  // id is the value, or the error returns
// The enclosing function returns a Result (or std::expected) of any value type.
#define ZJ_TRY(expr)                                                     \
  do {                                                                   \
    auto&& zj_try_result_ = (expr);                                      \
    if (!zj_try_result_) return std::unexpected(zj_try_result_.error()); \
  } while (false)

// NOLINTBEGIN(bugprone-macro-parentheses): lhs may be a declaration ("auto x"), tmp a name.
#define ZJ_CONCAT_INNER_(a, b) a##b
#define ZJ_CONCAT_(a, b) ZJ_CONCAT_INNER_(a, b)
#define ZJ_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)           \
  auto tmp = (expr);                                        \
  if (!tmp) return std::unexpected(std::move(tmp).error()); \
  lhs = std::move(*tmp)
#define ZJ_ASSIGN_OR_RETURN(lhs, expr) \
  ZJ_ASSIGN_OR_RETURN_IMPL_(ZJ_CONCAT_(zj_assign_result_, __LINE__), lhs, expr)
// NOLINTEND(bugprone-macro-parentheses)

#include "db/value.h"

#include <charconv>

namespace zj::db {

int64_t Value::AsInt() const {
  if (auto* i = std::get_if<int64_t>(&v_)) return *i;
  if (auto* d = std::get_if<double>(&v_)) return static_cast<int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v_)) {
    int64_t out = 0;
    auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
    if (ec == std::errc() && p == s->data() + s->size()) return out;
    if (*s == "t") return 1;
    if (*s == "f") return 0;
    throw DbError(DbError::Kind::kOther, "column is not an integer: " + *s);
  }
  throw DbError(DbError::Kind::kOther, "column is NULL where an integer was expected");
}

double Value::AsDouble() const {
  if (auto* i = std::get_if<int64_t>(&v_)) return static_cast<double>(*i);
  if (auto* d = std::get_if<double>(&v_)) return *d;
  if (auto* s = std::get_if<std::string>(&v_)) return std::stod(*s);
  throw DbError(DbError::Kind::kOther, "column is NULL where a number was expected");
}

std::string Value::AsText() const {
  if (auto* s = std::get_if<std::string>(&v_)) return *s;
  if (auto* i = std::get_if<int64_t>(&v_)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v_)) return std::to_string(*d);
  return {};
}

}  // namespace zj::db

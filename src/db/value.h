#pragma once
// Values passed to and read from SQL, the same on both engines.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zj::db {

// A parameter or a column value: NULL, a 64-bit integer, a double or text.
class Value {
 public:
  using Storage = std::variant<std::monostate, int64_t, double, std::string>;
  Value() = default;
  Value(std::nullopt_t) {}
  Value(int v) : v_(int64_t{v}) {}
  Value(long v) : v_(int64_t{v}) {}
  Value(long long v) : v_(int64_t{v}) {}
  Value(unsigned v) : v_(int64_t{v}) {}
  Value(bool v) : v_(int64_t{v ? 1 : 0}) {}
  Value(double v) : v_(v) {}
  Value(const char* v) : v_(std::string(v)) {}
  Value(std::string_view v) : v_(std::string(v)) {}
  Value(std::string v) : v_(std::move(v)) {}
  template <class T>
  Value(const std::optional<T>& v) {
    if (v) *this = Value(*v);
  }

  bool IsNull() const { return std::holds_alternative<std::monostate>(v_); }
  const Storage& storage() const { return v_; }
  // REQUIRES: not NULL. Text holding a decimal integer converts; anything else throws.
  int64_t AsInt() const;
  double AsDouble() const;
  // NULL gives "", integers their decimal form.
  std::string AsText() const;

 private:
  Storage v_;
};

using Params = std::vector<Value>;

// The smallest text greater than every text that starts with prefix, in byte order, and still
// valid UTF-8 (the last character's code point plus one): `col >= p AND col < PrefixEnd(p)` is an
// index range for "starts with p" on both engines (columns declared with {{PATH}}).
// REQUIRES: prefix is non-empty valid UTF-8.
std::string PrefixEnd(std::string_view prefix);

// One result row; columns by position.
class Row {
 public:
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
  size_t size() const { return cells_.size(); }
  bool IsNull(size_t i) const { return cells_.at(i).IsNull(); }
  int64_t Int(size_t i) const { return cells_.at(i).AsInt(); }
  double Double(size_t i) const { return cells_.at(i).AsDouble(); }
  std::string Text(size_t i) const { return cells_.at(i).AsText(); }
  std::optional<int64_t> OptInt(size_t i) const {
    return IsNull(i) ? std::nullopt : std::optional<int64_t>(Int(i));
  }
  std::optional<std::string> OptText(size_t i) const {
    return IsNull(i) ? std::nullopt : std::optional<std::string>(Text(i));
  }
  const Value& operator[](size_t i) const { return cells_.at(i); }

 private:
  std::vector<Value> cells_;
};

using Rows = std::vector<Row>;

// Infrastructure faults and constraint violations. Services catch the constraint kinds they
// expect (a duplicate key is a conflict the user can fix); everything else is a 500.
class DbError : public std::runtime_error {
 public:
  enum class Kind { kUnique, kForeignKey, kCheck, kNotNull, kBusy, kConnection, kOther };
  DbError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }
  bool IsConstraint() const {
    return kind_ == Kind::kUnique || kind_ == Kind::kForeignKey || kind_ == Kind::kCheck ||
           kind_ == Kind::kNotNull;
  }

 private:
  Kind kind_;
};

}  // namespace zj::db

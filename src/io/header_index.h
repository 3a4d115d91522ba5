#pragma once
// Finding the expected columns in a header row typed by people: order does not matter, and
// stray spaces (ASCII, full-width U+3000, no-break), a byte order mark or a zero-width space
// around a name do not stop it from matching.
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/table.h"

namespace zj::io {

struct HeaderIndex {
  // Each expected name found → its 0-based column (the first, if it occurs twice).
  std::map<std::string, int, std::less<>> columns;
  // Expected names not found, in the order expected.
  std::vector<std::string> missing;
  // Expected names found in more than one column.
  std::vector<std::string> duplicated;
};

// `name` without the spaces, byte order marks and zero-width characters around it.
std::string_view TrimHeaderName(std::string_view name);

// Matches the cells of `header` (trimmed with TrimHeaderName) against `expected` names exactly.
HeaderIndex IndexHeader(const TableRow& header, std::span<const std::string_view> expected);

}  // namespace zj::io

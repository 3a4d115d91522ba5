#include "io/header_index.h"

#include <algorithm>
#include <array>

#include "base/text.h"

namespace zj::io {
std::string_view TrimHeaderName(std::string_view name) { return TrimSpaces(name); }

HeaderIndex IndexHeader(const TableRow& header, std::span<const std::string_view> expected) {
  HeaderIndex index;
  for (std::string_view name : expected) {
    for (std::size_t column = 0; column < header.size(); ++column) {
      if (TrimHeaderName(header[column]) != name) continue;
      if (index.columns.contains(name)) {
        if (std::ranges::find(index.duplicated, name) == index.duplicated.end()) {
          index.duplicated.emplace_back(name);
        }
      } else {
        index.columns.emplace(std::string(name), static_cast<int>(column));
      }
    }
    if (!index.columns.contains(name)) index.missing.emplace_back(name);
  }
  return index;
}

}  // namespace zj::io

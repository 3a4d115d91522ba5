#include "io/header_index.h"

#include <algorithm>
#include <array>

namespace zj::io {
namespace {

// What may surround a header name: ASCII blanks, NBSP, U+3000 ideographic space, the byte order
// mark U+FEFF and the zero-width space U+200B.
constexpr std::array<std::string_view, 9> kBlanks = {
    " ", "\t", "\r", "\n", "\xC2\xA0", "\xE3\x80\x80", "\xEF\xBB\xBF", "\xE2\x80\x8B", "\v"};

}  // namespace

std::string_view TrimHeaderName(std::string_view name) {
  for (bool changed = true; changed && !name.empty();) {
    changed = false;
    for (std::string_view blank : kBlanks) {
      if (name.starts_with(blank)) {
        name.remove_prefix(blank.size());
        changed = true;
      }
      if (name.ends_with(blank)) {
        name.remove_suffix(blank.size());
        changed = true;
      }
    }
  }
  return name;
}

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

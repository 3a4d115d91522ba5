#pragma once
// The pinyin table generated at build time by scripts/gen/pinyin.mjs (from Unihan kMandarin).
// Internal to src/base/text.cpp; use PinyinFull / PinyinInitials instead.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace zj::pinyin_data {

// One Han character and the index of its toneless reading in kSyllables.
struct Reading {
  std::uint32_t codepoint;
  std::uint16_t syllable;
};

extern const std::string_view kSyllables[];  // sorted, toneless, ü written as v
extern const std::size_t kSyllableCount;
extern const Reading kReadings[];  // sorted by codepoint, one per character
extern const std::size_t kReadingCount;

}  // namespace zj::pinyin_data

#include "base/text.h"

#include <opencc/opencc.h>

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "base/pinyin_data.h"

namespace zj {
namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes the code point starting at s[*pos] and advances *pos past it. A byte that does not
// start a well-formed sequence yields kInvalid and advances by one.
char32_t NextCodepoint(std::string_view s, std::size_t* pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char b0 = byte(*pos);
  if (b0 < 0x80) {
    ++*pos;
    return b0;
  }
  std::size_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++*pos;
    return kInvalid;
  }
  if (*pos + len > s.size()) {
    ++*pos;
    return kInvalid;
  }
  for (std::size_t i = 1; i < len; ++i) {
    const unsigned char b = byte(*pos + i);
    if ((b & 0xC0) != 0x80) {
      ++*pos;
      return kInvalid;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*pos;
    return kInvalid;
  }
  *pos += len;
  return cp;
}

void AppendUtf8(std::string* out, char32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

char32_t FoldWidth(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFF01 + 0x21;
  if (cp == 0x3000) return U' ';
  return cp;
}

char32_t LowerAscii(char32_t cp) { return (cp >= U'A' && cp <= U'Z') ? cp + 32 : cp; }

bool IsAsciiAlnum(char32_t cp) {
  return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') || (cp >= U'0' && cp <= U'9');
}

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// One OpenCC t2s converter for the process, opened on first use. OpenCC does not document its
// converter as safe for concurrent use, so calls are serialised; a conversion of a name takes
// microseconds.
class TraditionalToSimplified {
 public:
  static TraditionalToSimplified& Instance() {
    static TraditionalToSimplified instance;
    return instance;
  }

  std::string Convert(std::string_view s) {
    std::lock_guard lock(mutex_);
    std::unique_ptr<char, void (*)(char*)> converted(
        opencc_convert_utf8(handle_, s.data(), s.size()), opencc_convert_utf8_free);
    if (!converted) {
      throw std::runtime_error(std::string("OpenCC t2s conversion failed: ") + opencc_error());
    }
    return std::string(converted.get());
  }

 private:
  TraditionalToSimplified() : handle_(opencc_open("t2s.json")) {
    if (handle_ == reinterpret_cast<opencc_t>(-1)) {
      throw std::runtime_error(
          std::string("cannot open OpenCC configuration t2s.json (install libopencc-data): ") +
          opencc_error());
    }
  }
  ~TraditionalToSimplified() { opencc_close(handle_); }

  std::mutex mutex_;
  opencc_t handle_;
};

// s with invalid UTF-8 bytes removed, so that OpenCC and the pinyin scan see clean text.
std::string DropInvalidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t start = pos;
    if (NextCodepoint(s, &pos) != kInvalid) out.append(s.substr(start, pos - start));
  }
  return out;
}

// Appends the pinyin of folded text to *full and its initials to *initials (either may be null).
void AppendPinyin(std::string_view folded, std::string* full, std::string* initials) {
  for (std::size_t pos = 0; pos < folded.size();) {
    const char32_t cp = NextCodepoint(folded, &pos);
    if (IsAsciiAlnum(cp)) {
      if (full) full->push_back(static_cast<char>(cp));
      if (initials) initials->push_back(static_cast<char>(cp));
      continue;
    }
    const std::string_view reading = PinyinOf(cp);
    if (reading.empty()) continue;
    if (full) full->append(reading);
    if (initials) initials->push_back(reading.front());
  }
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  for (std::size_t pos = 0; pos < s.size();) {
    if (NextCodepoint(s, &pos) == kInvalid) return false;
  }
  return true;
}

std::size_t Utf8Length(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < s.size(); ++count) NextCodepoint(s, &pos);
  return count;
}

std::string_view Utf8Head(std::string_view s, std::size_t max_chars) {
  std::size_t pos = 0;
  for (std::size_t count = 0; count < max_chars && pos < s.size(); ++count) {
    NextCodepoint(s, &pos);
  }
  return s.substr(0, pos);
}

std::string Utf8Truncate(std::string_view s, std::size_t max_chars) {
  std::string out(Utf8Head(s, max_chars));
  if (out.size() < s.size()) out += "…";
  return out;
}

std::string FoldFullWidth(std::string_view s) {
  // Most text has nothing to fold: no full-width form (EF BC xx, EF BD xx) and no U+3000.
  if (s.find('\xEF') == std::string_view::npos &&
      s.find("\xE3\x80\x80") == std::string_view::npos) {
    return std::string(s);
  }
  std::string out;
  out.reserve(s.size());
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t start = pos;
    const char32_t cp = NextCodepoint(s, &pos);
    if (cp == kInvalid) {
      out.append(s.substr(start, pos - start));
    } else {
      AppendUtf8(&out, FoldWidth(cp));
    }
  }
  return out;
}

std::string FoldText(std::string_view s) {
  std::string text = DropInvalidUtf8(s);
  if (!IsAscii(text)) text = TraditionalToSimplified::Instance().Convert(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    AppendUtf8(&out, LowerAscii(FoldWidth(NextCodepoint(text, &pos))));
  }
  return out;
}

std::string_view PinyinOf(char32_t codepoint) {
  using pinyin_data::kReadings;
  const auto* end = kReadings + pinyin_data::kReadingCount;
  const auto* it =
      std::lower_bound(kReadings, end, codepoint,
                       [](const pinyin_data::Reading& r, char32_t cp) { return r.codepoint < cp; });
  if (it == end || it->codepoint != codepoint) return {};
  return pinyin_data::kSyllables[it->syllable];
}

std::string PinyinFull(std::string_view s) {
  std::string out;
  AppendPinyin(FoldText(s), &out, nullptr);
  return out;
}

std::string PinyinInitials(std::string_view s) {
  std::string out;
  AppendPinyin(FoldText(s), nullptr, &out);
  return out;
}

SearchKeys MakeSearchKeys(std::string_view name) {
  SearchKeys keys;
  keys.fold = FoldText(name);
  AppendPinyin(keys.fold, &keys.pinyin, &keys.initials);
  return keys;
}

std::string MaskName(std::string_view name) {
  name = TrimSpaces(name);
  std::size_t length = 0;
  std::size_t first_end = 0;
  std::size_t last_start = 0;
  for (std::size_t pos = 0; pos < name.size(); ++length) {
    last_start = pos;
    NextCodepoint(name, &pos);
    if (length == 0) first_end = pos;
  }
  if (length <= 1) return length == 0 ? std::string() : std::string("*");
  std::string out(name.substr(0, first_end));
  if (length == 2) return out + "*";
  out.append(length - 2, '*');
  out.append(name.substr(last_start));
  return out;
}

std::string MaskAccountNumber(std::string_view account) {
  const size_t keep = account.size() > 4 ? account.size() - 4 : 0;
  return std::string(keep, '*') + std::string(account.substr(keep));
}

namespace {

constexpr std::array<std::string_view, 9> kBlanks = {
    " ", "\t", "\r", "\n", "\xC2\xA0", "\xE3\x80\x80", "\xEF\xBB\xBF", "\xE2\x80\x8B", "\v"};

}  // namespace

std::string_view TrimSpaces(std::string_view s) {
  // Most text has nothing to trim: only a first or last byte that can start a blank needs a look.
  const auto may_blank = [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0xC2 || u == 0xE2 || u == 0xE3 || u == 0xEF;
  };
  if (s.empty() || (!may_blank(s.front()) && !may_blank(s.back()))) return s;
  for (bool changed = true; changed && !s.empty();) {
    changed = false;
    for (std::string_view blank : kBlanks) {
      if (s.starts_with(blank)) {
        s.remove_prefix(blank.size());
        changed = true;
      }
      if (s.ends_with(blank)) {
        s.remove_suffix(blank.size());
        changed = true;
      }
    }
  }
  return s;
}

std::string_view Utf8Prefix(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t n = max_bytes;
  // Back up over continuation bytes to the start of the character that would be cut.
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string ToValidUtf8(std::string_view s) {
  if (IsValidUtf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 16);
  for (std::size_t pos = 0; pos < s.size();) {
    std::size_t next = pos;
    const char32_t cp = NextCodepoint(s, &next);
    if (cp == kInvalid) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(s.substr(pos, next - pos));
    }
    pos = next;
  }
  return out;
}

bool HasControlCharacters(std::string_view s) {
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return true;
  }
  return false;
}

}  // namespace zj

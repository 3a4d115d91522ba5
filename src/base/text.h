#pragma once
// Text as cadres type and search it: UTF-8 helpers, width and script folding (workers write both
// simplified and traditional characters, often with full-width digits), pinyin search keys, and
// masking of names for lists shown to people who may not see them in full.
#include <cstddef>
#include <string>
#include <string_view>

namespace zj {

// Whether s is well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// The number of code points in s. Each byte that is not part of a well-formed sequence counts
// as one, so the result is defined for any input.
std::size_t Utf8Length(std::string_view s);

// The first max_chars code points of s (a view into s). Never splits a multi-byte sequence.
std::string_view Utf8Head(std::string_view s, std::size_t max_chars);

// Utf8Head(s, max_chars), followed by "…" if anything was cut: how error messages quote user
// input without echoing megabytes of it.
std::string Utf8Truncate(std::string_view s, std::size_t max_chars);

// `s` without the blanks around it — ASCII spaces, tabs and line breaks, the no-break space,
// the ideographic space U+3000, a byte order mark and the zero-width space — and nothing else
// changed: what a person typed is stored as they typed it.
std::string_view TrimSpaces(std::string_view s);

// The longest prefix of `s` of at most `max_bytes` bytes that does not end inside a UTF-8
// sequence: where text is cut to a limit without breaking a character.
std::string_view Utf8Prefix(std::string_view s, std::size_t max_bytes);

// `s` with each byte that is not part of a well-formed UTF-8 sequence replaced by U+FFFD: text
// from outside made safe for a store that insists on UTF-8 (PostgreSQL).
std::string ToValidUtf8(std::string_view s);

// Whether `s` holds a control character other than tab and line breaks (NUL, BEL, DEL, …).
bool HasControlCharacters(std::string_view s);

// Full-width ASCII forms (U+FF01–U+FF5E: "１２３", "ＡＢＣ", "，") become their ASCII
// counterparts and the ideographic space U+3000 becomes ' '. Everything else is kept as is.
std::string FoldFullWidth(std::string_view s);

// The form under which names are compared and searched: traditional characters converted to
// simplified (OpenCC t2s), full-width ASCII folded to half-width, ASCII letters lower-cased.
// Invalid UTF-8 bytes are dropped. Thread-safe. Throws std::runtime_error if the OpenCC
// configuration t2s.json cannot be opened (a broken installation, not bad input).
std::string FoldText(std::string_view s);

// The toneless pinyin of s ("西湖区" → "xihuqu"; ü is written v): s is folded first, so
// traditional and simplified input give the same result. ASCII letters and digits are kept
// (folded), Han characters are replaced by their reading, everything else is dropped. Each
// character has one reading (Unihan kMandarin, with a few place-name overrides).
std::string PinyinFull(std::string_view s);

// The first letter of each Han character's reading, with ASCII letters and digits kept, as in
// PinyinFull ("西湖区总工会" → "xhqzgh").
std::string PinyinInitials(std::string_view s);

// The toneless reading of one code point, or "" if it has none (not Han, or not in Unihan).
std::string_view PinyinOf(char32_t codepoint);

// The keys under which a name is stored for search.
struct SearchKeys {
  std::string fold;      // FoldText(name)
  std::string pinyin;    // PinyinFull(name)
  std::string initials;  // PinyinInitials(name)
};

// All three search keys of a name, folding it only once.
SearchKeys MakeSearchKeys(std::string_view name);

// A person's name with all but its first and last characters masked: "张三明" → "张*明",
// "欧阳晓峰" → "欧**峰"; two characters keep the first ("张三" → "张*"), one is masked
// entirely. Surrounding spaces are trimmed first. Counts code points, not bytes.
std::string MaskName(std::string_view name);

// A bank account number with all but its last four characters masked: "6222020202020202020" →
// "***************2020". Four characters or fewer stay as they are.
std::string MaskAccountNumber(std::string_view account);

}  // namespace zj

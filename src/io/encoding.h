#pragma once
// The text encodings of uploaded CSV files. Excel on a Chinese Windows saves "CSV" in GBK (code
// page 936); "CSV UTF-8" adds a byte order mark; other tools write plain UTF-8. GBK is decoded as
// GB18030, its superset, so that rarer characters in names survive.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"
#include "io/byte_source.h"

namespace zj::io {

enum class Encoding {
  kUtf8,     // valid UTF-8 without a byte order mark (pure ASCII counts as this)
  kUtf8Bom,  // starts with EF BB BF
  kGbk,      // anything else, decoded as GB18030
};

// "UTF-8", "UTF-8 BOM" or "GBK": the name shown to users and in the import preview.
std::string_view EncodingName(Encoding encoding);

// The UTF-8 byte order mark.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// The length of the longest prefix of `bytes` that is well-formed UTF-8 (no overlong forms,
// surrogates or code points above U+10FFFF); bytes.size() when all of it is.
std::size_t ValidUtf8Prefix(std::string_view bytes);

// kUtf8Bom if `bytes` starts with a byte order mark, else kUtf8 if they are valid UTF-8, else
// kGbk. Never fails: whether GBK bytes really decode is found out by ToUtf8.
Encoding DetectEncoding(std::string_view bytes);

// DetectEncoding over a whole stream read in chunks, without holding it. Fails if the stream
// fails, or if it has a byte order mark but is not valid UTF-8 after it (naming the line).
Result<Encoding> DetectEncoding(ByteSource& source);

// `bytes` as UTF-8: checked if already UTF-8 (the byte order mark removed), decoded if GBK.
// Fails with kInvalidArgument naming the line and byte of the first byte that cannot be decoded.
Result<std::string> ToUtf8(std::string_view bytes, Encoding encoding);

// The error for bytes that are not valid in `encoding`: at 1-based `line` and `byte` offset.
Error UndecodableError(Encoding encoding, std::int64_t line, std::int64_t byte);

}  // namespace zj::io

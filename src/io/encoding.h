#pragma once
// The text encodings of uploaded CSV files. Excel on a Chinese Windows saves "CSV" in GBK (code
// page 936); "CSV UTF-8" adds a byte order mark; other tools write plain UTF-8. GBK is decoded as
// GB18030, its superset, so that rarer characters in names survive.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/error.h"
#include "io/byte_source.h"

namespace zj::io {

enum class Encoding {
  kUtf8,         // valid UTF-8 without a byte order mark (pure ASCII counts as this)
  kUtf8Bom,      // starts with EF BB BF, valid UTF-8 after it
  kGbk,          // anything else, decoded as GB18030
  kUtf8Damaged,  // UTF-8 with a few bytes that are not (a stray byte pasted in, a cut
                 // character): read as UTF-8, each bad byte becoming U+FFFD in its own row
};

// "UTF-8", "UTF-8 BOM" or "GBK": the name shown to users and in the import preview.
std::string_view EncodingName(Encoding encoding);

// What a decoder writes for a byte it cannot read: U+FFFD REPLACEMENT CHARACTER. A row holding it
// is rejected by the table readers, naming its own line.
inline constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// The UTF-8 byte order mark.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// The length of the longest prefix of `bytes` that is well-formed UTF-8 (no overlong forms,
// surrogates or code points above U+10FFFF); bytes.size() when all of it is.
std::size_t ValidUtf8Prefix(std::string_view bytes);

// kUtf8Bom if `bytes` starts with a byte order mark and are valid UTF-8 after it, kUtf8 if they
// are valid UTF-8, kUtf8Damaged if they are mostly UTF-8 (valid multi-byte sequences outnumber
// the bad bytes many times over, as when one stray byte sits in a UTF-8 file; a byte order mark
// counts as UTF-8 too), else kGbk. Never fails.
Encoding DetectEncoding(std::string_view bytes);

// DetectEncoding over a whole stream read in chunks, without holding it. Fails only if the
// stream fails.
Result<Encoding> DetectEncoding(ByteSource& source);

// `bytes` as UTF-8: the byte order mark removed, bad bytes of damaged UTF-8 replaced, GBK
// decoded (bytes it cannot decode replaced). Each replacement is kReplacement.
Result<std::string> ToUtf8(std::string_view bytes, Encoding encoding);

// UTF-8 passed through, each byte that is not part of a well-formed sequence replaced by
// kReplacement: how a damaged UTF-8 file is read, its bad bytes confined to their rows.
class Utf8RepairSource final : public ByteSource {
 public:
  explicit Utf8RepairSource(std::unique_ptr<ByteSource> in) : in_(std::move(in)) {}
  // Up to `capacity` (>= 4) bytes of UTF-8.
  Result<std::size_t> Read(char* out, std::size_t capacity) override;

 private:
  std::unique_ptr<ByteSource> in_;
  std::string pending_;  // read, not yet checked (an incomplete sequence at the end)
  bool in_done_ = false;
};

// The error for bytes that are not valid in `encoding`: at 1-based `line` and `byte` offset.
Error UndecodableError(Encoding encoding, std::int64_t line, std::int64_t byte);

}  // namespace zj::io

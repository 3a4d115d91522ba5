#include "io/encoding.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "io/gbk_source.h"

namespace zj::io {
namespace {

// Read size when scanning a stream for its encoding.
constexpr std::size_t kDetectChunkBytes = 1 << 20;
// The longest UTF-8 sequence, minus one: how many bytes may be carried over a chunk boundary.
constexpr std::size_t kMaxUtf8Carry = 3;

// The length of the well-formed sequence starting at s[i], or 0 if there is none (including a
// sequence cut off by the end of s).
std::size_t SequenceLength(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c == 0xE0) {
    len = 3, lo = 0xA0;
  } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
    len = 3;
  } else if (c == 0xED) {
    len = 3, hi = 0x9F;
  } else if (c == 0xF0) {
    len = 4, lo = 0x90;
  } else if (c >= 0xF1 && c <= 0xF3) {
    len = 4;
  } else if (c == 0xF4) {
    len = 4, hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  auto c1 = static_cast<unsigned char>(s[i + 1]);
  if (c1 < lo || c1 > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    auto ck = static_cast<unsigned char>(s[i + k]);
    if (ck < 0x80 || ck > 0xBF) return 0;
  }
  return len;
}

std::int64_t LinesBefore(std::string_view bytes, std::size_t offset) {
  return std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
}

}  // namespace

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8:
      return "UTF-8";
    case Encoding::kUtf8Bom:
      return "UTF-8 BOM";
    case Encoding::kGbk:
      return "GBK";
  }
  return "UTF-8";
}

std::size_t ValidUtf8Prefix(std::string_view bytes) {
  std::size_t i = 0;
  const std::size_t n = bytes.size();
  while (i < n) {
    // Eight ASCII bytes at a time: most of a CSV file is digits and commas.
    while (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, bytes.data() + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = SequenceLength(bytes, i);
    if (len == 0) return i;
    i += len;
  }
  return n;
}

Encoding DetectEncoding(std::string_view bytes) {
  if (bytes.starts_with(kUtf8Bom)) return Encoding::kUtf8Bom;
  return ValidUtf8Prefix(bytes) == bytes.size() ? Encoding::kUtf8 : Encoding::kGbk;
}

Result<Encoding> DetectEncoding(ByteSource& source) {
  std::string buffer(kDetectChunkBytes + kMaxUtf8Carry, '\0');
  std::size_t carry = 0;    // bytes kept from the previous chunk at buffer[0, carry)
  std::int64_t offset = 0;  // of buffer[0] in the stream
  std::int64_t lines = 0;   // line breaks before buffer[0]
  bool bom = false;
  for (;;) {
    auto n = source.Read(buffer.data() + carry, kDetectChunkBytes);
    if (!n) return std::unexpected(n.error());
    std::string_view chunk(buffer.data(), carry + *n);
    std::size_t start = 0;
    if (offset == 0 && chunk.starts_with(kUtf8Bom)) {  // nothing validated yet: the start
      bom = true;
      start = kUtf8Bom.size();
    }
    std::size_t valid = start + ValidUtf8Prefix(chunk.substr(start));
    const bool end = *n == 0;
    if (valid < chunk.size() && (end || chunk.size() - valid > kMaxUtf8Carry)) {
      if (!bom) return Encoding::kGbk;
      return std::unexpected(UndecodableError(Encoding::kUtf8Bom,
                                              lines + LinesBefore(chunk, valid) + 1,
                                              offset + static_cast<std::int64_t>(valid) + 1));
    }
    if (end) return bom ? Encoding::kUtf8Bom : Encoding::kUtf8;
    // A sequence cut by the chunk boundary is checked again with the next chunk.
    lines += LinesBefore(chunk, valid);
    offset += static_cast<std::int64_t>(valid);
    carry = chunk.size() - valid;
    std::memmove(buffer.data(), buffer.data() + valid, carry);
  }
}

Error UndecodableError(Encoding encoding, std::int64_t line, std::int64_t byte) {
  if (encoding == Encoding::kGbk) {
    return Error{
        ErrorCode::kInvalidArgument,
        fmt::format("文件第 {} 行（第 {} 字节）有无法识别的字符：文件既不是 UTF-8 也不是 "
                    "GBK 编码。请在 Excel 中“另存为”CSV UTF-8（逗号分隔）或 .xlsx 后重新导入。",
                    line, byte),
        fmt::format("Line {} (byte {}) holds bytes that are neither UTF-8 nor GBK. Save "
                    "the file from Excel as \"CSV UTF-8 (Comma delimited)\" or .xlsx and "
                    "import it again.",
                    line, byte),
        "file"};
  }
  return Error{ErrorCode::kInvalidArgument,
               fmt::format("文件第 {} 行（第 {} 字节）不是有效的 UTF-8 编码。请在 Excel 中“另存为”"
                           "CSV UTF-8（逗号分隔）或 .xlsx 后重新导入。",
                           line, byte),
               fmt::format("Line {} (byte {}) is not valid UTF-8. Save the file from Excel as "
                           "\"CSV UTF-8 (Comma delimited)\" or .xlsx and import it again.",
                           line, byte),
               "file"};
}

Result<std::string> ToUtf8(std::string_view bytes, Encoding encoding) {
  if (encoding != Encoding::kGbk) {
    if (encoding == Encoding::kUtf8Bom && bytes.starts_with(kUtf8Bom)) {
      bytes.remove_prefix(kUtf8Bom.size());
    }
    std::size_t valid = ValidUtf8Prefix(bytes);
    if (valid < bytes.size()) {
      std::int64_t bom = encoding == Encoding::kUtf8Bom ? std::ssize(kUtf8Bom) : 0;
      return std::unexpected(UndecodableError(encoding, LinesBefore(bytes, valid) + 1,
                                              bom + static_cast<std::int64_t>(valid) + 1));
    }
    return std::string(bytes);
  }
  GbkSource source(std::make_unique<StringSource>(std::string(bytes)));
  std::string out;
  std::array<char, 64 * 1024> chunk;
  for (;;) {
    auto n = source.Read(chunk.data(), chunk.size());
    if (!n) return std::unexpected(n.error());
    if (*n == 0) return out;
    out.append(chunk.data(), *n);
  }
}

}  // namespace zj::io

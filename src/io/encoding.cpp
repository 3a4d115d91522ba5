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
    case Encoding::kUtf8Damaged:
      return "UTF-8";
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

namespace {

// Valid multi-byte sequences and bytes that fit no sequence, counted over a text.
struct Utf8Census {
  std::int64_t multibyte = 0;
  std::int64_t bad = 0;

  // Counts s; returns how many bytes at its end were left uncounted because a sequence might
  // continue past it (only when `more` says more bytes follow).
  std::size_t Count(std::string_view s, bool more) {
    std::size_t i = 0;
    while (i < s.size()) {
      i += ValidUtf8Prefix(s.substr(i));
      if (i >= s.size()) break;
      if (more && s.size() - i <= kMaxUtf8Carry) return s.size() - i;
      ++bad;
      ++i;
    }
    return 0;
  }
  void CountSequences(std::string_view s) {
    for (unsigned char c : s) multibyte += c >= 0xC2 && c <= 0xF4;
  }
  // Mostly UTF-8: a GBK file forms a valid sequence for a few percent of its characters at most.
  bool MostlyUtf8() const { return multibyte >= 8 * bad; }
};

Encoding Decide(const Utf8Census& census, bool bom) {
  if (census.bad == 0) return bom ? Encoding::kUtf8Bom : Encoding::kUtf8;
  return bom || census.MostlyUtf8() ? Encoding::kUtf8Damaged : Encoding::kGbk;
}

}  // namespace

Encoding DetectEncoding(std::string_view bytes) {
  const bool bom = bytes.starts_with(kUtf8Bom);
  if (bom) bytes.remove_prefix(kUtf8Bom.size());
  Utf8Census census;
  if (ValidUtf8Prefix(bytes) < bytes.size()) {
    census.Count(bytes, false);
    census.CountSequences(bytes);
  }
  return Decide(census, bom);
}

Result<Encoding> DetectEncoding(ByteSource& source) {
  std::string buffer(kDetectChunkBytes + kMaxUtf8Carry, '\0');
  std::size_t carry = 0;           // bytes kept from the previous chunk at buffer[0, carry)
  bool start = true, bom = false;  // start: nothing counted yet
  Utf8Census census;
  for (;;) {
    ZJ_ASSIGN_OR_RETURN(auto n, source.Read(buffer.data() + carry, kDetectChunkBytes));
    std::string_view chunk(buffer.data(), carry + n);
    const bool end = n == 0;
    if (start && chunk.size() < kUtf8Bom.size() && !end) {  // too little yet to tell a BOM
      carry = chunk.size();
      continue;
    }
    if (start && chunk.starts_with(kUtf8Bom)) {
      bom = true;
      chunk.remove_prefix(kUtf8Bom.size());
    }
    start = false;
    const std::size_t left = census.Count(chunk, !end);
    census.CountSequences(chunk.substr(0, chunk.size() - left));
    if (end) return Decide(census, bom);
    // A sequence cut by the chunk boundary is counted with the next chunk.
    std::memmove(buffer.data(), chunk.data() + chunk.size() - left, left);
    carry = left;
  }
}

Result<std::size_t> Utf8RepairSource::Read(char* out, std::size_t capacity) {
  if (capacity < kReplacement.size() + 1) {
    return Fail(ErrorCode::kInternal, "解码缓冲区过小", "Decoding buffer too small");
  }
  for (;;) {
    // Fewer bytes than the longest sequence: one may continue in what comes next.
    if (!in_done_ && pending_.size() <= kMaxUtf8Carry) {
      const std::size_t had = pending_.size();
      pending_.resize(had + kDetectChunkBytes);
      ZJ_ASSIGN_OR_RETURN(auto n, in_->Read(pending_.data() + had, kDetectChunkBytes));
      pending_.resize(had + n);
      if (n == 0) in_done_ = true;
      continue;
    }
    if (pending_.empty()) return std::size_t{0};
    const std::size_t valid = ValidUtf8Prefix(pending_);
    if (valid == 0) {  // a byte that starts no well-formed sequence
      std::memcpy(out, kReplacement.data(), kReplacement.size());
      pending_.erase(0, 1);
      return kReplacement.size();
    }
    std::size_t n = std::min(valid, capacity);
    // Cut short by the room: back up to the start of a character so none is split.
    if (n < valid) {
      while ((static_cast<unsigned char>(pending_[n]) & 0xC0) == 0x80) --n;
    }
    std::memcpy(out, pending_.data(), n);
    pending_.erase(0, n);
    return n;
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
  if (bytes.starts_with(kUtf8Bom) && encoding != Encoding::kGbk) {
    bytes.remove_prefix(kUtf8Bom.size());
  }
  if (encoding == Encoding::kUtf8 || encoding == Encoding::kUtf8Bom) {
    if (ValidUtf8Prefix(bytes) == bytes.size()) return std::string(bytes);
    encoding = Encoding::kUtf8Damaged;
  }
  auto inner = std::make_unique<StringSource>(std::string(bytes));
  std::unique_ptr<ByteSource> source;
  if (encoding == Encoding::kGbk) {
    source = std::make_unique<GbkSource>(std::move(inner));
  } else {
    source = std::make_unique<Utf8RepairSource>(std::move(inner));
  }
  std::string out;
  std::array<char, 64 * 1024> chunk;
  for (;;) {
    ZJ_ASSIGN_OR_RETURN(auto n, source->Read(chunk.data(), chunk.size()));
    if (n == 0) return out;
    out.append(chunk.data(), n);
  }
}

}  // namespace zj::io

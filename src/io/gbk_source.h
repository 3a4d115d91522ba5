#pragma once
// GBK (GB18030) bytes decoded to UTF-8 on the fly, chunk by chunk, with glibc iconv: how a large
// GBK CSV file is read without decoding it whole in memory.
#include <cstdint>
#include <memory>
#include <string>

#include "io/byte_source.h"

namespace zj::io {

class GbkSource final : public ByteSource {
 public:
  // Decodes the bytes of `in`. Throws std::runtime_error if iconv has no GB18030 converter (a
  // broken installation, not bad input).
  explicit GbkSource(std::unique_ptr<ByteSource> in);
  ~GbkSource() override;
  GbkSource(const GbkSource&) = delete;
  GbkSource& operator=(const GbkSource&) = delete;

  // Up to `capacity` (>= 4) bytes of UTF-8. A byte that starts no GB18030 character (and bytes
  // cut off by the end inside one) becomes kReplacement, one per byte, so that only the row
  // holding it is lost. Fails only if the inner source fails.
  Result<std::size_t> Read(char* out, std::size_t capacity) override;

  // How many bytes were replaced so far.
  std::int64_t replaced() const { return replaced_; }

 private:
  Result<void> Refill();
  // Writes kReplacement for the byte at begin_ and moves past it.
  std::size_t Replace(char* out);

  std::unique_ptr<ByteSource> in_;
  void* iconv_;  // iconv_t
  std::string buffer_;
  std::size_t begin_ = 0;  // undecoded bytes are buffer_[begin_, end_)
  std::size_t end_ = 0;
  bool in_done_ = false;    // in_ has reached its end
  bool need_more_ = false;  // the undecoded bytes end inside a character
  std::int64_t replaced_ = 0;
};

}  // namespace zj::io

#include "io/gbk_source.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "io/encoding.h"

namespace zj::io {
namespace {

// Bytes of GBK read from the inner source at a time.
constexpr std::size_t kChunkBytes = 256 * 1024;
// The smallest output buffer that always has room for one decoded character.
constexpr std::size_t kMinOutputBytes = 4;

iconv_t Handle(void* p) { return static_cast<iconv_t>(p); }

}  // namespace

GbkSource::GbkSource(std::unique_ptr<ByteSource> in)
    : in_(std::move(in)), buffer_(kChunkBytes, '\0') {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw std::runtime_error("iconv has no GB18030 to UTF-8 converter");
  }
  iconv_ = cd;
}

GbkSource::~GbkSource() { iconv_close(Handle(iconv_)); }

Result<void> GbkSource::Refill() {
  std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
  end_ -= begin_;
  begin_ = 0;
  ZJ_ASSIGN_OR_RETURN(auto n, in_->Read(buffer_.data() + end_, buffer_.size() - end_));
  if (n == 0) in_done_ = true;
  end_ += n;
  need_more_ = false;
  return {};
}

Result<std::size_t> GbkSource::Read(char* out, std::size_t capacity) {
  if (capacity < kMinOutputBytes) {
    return Fail(ErrorCode::kInternal, "解码缓冲区过小", "Decoding buffer too small");
  }
  for (;;) {
    if (!in_done_ && (begin_ == end_ || need_more_)) {
      ZJ_TRY(Refill());
    }
    if (begin_ == end_) return std::size_t{0};
    if (need_more_) {  // in_done_: the input ends inside a character
      return Replace(out);
    }
    char* in_ptr = buffer_.data() + begin_;
    std::size_t in_left = end_ - begin_;
    char* out_ptr = out;
    std::size_t out_left = capacity;
    std::size_t r = iconv(Handle(iconv_), &in_ptr, &in_left, &out_ptr, &out_left);
    const int error = errno;
    begin_ = static_cast<std::size_t>(in_ptr - buffer_.data());
    const std::size_t produced = capacity - out_left;
    if (r == static_cast<std::size_t>(-1)) {
      if (error == EINVAL) need_more_ = true;
      // A byte that starts no GB18030 character: replaced once what came before it is out.
      if (error == EILSEQ && produced == 0) return Replace(out);
    }
    if (produced > 0) return produced;
  }
}

std::size_t GbkSource::Replace(char* out) {
  std::memcpy(out, kReplacement.data(), kReplacement.size());
  ++begin_;
  need_more_ = false;
  ++replaced_;
  return kReplacement.size();
}

}  // namespace zj::io

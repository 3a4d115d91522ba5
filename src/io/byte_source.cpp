#include "io/byte_source.h"

#include <algorithm>
#include <cstring>

namespace zj::io {

Result<std::size_t> StringSource::Read(char* out, std::size_t capacity) {
  std::size_t n = std::min(capacity, bytes_.size() - pos_);
  std::memcpy(out, bytes_.data() + pos_, n);
  pos_ += n;
  return n;
}

Result<std::size_t> StreamSource::Read(char* out, std::size_t capacity) {
  if (!*in_) return std::size_t{0};
  in_->read(out, static_cast<std::streamsize>(capacity));
  if (in_->bad()) {
    return Fail(ErrorCode::kInternal, "读取文件失败", "Reading the file failed", "file");
  }
  return static_cast<std::size_t>(in_->gcount());
}

}  // namespace zj::io

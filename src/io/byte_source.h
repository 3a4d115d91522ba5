#pragma once
// A stream of bytes read in chunks: what the CSV reader consumes, so that a 200 MiB upload can be
// read from a file (and decoded from GBK) without holding it all in memory. One virtual call per
// chunk, never per byte.
#include <cstddef>
#include <istream>
#include <memory>
#include <string>

#include "base/error.h"

namespace zj::io {

class ByteSource {
 public:
  virtual ~ByteSource() = default;

  // Copies up to `capacity` (> 0) next bytes into `out` and returns how many; 0 means the end.
  // Fails if the underlying stream fails or the bytes cannot be decoded.
  virtual Result<std::size_t> Read(char* out, std::size_t capacity) = 0;
};

// The bytes of an owned string.
class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string bytes) : bytes_(std::move(bytes)) {}
  Result<std::size_t> Read(char* out, std::size_t capacity) override;

 private:
  std::string bytes_;
  std::size_t pos_ = 0;
};

// The bytes of a stream, read with istream::read in chunks. The stream is owned.
class StreamSource final : public ByteSource {
 public:
  explicit StreamSource(std::unique_ptr<std::istream> in) : in_(std::move(in)) {}
  Result<std::size_t> Read(char* out, std::size_t capacity) override;

 private:
  std::unique_ptr<std::istream> in_;
};

}  // namespace zj::io

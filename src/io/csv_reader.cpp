#include "io/csv_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "base/text.h"
#include "io/encoding.h"

namespace zj::io {
namespace {

// Bytes read from a source at a time.
constexpr std::size_t kChunkBytes = 1 << 20;
// The least room offered to a source (a decoder needs room for one character).
constexpr std::size_t kMinReadBytes = 4;

Error CellTooLarge(std::int64_t line, std::size_t column, std::int64_t limit) {
  return Error{
      ErrorCode::kInvalidArgument,
      fmt::format("第 {} 行第 {} 列的内容超过 {} KiB，这一行未导入", line, column, limit / 1024),
      fmt::format("Line {}, column {}: the cell is longer than {} KiB; the row is left out", line,
                  column, limit / 1024),
      "file"};
}

}  // namespace

CsvReader::CsvReader(std::string utf8, std::string_view encoding, const ReadLimits& limits)
    : buffer_(std::move(utf8)), encoding_(encoding), limits_(limits) {
  pos_ = buffer_.data();
  end_ = pos_ + buffer_.size();
}

CsvReader::CsvReader(std::unique_ptr<ByteSource> source, std::string_view encoding,
                     const ReadLimits& limits)
    : source_(std::move(source)), encoding_(encoding), limits_(limits) {}

Result<bool> CsvReader::Fill() {
  if (!source_) return false;
  buffer_.resize(kChunkBytes);
  ZJ_ASSIGN_OR_RETURN(auto n, source_->Read(buffer_.data(), buffer_.size()));
  pos_ = buffer_.data();
  end_ = pos_ + n;
  return n > 0;
}

Result<void> CsvReader::Start() {
  started_ = true;
  if (source_) {
    // The first line decides the delimiter, so it is read whole if it fits in a chunk.
    buffer_.resize(kChunkBytes);
    std::size_t size = 0;
    while (buffer_.size() - size >= kMinReadBytes) {
      ZJ_ASSIGN_OR_RETURN(auto n, source_->Read(buffer_.data() + size, buffer_.size() - size));
      if (n == 0) break;
      std::string_view added(buffer_.data() + size, n);
      size += n;
      if (added.find_first_of("\r\n") != std::string_view::npos) break;
    }
    pos_ = buffer_.data();
    end_ = pos_ + size;
  }
  std::string_view head(pos_, static_cast<std::size_t>(end_ - pos_));
  if (head.starts_with(kUtf8Bom)) pos_ += kUtf8Bom.size();
  DetectDelimiter();
  return {};
}

void CsvReader::DetectDelimiter() {
  std::int64_t commas = 0, semicolons = 0, tabs = 0;
  bool quoted = false;
  for (const char* p = pos_; p < end_; ++p) {
    char c = *p;
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted) {
      if (c == '\n' || c == '\r') break;
      commas += c == ',';
      semicolons += c == ';';
      tabs += c == '\t';
    }
  }
  if (commas == 0 && (tabs > 0 || semicolons > 0)) delimiter_ = tabs >= semicolons ? '\t' : ';';
}

// Consumes the line break whose first byte was `c` (already consumed): CR LF counts as one.
Result<bool> CsvReader::EndOfLine() {
  ++line_;
  if (pos_[-1] != '\r') return false;
  if (pos_ == end_) {
    ZJ_ASSIGN_OR_RETURN(auto more, Fill());
    if (!more) return false;
  }
  if (*pos_ == '\n') ++pos_;
  return false;
}

// Appends [from, to) to the cell, at most up to the cell limit: what lies beyond it is read and
// dropped, and the row is faulted.
void CsvReader::Append(std::string* cell, const char* from, const char* to, std::int64_t row_line,
                       std::size_t column) {
  const auto room = std::max<std::int64_t>(limits_.max_cell_bytes - std::ssize(*cell), 0);
  if (to - from > room) {
    Fault(CellTooLarge(row_line, column, limits_.max_cell_bytes));
    // Cut at a character's start, so that what is kept of the cell is still text.
    to =
        from + Utf8Prefix(std::string_view(from, to - from), static_cast<std::size_t>(room)).size();
  }
  cell->append(from, to);
}

// Appends text up to the next delimiter or line end to `cell`. Returns true if a delimiter
// ended it (another cell follows), false if the line or the input did.
Result<bool> CsvReader::ParseUnquoted(std::string* cell, std::int64_t row_line,
                                      std::size_t column) {
  const char delimiter = delimiter_;
  for (;;) {
    const char* p = pos_;
    const char* end = end_;
    while (p < end) {
      char c = *p;
      if (c == delimiter || c == '\n' || c == '\r') break;
      ++p;
    }
    Append(cell, pos_, p, row_line, column);
    pos_ = p;
    if (p < end) {
      ++pos_;
      if (*p == delimiter) return true;
      return EndOfLine();
    }
    ZJ_ASSIGN_OR_RETURN(auto more, Fill());
    if (!more) return false;
  }
}

// Reads a quoted field starting at the opening quote, then any text after the closing quote.
Result<bool> CsvReader::ParseQuoted(std::string* cell, std::int64_t row_line, std::size_t column) {
  const std::int64_t quote_line = line_;
  ++pos_;
  for (;;) {
    auto* quote = static_cast<const char*>(std::memchr(pos_, '"', end_ - pos_));
    const char* stop = quote ? quote : end_;
    line_ += std::count(pos_, stop, '\n');
    Append(cell, pos_, stop, row_line, column);
    pos_ = stop;
    if (quote) {
      ++pos_;
      if (pos_ == end_) {
        ZJ_ASSIGN_OR_RETURN(auto more, Fill());
        if (!more) return false;
      }
      if (*pos_ != '"') return ParseUnquoted(cell, row_line, column);
      Append(cell, pos_, pos_ + 1, row_line, column);
      ++pos_;
      continue;
    }
    ZJ_ASSIGN_OR_RETURN(auto more, Fill());
    if (!more) {
      return Invalid("file",
                     fmt::format("第 {} 行第 {} 列以引号开头，但直到文件末尾都没有闭合的引号",
                                 quote_line, column),
                     fmt::format("Line {}, column {}: a quoted cell is never closed before the "
                                 "end of the file",
                                 quote_line, column));
    }
  }
}

Result<bool> CsvReader::Next(TableRow* row, std::int64_t* line) {
  fault_.reset();
  if (!started_) {
    ZJ_TRY(Start());
  }
  if (pos_ == end_) {
    auto more = Fill();
    if (!more || !*more) return more;
  }
  if (rows_ >= limits_.max_rows) {
    return Fail(ErrorCode::kPayloadTooLarge,
                fmt::format("文件超过 {} 行，请拆分成几个文件分批导入", limits_.max_rows),
                fmt::format("The file has more than {} rows; split it and import the parts",
                            limits_.max_rows),
                "file");
  }
  ++rows_;
  const std::int64_t row_line = line_;
  *line = row_line;
  if (*pos_ == '\n' || *pos_ == '\r') {
    row->clear();
    ++pos_;
    ZJ_TRY(EndOfLine());
    return true;
  }
  std::size_t n = 0;
  std::string overflow;  // cells past the column limit: read, then dropped
  for (;;) {
    std::string* cell = &overflow;
    if (static_cast<std::int64_t>(n) < limits_.max_columns) {
      if (n < row->size()) {
        (*row)[n].clear();
      } else {
        row->emplace_back();
      }
      cell = &(*row)[n];
      ++n;
    } else {
      Fault(Invalid("file",
                    fmt::format("第 {} 行超过 {} 列，这一行未导入", row_line, limits_.max_columns),
                    fmt::format("Line {} has more than {} columns; the row is left out", row_line,
                                limits_.max_columns))
                .error());
      overflow.clear();
    }
    if (pos_ == end_) {
      ZJ_ASSIGN_OR_RETURN(auto more, Fill());
      if (!more) break;
    }
    ZJ_ASSIGN_OR_RETURN(auto another, *pos_ == '"' ? ParseQuoted(cell, row_line, n)
                                                   : ParseUnquoted(cell, row_line, n));
    if (!another) break;
  }
  row->resize(n);
  CheckCells(*row, row_line);
  return true;
}

}  // namespace zj::io

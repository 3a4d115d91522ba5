#pragma once
// A streaming RFC 4180 reader of UTF-8 CSV text: quoted fields with "" for a quote, line breaks
// inside quotes, CRLF, LF or CR line ends. Lenient where Excel is (a quote inside an unquoted
// field, or text after a closing quote, is kept as text); strict on limits.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "io/byte_source.h"
#include "io/table_reader.h"

namespace zj::io {

class CsvReader final : public TableReader {
 public:
  // Reads `utf8` (a leading byte order mark is skipped). `encoding` is what Encoding() reports:
  // the encoding the file had before it was decoded.
  explicit CsvReader(std::string utf8, std::string_view encoding = "UTF-8",
                     const ReadLimits& limits = {});

  // Reads the UTF-8 bytes of `source` in chunks, never holding more than one chunk.
  explicit CsvReader(std::unique_ptr<ByteSource> source, std::string_view encoding = "UTF-8",
                     const ReadLimits& limits = {});

  // The next row; `line` is the line where it starts. A blank line is a row with no cells; the
  // end of input after the last line break is not a row. The delimiter is ',' unless the first
  // line has no ',' outside quotes and has tabs or ';' (the more frequent of the two).
  // A cell over max_cell_bytes or a row over max_columns cells faults that row (RowFault), and
  // reading goes on. Fails naming the line for more than max_rows rows, or a quoted field that
  // is never closed.
  Result<bool> Next(TableRow* row, std::int64_t* line) override;

  std::string_view Format() const override { return "csv"; }
  std::string_view Encoding() const override { return encoding_; }

  // The delimiter in use; meaningful after the first call to Next.
  char delimiter() const { return delimiter_; }

 private:
  Result<bool> Fill();
  Result<void> Start();
  void DetectDelimiter();
  Result<bool> ParseQuoted(std::string* cell, std::int64_t row_line, std::size_t column);
  Result<bool> ParseUnquoted(std::string* cell, std::int64_t row_line, std::size_t column);
  Result<bool> EndOfLine();
  void Append(std::string* cell, const char* from, const char* to, std::int64_t row_line,
              std::size_t column);

  std::string buffer_;  // the whole input, or the current chunk of source_
  std::unique_ptr<ByteSource> source_;
  const char* pos_ = nullptr;
  const char* end_ = nullptr;
  std::string encoding_;
  ReadLimits limits_;
  std::int64_t line_ = 1;  // of pos_
  std::int64_t rows_ = 0;
  char delimiter_ = ',';
  bool started_ = false;
};

}  // namespace zj::io

#pragma once
// The first worksheet of an Office Open XML workbook (.xlsx, as saved by Excel, WPS or
// LibreOffice), read row by row: the zip archive through libzip, the sheet XML streamed through
// expat a chunk at a time (no DOM; only the shared strings table is held in memory).
//
// Cells come back as the text stored in the file: a number is its stored digits
// ("1.1010519491231E+17" for an ID that Excel turned into a number, "44927" for a date), so that
// callers can recognise and report what Excel did to the data; booleans are "TRUE"/"FALSE"; shared,
// inline and rich text strings are their plain text (phonetic runs dropped).
#include <cstdint>
#include <memory>
#include <string>

#include "io/table_reader.h"

namespace zj::io {

class XlsxReader final : public TableReader {
 public:
  // Opens the workbook held in `bytes`. Fails with a message a cadre can act on if the bytes are
  // not a zip archive, are damaged or truncated, hold no worksheet, are encrypted, or would
  // inflate past limits.max_xlsx_uncompressed_bytes.
  static Result<std::unique_ptr<XlsxReader>> Open(std::string bytes, const ReadLimits& limits = {});

  // As Open, for a file on disk (read through libzip; not loaded whole).
  static Result<std::unique_ptr<XlsxReader>> OpenFile(const std::string& path,
                                                      const ReadLimits& limits = {});

  ~XlsxReader() override;

  // The next row and its Excel row number. Rows the sheet skips come back as blank rows (no
  // cells), so that numbers stay true; cells a row skips are "". Fails naming the row for a
  // cell beyond limits.max_columns or over limits.max_cell_bytes, a row number beyond
  // limits.max_rows, a damaged sheet, or inflating past the uncompressed limit.
  Result<bool> Next(TableRow* row, std::int64_t* line) override;

  std::string_view Format() const override { return "xlsx"; }
  std::string_view Encoding() const override { return ""; }

  struct Impl;

 private:
  explicit XlsxReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace zj::io

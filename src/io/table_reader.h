#pragma once
// The one way imports read an uploaded table, whatever its format: rows one at a time with the
// row number a cadre sees in Excel or a text editor, so that an error report can point at it.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/error.h"
#include "io/table.h"

namespace zj::io {

class TableReader {
 public:
  virtual ~TableReader() = default;

  // Reads the next row into `row` (its previous cells are reused or dropped) and its 1-based
  // number into `line`: the line where it starts in a CSV file, the Excel row number in XLSX.
  // Returns false at the end of the table. Fails, naming the row, on input that breaks a limit
  // or cannot be parsed; after a failure the reader must not be used again.
  virtual Result<bool> Next(TableRow* row, std::int64_t* line) = 0;

  // "csv" or "xlsx".
  virtual std::string_view Format() const = 0;

  // "UTF-8", "UTF-8 BOM" or "GBK" for CSV; "" for XLSX.
  virtual std::string_view Encoding() const = 0;
};

// A reader over an uploaded file held in memory: XLSX if it starts like a zip archive, else CSV
// in the detected encoding. Fails with kUnsupportedMediaType for an old .xls or an encrypted
// workbook, and with a message a cadre can act on for a damaged XLSX or a bad encoding.
Result<std::unique_ptr<TableReader>> OpenTable(std::string bytes, const ReadLimits& limits = {});

// As OpenTable, for a file on disk. A CSV file is streamed (read twice: once to detect its
// encoding, once to parse), never held whole. Fails with kNotFound if the file cannot be opened.
Result<std::unique_ptr<TableReader>> OpenTableFile(const std::string& path,
                                                   const ReadLimits& limits = {});

}  // namespace zj::io

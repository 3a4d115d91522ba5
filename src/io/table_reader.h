#pragma once
// The one way imports read an uploaded table, whatever its format: rows one at a time with the
// row number a cadre sees in Excel or a text editor, so that an error report can point at it.
#include <cstdint>
#include <memory>
#include <optional>
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
  // Returns false at the end of the table.
  //
  // A row that cannot be read whole — a cell over the limit, more cells than the limit, bytes
  // that are not text (U+FFFD where a decoder met them), control characters — is still returned,
  // with what could be read of it, and RowFault() says why: the caller rejects that row and reads
  // on. Fails, naming the row, only when the rest of the table cannot be read (a quote never
  // closed, a damaged archive, too many rows); after a failure the reader must not be used again.
  virtual Result<bool> Next(TableRow* row, std::int64_t* line) = 0;

  // Why the row Next returned last cannot be used; nullopt when it can.
  const std::optional<Error>& RowFault() const { return fault_; }

  // "csv" or "xlsx".
  virtual std::string_view Format() const = 0;

  // "UTF-8", "UTF-8 BOM" or "GBK" for CSV; "" for XLSX.
  virtual std::string_view Encoding() const = 0;

 protected:
  // Records the row's first fault (later ones add nothing a cadre needs).
  void Fault(Error e) {
    if (!fault_) fault_ = std::move(e);
  }
  // Looks for what no cell may hold (U+FFFD from a decoder, control characters other than tab
  // and line breaks) and records the fault, naming the line and the column.
  void CheckCells(const TableRow& row, std::int64_t line);

  std::optional<Error> fault_;
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

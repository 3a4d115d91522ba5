#pragma once
// A table read from a file: rows of UTF-8 cells, and the bounds every reader enforces. A CSV or
// XLSX upload is untrusted input of up to hundreds of megabytes, so each dimension has a limit
// with an error that names the row.
#include <cstdint>
#include <string>
#include <vector>

namespace zj::io {

// One row: its cells left to right, as UTF-8 text. A blank row has no cells.
using TableRow = std::vector<std::string>;

// Bytes in one cell (after decoding to UTF-8).
inline constexpr std::int64_t kMaxCellBytes = 64 * 1024;
// Cells in one row. Import tables have about 15 columns; 256 is Excel 2003's old limit.
inline constexpr std::int64_t kMaxColumns = 256;
// Rows in one table, counting blank rows (the row number of the last row, for XLSX).
inline constexpr std::int64_t kMaxRows = 2'000'000;
// Uncompressed bytes of the XML an XLSX reader may inflate (worksheet plus shared strings):
// a guard against zip bombs.
inline constexpr std::int64_t kMaxXlsxUncompressedBytes = std::int64_t{1} << 30;

// The limits a reader enforces. Tests use small ones; production code keeps the defaults.
struct ReadLimits {
  std::int64_t max_cell_bytes = kMaxCellBytes;
  std::int64_t max_columns = kMaxColumns;
  std::int64_t max_rows = kMaxRows;
  std::int64_t max_xlsx_uncompressed_bytes = kMaxXlsxUncompressedBytes;
};

}  // namespace zj::io

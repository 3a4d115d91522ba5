#pragma once
// Writing .xlsx files of any length in constant memory (libxlsxwriter's constant_memory mode):
// each row goes to a temporary file as it is written, so rows must come in order, sheet by
// sheet. Every cell is written as text, so that ID numbers, phone numbers and card numbers stay
// exactly as given (Excel would turn 18 digits into 1.10105E+17) and nothing is a formula.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace zj::io {

// Excel's limits, which libxlsxwriter enforces.
inline constexpr std::int64_t kXlsxMaxRows = 1'048'576;
inline constexpr std::int64_t kXlsxMaxColumns = 16'384;
inline constexpr std::int64_t kXlsxMaxCellChars = 32'767;
inline constexpr std::size_t kXlsxMaxSheetNameChars = 31;

class XlsxWriter {
 public:
  // Prepares a workbook to be written to `path` when Close() is called; temporary files go to
  // `tmp_dir` ("" for the system's). Nothing is written to `path` before Close().
  explicit XlsxWriter(const std::string& path, const std::string& tmp_dir = "");
  // Closes the workbook if Close() was not called, ignoring errors.
  ~XlsxWriter();
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  // Adds a sheet and makes it the one rows go to. Fails for a name Excel refuses (empty, over
  // 31 characters, one of []:*?/\ , or already used).
  Result<void> AddSheet(std::string_view name);

  // Sets the widths of the first columns of the current sheet, in Excel character units.
  Result<void> SetColumnWidths(std::span<const double> widths);

  // Marks columns (0-based) of the current sheet as money: their cells in later WriteRow calls,
  // given as yuan text ("1,234.56"), are written as numbers shown with two decimals, so that a
  // spreadsheet or a bank's import can add them up. A cell that is not an amount stays text.
  Result<void> SetMoneyColumns(std::span<const int> columns);

  // Formats columns (0-based) of the current sheet as text ("@"), so that what a person later
  // types into them stays as typed: an 18-digit ID number is not turned into 1.10105E+17.
  // Keeps the widths set by SetColumnWidths; call it after that.
  Result<void> SetTextColumns(std::span<const int> columns);

  // Offers the values as a drop-down list in a column (0-based) of the current sheet, below the
  // header, and refuses anything else typed there (Excel's data validation).
  Result<void> SetListColumn(int column, std::span<const std::string> values);

  // Writes a row in bold, and freezes the panes below it: the header.
  Result<void> WriteHeader(std::span<const std::string> cells);

  // Writes the next row of the current sheet; empty strings leave their cells empty. Fails with
  // no sheet, past Excel's row or column limit, or for a cell over 32,767 characters.
  Result<void> WriteRow(std::span<const std::string> cells);

  // The number of rows written to the current sheet.
  std::int64_t rows() const { return row_; }

  // Writes the file. Fails if it cannot be written (the folder is missing or not writable).
  // The writer cannot be used afterwards.
  Result<void> Close();

 private:
  Result<void> Write(std::span<const std::string> cells, lxw_format* format);

  lxw_workbook* workbook_ = nullptr;
  lxw_worksheet* sheet_ = nullptr;
  lxw_format* bold_ = nullptr;
  lxw_format* money_ = nullptr;
  lxw_format* text_ = nullptr;
  std::vector<bool> money_columns_;
  std::vector<double> widths_;  // of the current sheet's first columns
  std::string tmp_dir_;
  std::int64_t row_ = 0;
};

}  // namespace zj::io

#include "io/xlsx_writer.h"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <new>

#include "base/money.h"
#include "base/text.h"

namespace zj::io {
namespace {

std::unexpected<Error> WriteFailed(lxw_error error) {
  std::string what = lxw_strerror(error);
  return Fail(ErrorCode::kInternal, "写入 xlsx 文件失败：" + what,
              "Writing the .xlsx file failed: " + what);
}

std::unexpected<Error> Closed() {
  return Fail(ErrorCode::kInternal, "xlsx 文件已关闭", "The .xlsx writer is closed");
}

}  // namespace

XlsxWriter::XlsxWriter(const std::string& path, const std::string& tmp_dir) : tmp_dir_(tmp_dir) {
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = tmp_dir_.empty() ? nullptr : tmp_dir_.data();
  workbook_ = workbook_new_opt(path.c_str(), &options);
  if (!workbook_) throw std::bad_alloc();
  bold_ = workbook_add_format(workbook_);
  format_set_bold(bold_);
  money_ = workbook_add_format(workbook_);
  format_set_num_format(money_, "#,##0.00");
  text_ = workbook_add_format(workbook_);
  format_set_num_format(text_, "@");
}

XlsxWriter::~XlsxWriter() {
  if (workbook_) workbook_close(workbook_);
}

Result<void> XlsxWriter::AddSheet(std::string_view name) {
  if (!workbook_) return Closed();
  std::string owned(name);
  lxw_error check = workbook_validate_sheet_name(workbook_, owned.c_str());
  if (check != LXW_NO_ERROR) {
    return Invalid(
        "sheet",
        fmt::format("工作表名“{}”不可用（{}）", Utf8Truncate(name, 40), lxw_strerror(check)),
        fmt::format("The sheet name \"{}\" cannot be used: {}", Utf8Truncate(name, 40),
                    lxw_strerror(check)));
  }
  sheet_ = workbook_add_worksheet(workbook_, owned.c_str());
  if (!sheet_) return WriteFailed(LXW_ERROR_MEMORY_MALLOC_FAILED);
  row_ = 0;
  widths_.clear();
  money_columns_.clear();
  return {};
}

Result<void> XlsxWriter::SetMoneyColumns(std::span<const int> columns) {
  if (!workbook_) return Closed();
  if (!sheet_) return Fail(ErrorCode::kInternal, "尚未添加工作表", "No sheet has been added");
  for (int column : columns) {
    if (column < 0 || column >= kXlsxMaxColumns) {
      return WriteFailed(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
    }
    if (static_cast<std::size_t>(column) >= money_columns_.size()) {
      money_columns_.resize(static_cast<std::size_t>(column) + 1);
    }
    money_columns_[static_cast<std::size_t>(column)] = true;
  }
  return {};
}

Result<void> XlsxWriter::SetColumnWidths(std::span<const double> widths) {
  if (!workbook_) return Closed();
  if (!sheet_) return Fail(ErrorCode::kInternal, "尚未添加工作表", "No sheet has been added");
  if (std::ssize(widths) > kXlsxMaxColumns)
    return WriteFailed(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
  for (std::size_t i = 0; i < widths.size(); ++i) {
    auto column = static_cast<lxw_col_t>(i);
    lxw_error e = worksheet_set_column(sheet_, column, column, widths[i], nullptr);
    if (e != LXW_NO_ERROR) return WriteFailed(e);
  }
  widths_.assign(widths.begin(), widths.end());
  return {};
}

Result<void> XlsxWriter::SetTextColumns(std::span<const int> columns) {
  if (!workbook_) return Closed();
  if (!sheet_) return Fail(ErrorCode::kInternal, "尚未添加工作表", "No sheet has been added");
  for (int column : columns) {
    if (column < 0 || column >= kXlsxMaxColumns) {
      return WriteFailed(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
    }
    const double width = static_cast<std::size_t>(column) < widths_.size()
                             ? widths_[static_cast<std::size_t>(column)]
                             : LXW_DEF_COL_WIDTH;
    auto c = static_cast<lxw_col_t>(column);
    lxw_error e = worksheet_set_column(sheet_, c, c, width, text_);
    if (e != LXW_NO_ERROR) return WriteFailed(e);
  }
  return {};
}

Result<void> XlsxWriter::SetListColumn(int column, std::span<const std::string> values) {
  if (!workbook_) return Closed();
  if (!sheet_) return Fail(ErrorCode::kInternal, "尚未添加工作表", "No sheet has been added");
  std::vector<char*> list;  // libxlsxwriter takes char**, and only reads it
  for (const auto& v : values) list.push_back(const_cast<char*>(v.c_str()));
  list.push_back(nullptr);
  lxw_data_validation validation = {};
  validation.validate = LXW_VALIDATION_TYPE_LIST;
  validation.value_list = list.data();
  auto c = static_cast<lxw_col_t>(column);
  lxw_error e = worksheet_data_validation_range(sheet_, 1, c, LXW_ROW_MAX - 1, c, &validation);
  if (e != LXW_NO_ERROR) return WriteFailed(e);
  return {};
}

Result<void> XlsxWriter::WriteHeader(std::span<const std::string> cells) {
  if (auto r = Write(cells, bold_); !r) return r;
  worksheet_freeze_panes(sheet_, static_cast<lxw_row_t>(row_), 0);
  return {};
}

Result<void> XlsxWriter::WriteRow(std::span<const std::string> cells) {
  return Write(cells, nullptr);
}

Result<void> XlsxWriter::Write(std::span<const std::string> cells, lxw_format* format) {
  if (!workbook_) return Closed();
  if (!sheet_) return Fail(ErrorCode::kInternal, "尚未添加工作表", "No sheet has been added");
  if (row_ >= kXlsxMaxRows) {
    return Fail(
        ErrorCode::kPayloadTooLarge,
        fmt::format("超过 Excel 单个工作表的最大行数 {}，请缩小导出范围", kXlsxMaxRows),
        fmt::format("More than Excel's {} rows per sheet; narrow the export", kXlsxMaxRows));
  }
  if (std::ssize(cells) > kXlsxMaxColumns) {
    return Fail(ErrorCode::kInternal, fmt::format("超过 Excel 的最大列数 {}", kXlsxMaxColumns),
                fmt::format("More than Excel's {} columns", kXlsxMaxColumns));
  }
  const auto row = static_cast<lxw_row_t>(row_);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].empty()) continue;
    if (static_cast<std::int64_t>(Utf8Length(cells[i])) > kXlsxMaxCellChars) {
      return Invalid("cell",
                     fmt::format("第 {} 行第 {} 列超过 Excel 单元格的 {} 个字符上限", row_ + 1,
                                 i + 1, kXlsxMaxCellChars),
                     fmt::format("Row {}, column {} is longer than Excel's {} characters per cell",
                                 row_ + 1, i + 1, kXlsxMaxCellChars));
    }
    const auto column = static_cast<lxw_col_t>(i);
    if (!format && i < money_columns_.size() && money_columns_[i]) {
      if (auto fen = ParseMoney(cells[i]); fen) {
        lxw_error e =
            worksheet_write_number(sheet_, row, column, static_cast<double>(*fen) / 100.0, money_);
        if (e != LXW_NO_ERROR) return WriteFailed(e);
        continue;
      }
    }
    lxw_error e = worksheet_write_string(sheet_, row, column, cells[i].c_str(), format);
    if (e != LXW_NO_ERROR) return WriteFailed(e);
  }
  ++row_;
  return {};
}

Result<void> XlsxWriter::Close() {
  if (!workbook_) return Closed();
  lxw_error e = workbook_close(workbook_);
  workbook_ = nullptr;
  sheet_ = nullptr;
  if (e != LXW_NO_ERROR) return WriteFailed(e);
  return {};
}

}  // namespace zj::io

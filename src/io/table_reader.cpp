#include "io/table_reader.h"

#include <fmt/format.h>

#include <fstream>

#include "io/csv_reader.h"
#include "io/encoding.h"
#include "io/gbk_source.h"
#include "io/xlsx_reader.h"

namespace zj::io {
namespace {

// Bytes read to tell the format of a file.
constexpr std::size_t kSniffBytes = 8;

enum class Format { kCsv, kXlsx, kOle2 };

Format Sniff(std::string_view head) {
  if (head.starts_with("PK\x03\x04") || head.starts_with("PK\x05\x06")) return Format::kXlsx;
  if (head.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return Format::kOle2;
  return Format::kCsv;
}

std::unexpected<Error> OldOrEncryptedExcel() {
  return Fail(
      ErrorCode::kUnsupportedMediaType,
      "这是旧版 Excel 文件（.xls）或设置了密码的工作簿，无法直接导入。请在 Excel 中"
      "“另存为”Excel 工作簿（.xlsx）或 CSV UTF-8（逗号分隔），如有密码请先取消，再重新导入。",
      "This is an old Excel file (.xls) or a password-protected workbook. Save it from "
      "Excel as an Excel Workbook (.xlsx) or as CSV UTF-8 (Comma delimited), removing any "
      "password, and import it again.",
      "file");
}

std::unique_ptr<ByteSource> FileSource(const std::string& path) {
  auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*in) return nullptr;
  return std::make_unique<StreamSource>(std::move(in));
}

std::unexpected<Error> CannotOpen(const std::string& path) {
  return Fail(ErrorCode::kNotFound, "无法打开文件 " + path, "Cannot open the file " + path, "file");
}

}  // namespace

void TableReader::CheckCells(const TableRow& row, std::int64_t line) {
  for (std::size_t column = 0; column < row.size(); ++column) {
    const std::string& cell = row[column];
    for (std::size_t i = 0; i < cell.size(); ++i) {
      const auto c = static_cast<unsigned char>(cell[i]);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
        Fault(Invalid("file",
                      fmt::format(
                          "第 {} 行第 {} 列含有控制字符（如 NUL），不是正常文字；请检查该单元格",
                          line, column + 1),
                      fmt::format("Line {}, column {} holds a control character (such as NUL), "
                                  "not text; check that cell",
                                  line, column + 1))
                  .error());
        return;
      }
      if (c == 0xEF && std::string_view(cell).substr(i, 3) == kReplacement) {
        Fault(
            Invalid(
                "file",
                fmt::format(
                    "第 {} 行第 {} 列有无法识别的字符（乱码）：文件中这一行的字节既不是 UTF-8 "
                    "也不是 GBK。请核对该行，或在 Excel 中另存为“CSV UTF-8”后重新导入",
                    line, column + 1),
                fmt::format("Line {}, column {} holds bytes that are neither UTF-8 nor GBK "
                            "(garbled text); check that row, or save the file from Excel as \"CSV "
                            "UTF-8\" and import it again",
                            line, column + 1))
                .error());
        return;
      }
    }
  }
}

Result<std::unique_ptr<TableReader>> OpenTable(std::string bytes, const ReadLimits& limits) {
  switch (Sniff(bytes)) {
    case Format::kXlsx: {
      ZJ_ASSIGN_OR_RETURN(auto reader, XlsxReader::Open(std::move(bytes), limits));
      return std::unique_ptr<TableReader>(std::move(reader));
    }
    case Format::kOle2:
      return OldOrEncryptedExcel();
    case Format::kCsv:
      break;
  }
  const Encoding encoding = DetectEncoding(bytes);
  const std::string_view name = EncodingName(encoding);
  if (encoding == Encoding::kGbk) {
    return std::make_unique<CsvReader>(
        std::make_unique<GbkSource>(std::make_unique<StringSource>(std::move(bytes))), name,
        limits);
  }
  if (encoding == Encoding::kUtf8Damaged) {
    return std::make_unique<CsvReader>(
        std::make_unique<Utf8RepairSource>(std::make_unique<StringSource>(std::move(bytes))), name,
        limits);
  }
  return std::make_unique<CsvReader>(std::move(bytes), name, limits);
}

Result<std::unique_ptr<TableReader>> OpenTableFile(const std::string& path,
                                                   const ReadLimits& limits) {
  std::string head(kSniffBytes, '\0');
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) return CannotOpen(path);
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
  }
  switch (Sniff(head)) {
    case Format::kXlsx: {
      ZJ_ASSIGN_OR_RETURN(auto reader, XlsxReader::OpenFile(path, limits));
      return std::unique_ptr<TableReader>(std::move(reader));
    }
    case Format::kOle2:
      return OldOrEncryptedExcel();
    case Format::kCsv:
      break;
  }
  auto scan = FileSource(path);
  if (!scan) return CannotOpen(path);
  ZJ_ASSIGN_OR_RETURN(auto encoding, DetectEncoding(*scan));
  auto source = FileSource(path);
  if (!source) return CannotOpen(path);
  if (encoding == Encoding::kGbk) source = std::make_unique<GbkSource>(std::move(source));
  if (encoding == Encoding::kUtf8Damaged) {
    source = std::make_unique<Utf8RepairSource>(std::move(source));
  }
  return std::make_unique<CsvReader>(std::move(source), EncodingName(encoding), limits);
}

}  // namespace zj::io

#include "io/xlsx_archive.h"

#include <fmt/format.h>

#include <cstring>
#include <new>

namespace zj::io {
namespace {

// Uncompressed bytes inflated and parsed at a time.
constexpr int kParseChunkBytes = 256 * 1024;

Error NotXlsx() {
  return Error{ErrorCode::kInvalidArgument,
               "文件不是有效的 .xlsx 工作簿（不是 zip 格式，或文件不完整、上传中断）。请用 Excel "
               "打开后“另存为”Excel 工作簿（.xlsx）或 CSV UTF-8，再重新导入。",
               "The file is not a valid .xlsx workbook (not a zip archive, or incomplete). Open "
               "it in Excel, save it as an Excel Workbook (.xlsx) or CSV UTF-8, and import it "
               "again.",
               "file"};
}

Error ZipOpenError(int code) {
  if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS) return NotXlsx();
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string detail = zip_error_strerror(&error);
  zip_error_fini(&error);
  if (code == ZIP_ER_OPEN || code == ZIP_ER_NOENT || code == ZIP_ER_READ) {
    return Error{ErrorCode::kNotFound, "无法打开文件：" + detail, "Cannot open the file: " + detail,
                 "file"};
  }
  return DamagedXlsx(detail);
}

// Handlers receive the parser itself (XML_UseParserAsHandlerArg), so that they can stop it.
void XMLCALL RefuseDoctype(void* parser, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  XML_StopParser(static_cast<XML_Parser>(parser), XML_FALSE);
}

}  // namespace

SharedStringsBudget& SharedStringsBudget::Instance() {
  static SharedStringsBudget budget;
  return budget;
}

SharedStringsBudget::Slot SharedStringsBudget::Inflate() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return inflating_ < kInflating; });
  ++inflating_;
  return Slot(this);
}

SharedStringsBudget::Slot::~Slot() {
  {
    std::lock_guard lock(owner_->mu_);
    --owner_->inflating_;
  }
  owner_->cv_.notify_all();
}

Result<void> SharedStringsBudget::Lease::Extend(std::int64_t total_bytes) {
  if (total_bytes <= bytes_) return {};
  SharedStringsBudget& pool = Instance();
  if (total_bytes > kTableBytes) {
    return Fail(ErrorCode::kPayloadTooLarge,
                fmt::format("工作簿中的文字（共享字符串）解压后超过 {} MiB，服务器无法一次读取。"
                            "请拆分成几个文件，或另存为 CSV UTF-8 后再导入。",
                            kTableBytes >> 20),
                fmt::format("The workbook's text (its shared strings) inflates to more than {} "
                            "MiB, more than the server reads at once. Split the file, or save it "
                            "as CSV UTF-8, and import it again.",
                            kTableBytes >> 20),
                "file");
  }
  const std::int64_t more = total_bytes - bytes_;
  std::unique_lock lock(pool.mu_);
  if (!pool.cv_.wait_for(lock, kWait, [&] { return pool.used_ + more <= kPoolBytes; })) {
    return Fail(ErrorCode::kTooManyRequests, "服务器正在读取其他大文件，请稍后再导入",
                "The server is reading other large files; import again in a little while", "file");
  }
  pool.used_ += more;
  bytes_ = total_bytes;
  return {};
}

SharedStringsBudget::Lease::~Lease() {
  if (bytes_ == 0) return;
  SharedStringsBudget& pool = Instance();
  {
    std::lock_guard lock(pool.mu_);
    pool.used_ -= bytes_;
  }
  pool.cv_.notify_all();
}

std::int64_t SharedStringsBudget::used() const {
  std::lock_guard lock(mu_);
  return used_;
}

Error DamagedXlsx(std::string_view detail) {
  return Error{ErrorCode::kInvalidArgument,
               fmt::format("xlsx 文件已损坏或不完整（{}）。请用 Excel 重新保存后再上传。", detail),
               fmt::format("The .xlsx file is damaged or incomplete ({}). Save it again from "
                           "Excel and upload it again.",
                           detail),
               "file"};
}

Error XlsxTooLarge(std::int64_t limit_bytes) {
  return Error{ErrorCode::kPayloadTooLarge,
               fmt::format("工作表解压后超过 {} MiB，无法导入。请拆分成几个文件分批导入。",
                           limit_bytes >> 20),
               fmt::format("The worksheet inflates to more than {} MiB; split it into several "
                           "files and import them one by one.",
                           limit_bytes >> 20),
               "file"};
}

Error XmlError(XML_Parser parser, std::string_view part) {
  const XML_LChar* what = XML_ErrorString(XML_GetErrorCode(parser));
  const auto line = static_cast<std::int64_t>(XML_GetCurrentLineNumber(parser));
  return DamagedXlsx(fmt::format("{}: XML line {}: {}", part, line, what ? what : "?"));
}

Result<ZipPtr> OpenZipBuffer(const std::string& bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) {
    zip_error_fini(&error);
    return std::unexpected(NotXlsx());
  }
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (!zip) {
    int code = zip_error_code_zip(&error);
    zip_source_free(source);
    zip_error_fini(&error);
    return std::unexpected(ZipOpenError(code));
  }
  zip_error_fini(&error);
  return ZipPtr(zip);
}

Result<ZipPtr> OpenZipFile(const std::string& path) {
  int code = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (!zip) return std::unexpected(ZipOpenError(code));
  return ZipPtr(zip);
}

namespace {

zip_int64_t Locate(zip_t* zip, const std::string& name) {
  zip_int64_t index = zip_name_locate(zip, name.c_str(), 0);
  if (index < 0) index = zip_name_locate(zip, name.c_str(), ZIP_FL_NOCASE);
  return index;
}

}  // namespace

bool HasEntry(zip_t* zip, const std::string& name) { return Locate(zip, name) >= 0; }

std::int64_t EntrySize(zip_t* zip, const std::string& name) {
  zip_int64_t index = Locate(zip, name);
  zip_stat_t stat;
  if (index < 0 || zip_stat_index(zip, static_cast<zip_uint64_t>(index), 0, &stat) != 0 ||
      !(stat.valid & ZIP_STAT_SIZE)) {
    return 0;
  }
  return static_cast<std::int64_t>(stat.size);
}

Result<ZipEntry> OpenEntry(zip_t* zip, const std::string& name) {
  zip_int64_t index = Locate(zip, name);
  if (index < 0) return std::unexpected(DamagedXlsx("missing " + name));
  zip_file_t* file = zip_fopen_index(zip, static_cast<zip_uint64_t>(index), 0);
  if (!file) {
    int code = zip_error_code_zip(zip_get_error(zip));
    if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP) {
      return Fail(ErrorCode::kUnsupportedMediaType,
                  "工作簿设置了密码，无法读取。请在 Excel 中取消密码后另存为 .xlsx 再导入。",
                  "The workbook is password-protected. Remove the password in Excel, save it as "
                  ".xlsx and import it again.",
                  "file");
    }
    return std::unexpected(DamagedXlsx(zip_strerror(zip)));
  }
  return ZipEntry{ZipFilePtr(file), EntrySize(zip, name)};
}

XmlParserPtr NewXmlParser(void* user_data) {
  XML_Parser parser = XML_ParserCreate("UTF-8");
  if (!parser) throw std::bad_alloc();
  XML_SetUserData(parser, user_data);
  // A DOCTYPE has no place in a workbook part; refusing it rules out entity expansion.
  XML_SetStartDoctypeDeclHandler(parser, RefuseDoctype);
  XML_SetParamEntityParsing(parser, XML_PARAM_ENTITY_PARSING_NEVER);
  XML_UseParserAsHandlerArg(parser);
  return XmlParserPtr(parser);
}

Result<void> ParseEntry(zip_t* zip, const std::string& name, XML_Parser parser,
                        std::int64_t* budget, std::int64_t budget_limit,
                        const std::optional<Error>& handler_error) {
  ZJ_ASSIGN_OR_RETURN(auto entry, OpenEntry(zip, name));
  for (;;) {
    void* buffer = XML_GetBuffer(parser, kParseChunkBytes);
    if (!buffer) throw std::bad_alloc();
    zip_int64_t n = zip_fread(entry.file.get(), buffer, kParseChunkBytes);
    if (n < 0) return std::unexpected(DamagedXlsx(zip_file_strerror(entry.file.get())));
    *budget -= n;
    if (*budget < 0) return std::unexpected(XlsxTooLarge(budget_limit));
    if (XML_ParseBuffer(parser, static_cast<int>(n), n == 0) != XML_STATUS_OK) {
      if (handler_error) return std::unexpected(*handler_error);
      return std::unexpected(XmlError(parser, name));
    }
    if (n == 0) return {};
  }
}

std::string_view LocalName(const XML_Char* name) {
  std::string_view s(name);
  std::size_t colon = s.rfind(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

const XML_Char* Attribute(const XML_Char** attributes, std::string_view local) {
  for (int i = 0; attributes[i]; i += 2) {
    if (LocalName(attributes[i]) == local) return attributes[i + 1];
  }
  return nullptr;
}

}  // namespace zj::io

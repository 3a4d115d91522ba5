#pragma once
// The parts of an .xlsx zip archive, opened through libzip and parsed through expat, with the
// errors a cadre sees when the file is not a workbook, is damaged or would inflate too far.
// Internal to the XLSX reader.
#include <expat.h>
#include <zip.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"

namespace zj::io {

struct ZipCloser {
  void operator()(zip_t* zip) const { zip_discard(zip); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
struct XmlParserFreer {
  void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;
using ZipFilePtr = std::unique_ptr<zip_file_t, ZipFileCloser>;
using XmlParserPtr = std::unique_ptr<XML_ParserStruct, XmlParserFreer>;

// The archive in `bytes`, which must outlive it. Fails if they are not a readable zip archive.
Result<ZipPtr> OpenZipBuffer(const std::string& bytes);

// The archive in the file at `path`.
Result<ZipPtr> OpenZipFile(const std::string& path);

// An opened entry of the archive and its uncompressed size as the archive states it.
struct ZipEntry {
  ZipFilePtr file;
  std::int64_t size = 0;
};

// Whether the archive has an entry named `name` (compared exactly, then ignoring case).
bool HasEntry(zip_t* zip, const std::string& name);

// The uncompressed size stated for `name`, or 0 if there is no such entry.
std::int64_t EntrySize(zip_t* zip, const std::string& name);

// Opens the entry `name`. Fails if it is missing, encrypted or cannot be read.
Result<ZipEntry> OpenEntry(zip_t* zip, const std::string& name);

// An expat parser that refuses documents with a DOCTYPE (no entity tricks). Its handlers receive
// the parser as their first argument; `user_data` is XML_GetUserData(parser).
XmlParserPtr NewXmlParser(void* user_data);

// Feeds the whole entry `name` to `parser`, reading at most `*budget` uncompressed bytes (the
// budget is reduced by what was read). `handler_error`, if set by a handler (which then stops
// the parser), is returned as the failure.
Result<void> ParseEntry(zip_t* zip, const std::string& name, XML_Parser parser,
                        std::int64_t* budget, std::int64_t budget_limit,
                        const std::optional<Error>& handler_error);

// The local part of an XML name ("x:row" → "row").
std::string_view LocalName(const XML_Char* name);

// The value of the attribute whose local name is `local` ("r:id" matches "id"), or nullptr.
const XML_Char* Attribute(const XML_Char** attributes, std::string_view local);

// Errors shown to the cadre.
Error DamagedXlsx(std::string_view detail);
Error XlsxTooLarge(std::int64_t limit_bytes);
Error XmlError(XML_Parser parser, std::string_view part);

}  // namespace zj::io

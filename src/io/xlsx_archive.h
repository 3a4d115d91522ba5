#pragma once
// The parts of an .xlsx zip archive, opened through libzip and parsed through expat, with the
// errors a cadre sees when the file is not a workbook, is damaged or would inflate too far.
// Internal to the XLSX reader.
#include <expat.h>
#include <zip.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
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

// The memory that shared strings tables may hold, for the whole process: an upload that inflates
// to gigabytes (sizes understated in the zip) must not take the server with it, nor may four of
// them at once. At most kInflating workbooks read their strings at a time (others wait), all
// tables together hold at most kPoolBytes, and one table at most its share of the pool,
// kTableBytes (a legitimate million-row workbook needs about 50 MB): a table past that is refused
// at once (413); one that waits kWait in vain for others to give memory back is told to try
// again (429).
class SharedStringsBudget {
 public:
  static constexpr std::int64_t kPoolBytes = std::int64_t{128} << 20;
  static constexpr int kInflating = 2;
  static constexpr std::int64_t kTableBytes = kPoolBytes / kInflating;
  static constexpr auto kWait = std::chrono::seconds(30);

  static SharedStringsBudget& Instance();

  // One of the kInflating places, held while a table is read.
  class Slot {
   public:
    explicit Slot(SharedStringsBudget* owner) : owner_(owner) {}
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot();

   private:
    SharedStringsBudget* owner_;
  };
  // Waits for a place.
  Slot Inflate();

  // The bytes one table holds, given back when it goes.
  class Lease {
   public:
    Lease() = default;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    // Grows the lease to `total_bytes` (never shrinks it).
    Result<void> Extend(std::int64_t total_bytes);
    std::int64_t bytes() const { return bytes_; }

   private:
    std::int64_t bytes_ = 0;
  };

  // Bytes leased now, by every table (for tests and metrics).
  std::int64_t used() const;

 private:
  friend class Slot;
  friend class Lease;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int inflating_ = 0;
  std::int64_t used_ = 0;
};

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

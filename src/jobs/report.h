#pragma once
// The error report of an import: every rejected row with its row number, its reasons and its
// cells, under the file's own header.
#include <string>

#include "base/error.h"
#include "db/database.h"

namespace zj::jobs {

// Row number 0 in job_errors holds the file's header row.
inline constexpr int64_t kHeaderRow = 0;

// Writes the rejected rows, each with its reasons in `lang` ("zh" or "en"), and a summary sheet
// of the import's accounting. Returns the rows written.
Result<int64_t> WriteErrorReport(db::Connection& c, int64_t job_id, const std::string& path,
                                 std::string_view lang = "zh");

}  // namespace zj::jobs

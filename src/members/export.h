#pragma once
// Members to XLSX in constant memory (libxlsxwriter constant_memory; the database read in pages
// by id), with the same columns as the import template. Masked unless the caller may unmask.
#include <string>

#include "base/error.h"
#include "db/database.h"
#include "members/service.h"

namespace zj::members {

inline constexpr int64_t kExportPageRows = 5000;

// Writes the members matching the filter to path. unmask needs member:unmask over the whole
// filtered scope; the export (and an unmasked one especially) is audited. Returns the row count.
Result<int64_t> ExportMembers(db::Connection& c, const Actor& a, const MemberFilter& f, bool unmask,
                              const std::string& path);
// An empty workbook with the import headers.
Result<void> WriteTemplate(const std::string& path);
// The rows of one member as the import and export files have them.
std::vector<std::string> FileRow(const Member& m);

}  // namespace zj::members

#include "jobs/report.h"

#include "io/xlsx_writer.h"
#include "jobs/jobs.h"

namespace zj::jobs {

Result<int64_t> WriteErrorReport(db::Connection& c, int64_t job_id, const std::string& path) {
  io::XlsxWriter w(path);
  if (auto r = w.AddSheet("未导入的行"); !r) return std::unexpected(r.error());
  static const std::vector<double> kWidths = {8, 60};
  if (auto r = w.SetColumnWidths(kWidths); !r) return std::unexpected(r.error());
  int64_t rows = 0;
  bool header_written = false;
  std::optional<Error> failure;
  ForEachError(c, job_id, [&](const RowError& e) {
    if (failure) return;
    if (e.row_number == kHeaderRow) {
      std::vector<std::string> header = {"行号", "原因"};
      header.insert(header.end(), e.cells.begin(), e.cells.end());
      if (auto r = w.WriteHeader(header); !r) failure = r.error();
      header_written = true;
      return;
    }
    if (!header_written) {
      std::vector<std::string> header = {"行号", "原因"};
      if (auto r = w.WriteHeader(header); !r) failure = r.error();
      header_written = true;
    }
    std::string reasons;
    for (const auto& reason : e.reasons) reasons += (reasons.empty() ? "" : "；\n") + reason;
    std::vector<std::string> row = {std::to_string(e.row_number), reasons};
    for (const auto& cell : e.cells) {
      row.push_back(cell.size() > 32000 ? cell.substr(0, 32000) : cell);  // Excel's cell limit
    }
    if (auto r = w.WriteRow(row); !r) failure = r.error();
    ++rows;
  });
  if (failure) return std::unexpected(*failure);
  if (auto r = w.Close(); !r) return std::unexpected(r.error());
  return rows;
}

}  // namespace zj::jobs

#include "jobs/report.h"

#include "io/xlsx_writer.h"
#include "jobs/jobs.h"

namespace zj::jobs {

namespace {

// The import's accounting on a sheet of its own: every data row is counted once, and the counts
// add up to the file's data rows.
Result<void> WriteSummary(db::Connection& c, int64_t job_id, io::XlsxWriter& w) {
  auto job = Get(c, job_id);
  if (!job) return {};
  const Counters& k = job->counters;
  if (auto r = w.AddSheet("导入汇总"); !r) return r;
  static const std::vector<double> kWidths = {24, 14, 40};
  if (auto r = w.SetColumnWidths(kWidths); !r) return r;
  if (auto r = w.WriteHeader(std::vector<std::string>{"项目", "行数", "说明"}); !r) return r;
  const int64_t sum = k.accepted_rows + k.updated_rows + k.unchanged_rows + k.rejected_rows;
  const std::vector<std::vector<std::string>> rows = {
      {"文件数据行", std::to_string(k.total_rows), "表头之后、非空白的每一行"},
      {"新增", std::to_string(k.accepted_rows), ""},
      {"更新", std::to_string(k.updated_rows), "已有记录，内容按文件更新"},
      {"未变", std::to_string(k.unchanged_rows), "已有记录，与文件一致"},
      {"未导入", std::to_string(k.rejected_rows), "见“未导入的行”，每行附原因"},
      {"合计", std::to_string(sum),
       sum == k.total_rows ? "= 文件数据行" : "处理中断（任务状态：" + job->state + "）"}};
  for (const auto& row : rows) {
    if (auto r = w.WriteRow(row); !r) return r;
  }
  return {};
}

}  // namespace

Result<int64_t> WriteErrorReport(db::Connection& c, int64_t job_id, const std::string& path,
                                 std::string_view lang) {
  io::XlsxWriter w(path);
  ZJ_TRY(w.AddSheet("未导入的行"));
  static const std::vector<double> kWidths = {8, 60};
  ZJ_TRY(w.SetColumnWidths(kWidths));
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
    for (const auto& reason : e.reasons) {
      reasons += (reasons.empty() ? "" : lang == "en" ? ";\n" : "；\n");
      reasons += ReasonIn(reason, lang);
    }
    std::vector<std::string> row = {std::to_string(e.row_number), reasons};
    for (const auto& cell : e.cells) {
      row.push_back(cell.size() > 32000 ? cell.substr(0, 32000) : cell);  // Excel's cell limit
    }
    if (auto r = w.WriteRow(row); !r) failure = r.error();
    ++rows;
  });
  if (failure) return std::unexpected(*failure);
  ZJ_TRY(WriteSummary(c, job_id, w));
  ZJ_TRY(w.Close());
  return rows;
}

}  // namespace zj::jobs

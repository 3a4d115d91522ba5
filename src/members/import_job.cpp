#include "members/import_job.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "jobs/report.h"

namespace zj::members {

void RunImportJob(db::Database& db, std::shared_ptr<const auth::Principal> principal,
                  std::string request_id, int64_t job_id, std::string bytes, ImportOptions options,
                  std::function<void(const jobs::Counters&)> progress_out) {
  const Actor actor{principal.get(), request_id};
  jobs::Counters last;
  bool cancelled = false;
  auto finish = [&](std::string_view state, const std::optional<std::string>& message) {
    auto conn = db.Acquire();
    jobs::Finish(*conn, job_id, state, last, message);
  };
  try {
    // A first pass reads the whole file, writing nothing: a file that cannot be read to its end
    // fails here with nothing written, and progress knows the data rows.
    const auto started = std::chrono::steady_clock::now();
    auto scan = ScanTable(bytes);
    if (!scan) return finish("failed", scan.error().message_zh);
    const int64_t total = scan->data_rows;
    const auto scanned = std::chrono::steady_clock::now();
    auto reader = io::OpenTable(std::move(bytes));
    if (!reader) return finish("failed", reader.error().message_zh);
    bool header_saved = false;
    ImportSink sink;
    sink.progress = [&](const jobs::Counters& k) {
      last = k;
      auto conn = db.Acquire();
      jobs::SaveProgress(*conn, job_id, k);
      if (progress_out) progress_out(k);
    };
    sink.rejected = [&](const std::vector<jobs::RowError>& errors) {
      auto conn = db.Acquire();
      db::WithTransaction(*conn, [&] { jobs::AddErrors(*conn, job_id, errors); });
    };
    sink.cancelled = [&] {
      auto conn = db.Acquire();
      cancelled = jobs::CancelRequested(*conn, job_id);
      return cancelled;
    };
    sink.header = [&](const io::TableRow& header) {
      if (header_saved) return;
      header_saved = true;
      auto conn = db.Acquire();
      db::WithTransaction(*conn, [&] {
        jobs::AddErrors(*conn, job_id, {jobs::RowError{jobs::kHeaderRow, header, {}}});
      });
    };
    last.total_rows = total;
    auto result = ImportMembers(db, actor, **reader, total, options, sink, job_id);
    if (!result) return finish("failed", result.error().message_zh);
    last = *result;
    const auto seconds = [](auto from, auto to) {
      return std::chrono::duration<double>(to - from).count();
    };
    spdlog::info("import job {}: {} data rows scanned in {:.2f} s, imported in {:.2f} s", job_id,
                 total, seconds(started, scanned),
                 seconds(scanned, std::chrono::steady_clock::now()));
    finish(cancelled ? "cancelled" : "done", std::nullopt);
  } catch (const std::exception& e) {
    spdlog::error("import job {} failed: {}", job_id, e.what());
    finish("failed", "导入因系统错误中止，已导入的批次保留。请求编号 " + request_id);
  }
}

}  // namespace zj::members

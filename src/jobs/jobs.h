#pragma once
// Background jobs (imports): a row in `jobs` with progress counters, run on one worker thread,
// cancellable between batches. Rejected rows are kept in `job_errors` for the error report.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/error.h"
#include "db/database.h"

namespace zj::jobs {

struct Counters {
  int64_t total_rows = 0;
  int64_t processed_rows = 0;
  int64_t accepted_rows = 0;
  int64_t rejected_rows = 0;
  int64_t updated_rows = 0;
  int64_t unchanged_rows = 0;
};

struct Job {
  int64_t id = 0;
  std::string kind;
  std::string state;  // queued | running | done | cancelled | failed
  std::optional<int64_t> created_by;
  Counters counters;
  bool cancel_requested = false;
  std::optional<std::string> message;
  std::string created_at;
  std::optional<std::string> finished_at;
  std::optional<std::string> result;  // JSON a job leaves for its page (what-if counts)
};

struct RowError {
  int64_t row_number = 0;  // as the cadre sees it in the file (header is row 1)
  std::vector<std::string> cells;
  std::vector<std::string> reasons;  // one per problem: ReasonText(Chinese, English)
};

// A reason kept in both languages, and either language of it: the report and the preview show
// the reader's own language only.
std::string ReasonText(std::string_view zh, std::string_view en);
std::string_view ReasonIn(std::string_view reason, std::string_view lang);

inline constexpr int64_t kMaxErrorRowsKept = 200'000;

int64_t Create(db::Connection& c, std::string_view kind, std::optional<int64_t> created_by,
               std::string_view actor);
std::optional<Job> Get(db::Connection& c, int64_t id);
void SaveProgress(db::Connection& c, int64_t id, const Counters& counters);
void Finish(db::Connection& c, int64_t id, std::string_view state, const Counters& counters,
            const std::optional<std::string>& message);
void SetResult(db::Connection& c, int64_t id, const std::string& result_json);
void RequestCancel(db::Connection& c, int64_t id);
bool CancelRequested(db::Connection& c, int64_t id);
void AddErrors(db::Connection& c, int64_t id, const std::vector<RowError>& errors);
// Visits the job's rejected rows in file order.
void ForEachError(db::Connection& c, int64_t id, const std::function<void(const RowError&)>& fn);

// One worker thread running jobs in order. Destroying it waits for the running job.
class Runner {
 public:
  Runner();
  ~Runner();
  void Submit(std::function<void()> work);
  // Returns once every job submitted so far has finished.
  void WaitIdle();

 private:
  void Loop();
  std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  bool running_ = false;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace zj::jobs

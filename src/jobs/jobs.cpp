#include "jobs/jobs.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "base/clock.h"
#include "base/text.h"

namespace zj::jobs {

// Between the two languages of a reason: a control character no typed text holds.
constexpr char kReasonSeparator = '\x1F';

namespace {

constexpr const char* kSelect =
    "SELECT id, kind, state, created_by, total_rows, processed_rows, accepted_rows, "
    "rejected_rows, updated_rows, unchanged_rows, cancel_requested, message, created_at, "
    "finished_at, result FROM jobs ";

boost::json::array ToJson(const std::vector<std::string>& v) {
  boost::json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

std::vector<std::string> FromJson(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& s : v.as_array()) {
    if (s.is_string()) out.emplace_back(s.as_string());
  }
  return out;
}

}  // namespace

int64_t Create(db::Connection& c, std::string_view kind, std::optional<int64_t> created_by,
               std::string_view actor) {
  return c
      .Query(
          "INSERT INTO jobs (kind, state, created_by, actor, created_at) VALUES (?, 'queued', ?, "
          "?, ?) RETURNING id",
          {kind, created_by, actor, NowIso()})
      .at(0)
      .Int(0);
}

std::optional<Job> Get(db::Connection& c, int64_t id) {
  auto rows = c.Query(std::string(kSelect) + "WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  Job j;
  j.id = r.Int(0);
  j.kind = r.Text(1);
  j.state = r.Text(2);
  j.created_by = r.OptInt(3);
  j.counters = {r.Int(4), r.Int(5), r.Int(6), r.Int(7), r.Int(8), r.Int(9)};
  j.cancel_requested = r.Int(10) != 0;
  j.message = r.OptText(11);
  j.created_at = r.Text(12);
  j.finished_at = r.OptText(13);
  j.result = r.OptText(14);
  return j;
}

void SetResult(db::Connection& c, int64_t id, const std::string& result_json) {
  c.Exec("UPDATE jobs SET result = ? WHERE id = ?", {result_json, id});
}

void SaveProgress(db::Connection& c, int64_t id, const Counters& k) {
  c.Exec(
      "UPDATE jobs SET state = 'running', total_rows = ?, processed_rows = ?, accepted_rows = ?, "
      "rejected_rows = ?, updated_rows = ?, unchanged_rows = ? WHERE id = ?",
      {k.total_rows, k.processed_rows, k.accepted_rows, k.rejected_rows, k.updated_rows,
       k.unchanged_rows, id});
}

void Finish(db::Connection& c, int64_t id, std::string_view state, const Counters& k,
            const std::optional<std::string>& message) {
  c.Exec(
      "UPDATE jobs SET state = ?, total_rows = ?, processed_rows = ?, accepted_rows = ?, "
      "rejected_rows = ?, updated_rows = ?, unchanged_rows = ?, message = ?, finished_at = ? "
      "WHERE id = ?",
      {state, k.total_rows, k.processed_rows, k.accepted_rows, k.rejected_rows, k.updated_rows,
       k.unchanged_rows, message, NowIso(), id});
}

void RequestCancel(db::Connection& c, int64_t id) {
  c.Exec("UPDATE jobs SET cancel_requested = 1 WHERE id = ?", {id});
}

bool CancelRequested(db::Connection& c, int64_t id) {
  auto v = c.Scalar("SELECT cancel_requested FROM jobs WHERE id = ?", {id});
  return v && v->AsInt() != 0;
}

void AddErrors(db::Connection& c, int64_t id, const std::vector<RowError>& errors) {
  std::vector<db::Params> rows;
  rows.reserve(errors.size());
  for (const auto& e : errors) {
    // The cells are the file's, whatever it held: kept as valid text for any store.
    std::vector<std::string> cells;
    cells.reserve(e.cells.size());
    for (const auto& cell : e.cells) cells.push_back(ToValidUtf8(cell));
    rows.push_back({id, e.row_number, boost::json::serialize(ToJson(cells)),
                    boost::json::serialize(ToJson(e.reasons))});
  }
  if (!rows.empty()) c.BulkInsert("job_errors", {"job_id", "row_number", "cells", "reasons"}, rows);
}

void ForEachError(db::Connection& c, int64_t id, const std::function<void(const RowError&)>& fn) {
  int64_t after = -1;  // row 0 is the header
  constexpr int64_t kPage = 5000;
  for (;;) {
    auto rows = c.Query(
        "SELECT row_number, cells, reasons FROM job_errors WHERE job_id = ? AND row_number > ? "
        "ORDER BY row_number LIMIT ?",
        {id, after, kPage});
    for (const auto& r : rows) {
      fn(RowError{r.Int(0), FromJson(r.Text(1)), FromJson(r.Text(2))});
      after = r.Int(0);
    }
    if (static_cast<int64_t>(rows.size()) < kPage) return;
  }
}

std::string ReasonText(std::string_view zh, std::string_view en) {
  return std::string(zh) + kReasonSeparator + std::string(en);
}

std::string_view ReasonIn(std::string_view reason, std::string_view lang) {
  const size_t at = reason.find(kReasonSeparator);
  if (at == std::string_view::npos) return reason;  // kept before reasons had two languages
  return lang == "en" ? reason.substr(at + 1) : reason.substr(0, at);
}

Runner::Runner() : thread_([this] { Loop(); }) {}

Runner::~Runner() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Runner::Submit(std::function<void()> work) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(work));
  }
  cv_.notify_one();
}

void Runner::WaitIdle() {
  std::unique_lock lock(mu_);
  idle_cv_.wait(lock, [&] { return queue_.empty() && !running_; });
}

void Runner::Loop() {
  for (;;) {
    std::function<void()> work;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      work = std::move(queue_.front());
      queue_.pop_front();
      running_ = true;
    }
    try {
      work();
    } catch (const std::exception& e) {
      spdlog::error("background job failed: {}", e.what());
    }
    {
      std::lock_guard lock(mu_);
      running_ = false;
    }
    idle_cv_.notify_all();
  }
}

}  // namespace zj::jobs

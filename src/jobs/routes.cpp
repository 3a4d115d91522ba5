#include "jobs/routes.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "auth/principal.h"
#include "http/json.h"
#include "jobs/jobs.h"
#include "jobs/report.h"

namespace zj::jobs {
namespace {

namespace json = boost::json;

// The job, if the caller started it.
Result<Job> Mine(db::Connection& c, const http::Request& req);

}  // namespace

namespace {
json::value ResultJson(const std::optional<std::string>& result) {
  if (!result) return nullptr;
  boost::system::error_code ec;
  json::value v = json::parse(*result, ec);
  return ec ? json::value(nullptr) : v;
}
}  // namespace

json::object JobJson(const Job& j) {
  const auto& k = j.counters;
  const double progress = j.state == "done" ? 1.0
                          : k.total_rows > 0
                              ? std::min(1.0, static_cast<double>(k.processed_rows) / k.total_rows)
                              : 0.0;
  return json::object{{"id", j.id},
                      {"kind", j.kind},
                      {"state", j.state},
                      {"total_rows", k.total_rows},
                      {"processed_rows", k.processed_rows},
                      {"accepted_rows", k.accepted_rows},
                      {"rejected_rows", k.rejected_rows},
                      {"updated_rows", k.updated_rows},
                      {"unchanged_rows", k.unchanged_rows},
                      {"progress", progress},
                      {"cancel_requested", j.cancel_requested},
                      {"message", http::JsonOpt(j.message)},
                      {"created_at", j.created_at},
                      {"finished_at", http::JsonOpt(j.finished_at)},
                      {"result", ResultJson(j.result)}};
}

namespace {

Result<Job> Mine(db::Connection& c, const http::Request& req) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  auto job = Get(c, id);
  if (!job || job->created_by != req.principal->user_id) {
    return Fail(ErrorCode::kNotFound, "任务不存在或不是您发起的", "No such job, or it is not yours",
                "id");
  }
  return *job;
}

}  // namespace

void RegisterRoutes(http::Router& router, db::Database& db) {
  router.Add("GET", "/api/v1/jobs/{id}", [&db](http::Request& req) -> Result<http::Response> {
    auto conn = db.Acquire();
    ZJ_ASSIGN_OR_RETURN(auto job, Mine(*conn, req));
    return http::Response::Json(200, JobJson(job));
  });
  router.Add("POST", "/api/v1/jobs/{id}/cancel",
             [&db](http::Request& req) -> Result<http::Response> {
               auto conn = db.Acquire();
               ZJ_ASSIGN_OR_RETURN(auto job, Mine(*conn, req));
               if (job.state == "queued" || job.state == "running") {
                 RequestCancel(*conn, job.id);
               }
               return http::Response::Json(200, JobJson(*Get(*conn, job.id)));
             });
  router.Add(
      "GET", "/api/v1/jobs/{id}/errors.xlsx", [&db](http::Request& req) -> Result<http::Response> {
        auto conn = db.Acquire();
        ZJ_ASSIGN_OR_RETURN(auto job, Mine(*conn, req));
        namespace fs = std::filesystem;
        const fs::path path =
            fs::temp_directory_path() / ("zhijia-errors-" + req.request_id + ".xlsx");
        auto rows = WriteErrorReport(*conn, job.id, path.string(), req.lang);
        if (!rows) {
          std::error_code ec;
          fs::remove(path, ec);
          return std::unexpected(rows.error());
        }
        return http::Response::Download(
            path.string(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "import-" + std::to_string(job.id) + "-errors.xlsx");
      });
}

}  // namespace zj::jobs

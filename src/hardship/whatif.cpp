#include "hardship/whatif.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <map>

#include "hardship/assessment.h"
#include "hardship/file.h"
#include "hardship/file_store.h"
#include "hardship/policy_service.h"
#include "jobs/jobs.h"

namespace zj::hardship {
namespace json = boost::json;

Policy Apply(Policy p, const PolicyChange& change) {
  if (change.dibao_monthly_fen) p.dibao_monthly_fen = *change.dibao_monthly_fen;
  if (change.min_wage_monthly_fen) p.min_wage_monthly_fen = *change.min_wage_monthly_fen;
  if (change.deep_multiplier_permille)
    p.deep_multiplier_permille = *change.deep_multiplier_permille;
  if (change.relative_multiplier_permille) {
    p.relative_multiplier_permille = *change.relative_multiplier_permille;
  }
  if (change.accident_cost_permille) p.accident_cost_permille = *change.accident_cost_permille;
  if (change.max_homes) p.max_homes = *change.max_homes;
  return p;
}

namespace {

constexpr int64_t kBatch = 2000;

json::object CountsJson(const std::map<std::string, int64_t>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

}  // namespace

void RunWhatIf(db::Database& db, std::shared_ptr<const auth::Principal> principal, int64_t job_id,
               WhatIfRequest request) {
  const auth::DataScope scope =
      principal ? principal->ScopeFor(kHardshipRead) : auth::DataScope::All();
  jobs::Counters k;
  auto conn = db.Acquire();
  try {
    k.total_rows = store::CountOpenFiles(*conn, scope, request.org_path);
    jobs::SaveProgress(*conn, job_id, k);
    std::map<std::string, Policy> policies;  // by region, the proposal applied
    std::map<std::string, int64_t> before, after, changes;
    const std::string today = FormatDate(request.today);
    int64_t after_id = 0;
    bool cancelled = false;
    for (;;) {
      auto batch = store::OpenFilesAfter(*conn, scope, request.org_path, after_id, kBatch);
      if (batch.empty()) break;
      std::vector<db::Params> rows;
      for (const auto& f : batch) {
        after_id = f.id;
        ++k.processed_rows;
        if (!f.category) continue;  // not assessed yet: nothing to compare
        auto it = policies.find(f.region_code);
        if (it == policies.end()) {
          auto p = PolicyFor(*conn, f.region_code, today);
          if (!p) continue;  // no policy in force there: counted as processed, not assessed
          it = policies.emplace(f.region_code, Apply(*p, request.change)).first;
        }
        const Assessment a =
            Assess(ToHousehold(f.data, true, !f.consent_at.has_value()), it->second);
        const std::string to(CategoryName(a.category));
        ++k.accepted_rows;
        ++before[*f.category];
        ++after[to];
        if (to == *f.category) {
          ++k.unchanged_rows;
          continue;
        }
        ++k.updated_rows;
        ++changes[*f.category + "->" + to];
        rows.push_back({job_id, f.id, f.org_id, f.holder_name, *f.category, to,
                        a.figures.per_head_monthly_fen});
      }
      db::WithTransaction(*conn, [&] {
        if (!rows.empty()) {
          conn->BulkInsert("hardship_whatif_rows",
                           {"job_id", "file_id", "org_id", "holder_name", "from_category",
                            "to_category", "per_head_monthly_fen"},
                           rows);
        }
        jobs::SaveProgress(*conn, job_id, k);
      });
      if (jobs::CancelRequested(*conn, job_id)) {
        cancelled = true;
        break;
      }
    }
    jobs::SetResult(*conn, job_id,
                    json::serialize(json::object{{"before", CountsJson(before)},
                                                 {"after", CountsJson(after)},
                                                 {"changes", CountsJson(changes)},
                                                 {"assessed", k.accepted_rows},
                                                 {"changed", k.updated_rows}}));
    jobs::Finish(*conn, job_id, cancelled ? "cancelled" : "done", k, std::nullopt);
  } catch (const std::exception& e) {
    spdlog::error("what-if job {} failed: {}", job_id, e.what());
    jobs::Finish(*conn, job_id, "failed", k,
                 "试算因系统错误中止 / The what-if stopped on a system error");
  }
}

}  // namespace zj::hardship

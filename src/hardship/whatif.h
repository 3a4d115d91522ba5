#pragma once
// What-if (DOMAIN.md §4): for a scope and a proposed change to the policy in force, which
// households' categories would change, with counts by category — changing nothing. Runs as a
// background job with progress; the changed households go to hardship_whatif_rows.
#include <optional>
#include <string>

#include "auth/principal.h"
#include "base/date.h"
#include "db/database.h"
#include "hardship/policy.h"

namespace zj::hardship {

// The fields of a policy a what-if may change; unset ones keep the value in force.
struct PolicyChange {
  std::optional<int64_t> dibao_monthly_fen;
  std::optional<int64_t> min_wage_monthly_fen;
  std::optional<int> deep_multiplier_permille;
  std::optional<int> relative_multiplier_permille;
  std::optional<int> accident_cost_permille;
  std::optional<int> max_homes;
};
Policy Apply(Policy p, const PolicyChange& change);

struct WhatIfRequest {
  std::optional<std::string> org_path;  // that subtree (inside the principal's scope)
  PolicyChange change;
  Date today;
};

// Runs under job_id; never throws. The job's result holds {"before": {category: n},
// "after": {category: n}, "changes": {"deep->relative": n}, "assessed": n, "changed": n}.
void RunWhatIf(db::Database& db, std::shared_ptr<const auth::Principal> principal, int64_t job_id,
               WhatIfRequest request);

}  // namespace zj::hardship

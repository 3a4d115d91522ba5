#pragma once
// SQL of the versioned policies. Policies are public rules, not personal data: reads need no
// scope; writes are checked by the service.
#include <optional>
#include <vector>

#include "db/database.h"
#include "hardship/policy.h"

namespace zj::hardship::store {

// The newest version for exactly this region in force on date (YYYY-MM-DD).
std::optional<Policy> InForce(db::Connection& c, const std::string& region_code,
                              const std::string& date);
// One version of a region's policy (to replay a stored assessment).
std::optional<Policy> Version(db::Connection& c, const std::string& region_code, int64_t version);
std::vector<Policy> History(db::Connection& c, const std::string& region_code);
// Appends the policy as the region's next version and returns that version.
int64_t Append(db::Connection& c, const Policy& p, const std::string& created_by);

}  // namespace zj::hardship::store

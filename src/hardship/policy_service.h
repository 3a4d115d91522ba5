#pragma once
// Which policy applies where and when, and who may set one.
#include <string>
#include <vector>

#include "auth/actor.h"
#include "base/error.h"
#include "db/database.h"
#include "hardship/file.h"
#include "hardship/policy.h"

namespace zj::hardship {

// The policy in force for a region on a date: the county's own, else its city's, else its
// province's. Fails with a 404 naming the region when none is set.
Result<Policy> PolicyFor(db::Connection& c, const std::string& region_code,
                         const std::string& date);
// The policy in force on a date for the region of a household's file, read unscoped: for the
// funds capability, which checks its own scope before asking (the separation of duties switch).
Result<Policy> PolicyForFile(db::Connection& c, int64_t file_id, const std::string& date);

// Sets a new version of a region's policy. The actor must hold hardship:policy:write over the
// federation of that region (a province's union sets the province's policy). Audited.
Result<Policy> SetPolicy(db::Connection& c, const auth::Actor& a, Policy p);

Result<std::vector<Policy>> PolicyHistory(db::Connection& c, const std::string& region_code);

}  // namespace zj::hardship

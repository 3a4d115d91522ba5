#pragma once
// `zhijia demo`: a realistic synthetic province — the real cities and counties (GB/T 2260) of one
// province, grassroots unions of every kind with plausible names, and users for each level.
// Deterministic from the seed (except passwords, which are random and printed once).
#include <cstdint>
#include <string>
#include <vector>

#include "base/error.h"
#include "db/database.h"

namespace zj::app {

struct DemoOptions {
  uint64_t seed = 1;
  std::string province = "33";  // two digits
  int64_t grassroots = 3000;
  int64_t members = 0;     // spread over the grassroots unions
  int64_t households = 0;  // hardship files over the members
  bool with_users = true;
  bool with_policy = true;  // the province's hardship policy (EnsureDemoPolicy)
};

struct DemoUser {
  std::string username;
  std::string password;
  std::string role;
  std::string org_name;
};

struct DemoResult {
  int64_t orgs = 0;
  int64_t members = 0;
  int64_t households = 0;
  std::vector<DemoUser> users;
};

// Adds n members with valid, unique ID numbers whose region and birth dates fit their unions,
// spread over the active grassroots unions. Deterministic from the seed.
Result<int64_t> GenerateDemoMembers(db::Connection& conn, uint64_t seed, int64_t n);

// The province's hardship policy (低保 1,150 yuan, minimum wage 2,490 yuan from 2020), unless one
// is set.
Result<void> EnsureDemoPolicy(db::Connection& conn, const std::string& province);
// Adds hardship files for up to n active members without one, in every workflow state, each
// assessed against the policy in force. Deterministic from the seed.
Result<int64_t> GenerateDemoHouseholds(db::Connection& conn, uint64_t seed, int64_t n);

// Income accounts, the province's fund and a fund per county with money allocated to it (once).
// Returns the number of county funds made.
Result<int64_t> GenerateDemoFunds(db::Connection& conn);

// Fills an empty database (migrated). Fails if it already holds orgs or the province is unknown.
Result<DemoResult> GenerateDemo(db::Connection& conn, const DemoOptions& options);

}  // namespace zj::app

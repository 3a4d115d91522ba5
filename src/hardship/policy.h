#pragma once
// Assessment policy as data (DOMAIN.md §4): the local minimum living standard (低保) and minimum
// wage, the category multipliers, the accident rule and the exclusions in force. Values differ
// by region and date; the numbers here are only what a region starts from until it sets its own.
#include <cstdint>
#include <string>
#include <vector>

#include "base/error.h"

namespace zj::hardship {

struct Policy {
  int64_t version = 0;
  std::string region_code;        // the region that set it; children inherit unless they override
  std::string effective_from;     // YYYY-MM-DD
  int64_t dibao_monthly_fen = 0;  // minimum living standard per person per month
  int64_t min_wage_monthly_fen = 0;         // what an idle member able to work is counted at
  int deep_multiplier_permille = 1000;      // deep hardship: below 1× 低保
  int relative_multiplier_permille = 2000;  // relative hardship: below 2× (some use 1.5×)
  int accident_cost_permille = 800;         // accident-caused: hardship costs above 80% of income
  int max_homes = 1;                        // two or more homes exclude
  bool exclude_private_car = true;          // a car in regular private use excludes
  bool exclude_business = true;             // owning a shop or employing others excludes
  bool exclude_private_school = true;       // a child at a high-fee private school or abroad
  int migrant_min_employment_months = 12;   // migrant workers: member and ≥ 1 year employed
  int notice_working_days = 5;
  int review_interval_months = 12;
  // Aid caps per household and year, and who approves how much (the funds ledger spends
  // against these).
  int64_t aid_cap_household_year_fen = 2'000'000;  // every kind together
  int64_t aid_cap_living_fen = 1'000'000;
  int64_t aid_cap_medical_fen = 2'000'000;  // and never more than the self-paid share
  int64_t aid_cap_school_fen = 1'000'000;
  // Living aid is also at most this many months of 低保 a year (DOMAIN.md §5: 10 for deep
  // hardship, 8 for relative; accident-caused households count as deep).
  int living_aid_months_deep = 10;
  int living_aid_months_relative = 8;
  int64_t approval_grassroots_max_fen = 200'000;  // up to this the grassroots union approves
  int64_t approval_county_max_fen = 1'000'000;    // up to this the county
  int64_t approval_city_max_fen = 2'000'000;      // up to this the city (DOMAIN.md §5: 20,000)
  int64_t approval_province_max_fen = 5'000'000;  // up to this the province; above, the nation
  bool separation_of_duties = true;               // whoever requested an aid may not approve it
};

// The problems with a policy a cadre typed (one Error per field); empty when it can be used.
std::vector<Error> ValidatePolicy(const Policy& p);

}  // namespace zj::hardship

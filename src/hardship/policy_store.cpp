#include "hardship/policy_store.h"

#include "base/clock.h"

namespace zj::hardship::store {
namespace {

constexpr const char* kColumns =
    "version, region_code, effective_from, dibao_monthly_fen, min_wage_monthly_fen, "
    "deep_multiplier_permille, relative_multiplier_permille, accident_cost_permille, max_homes, "
    "exclude_private_car, exclude_business, exclude_private_school, "
    "migrant_min_employment_months, notice_working_days, review_interval_months, "
    "aid_cap_household_year_fen, aid_cap_living_fen, aid_cap_medical_fen, aid_cap_school_fen, "
    "approval_grassroots_max_fen, approval_county_max_fen, living_aid_months_deep, "
    "living_aid_months_relative, approval_city_max_fen, approval_province_max_fen, "
    "separation_of_duties";

Policy ToPolicy(const db::Row& r) {
  Policy p;
  p.version = r.Int(0);
  p.region_code = r.Text(1);
  p.effective_from = r.Text(2);
  p.dibao_monthly_fen = r.Int(3);
  p.min_wage_monthly_fen = r.Int(4);
  p.deep_multiplier_permille = static_cast<int>(r.Int(5));
  p.relative_multiplier_permille = static_cast<int>(r.Int(6));
  p.accident_cost_permille = static_cast<int>(r.Int(7));
  p.max_homes = static_cast<int>(r.Int(8));
  p.exclude_private_car = r.Int(9) != 0;
  p.exclude_business = r.Int(10) != 0;
  p.exclude_private_school = r.Int(11) != 0;
  p.migrant_min_employment_months = static_cast<int>(r.Int(12));
  p.notice_working_days = static_cast<int>(r.Int(13));
  p.review_interval_months = static_cast<int>(r.Int(14));
  p.aid_cap_household_year_fen = r.Int(15);
  p.aid_cap_living_fen = r.Int(16);
  p.aid_cap_medical_fen = r.Int(17);
  p.aid_cap_school_fen = r.Int(18);
  p.approval_grassroots_max_fen = r.Int(19);
  p.approval_county_max_fen = r.Int(20);
  p.living_aid_months_deep = static_cast<int>(r.Int(21));
  p.living_aid_months_relative = static_cast<int>(r.Int(22));
  p.approval_city_max_fen = r.Int(23);
  p.approval_province_max_fen = r.Int(24);
  p.separation_of_duties = r.Int(25) != 0;
  return p;
}

}  // namespace

std::optional<Policy> InForce(db::Connection& c, const std::string& region_code,
                              const std::string& date) {
  auto rows = c.Query(std::string("SELECT ") + kColumns +
                          " FROM hardship_policies WHERE region_code = ? AND effective_from <= ? "
                          "ORDER BY effective_from DESC, version DESC LIMIT 1",
                      {region_code, date});
  if (rows.empty()) return std::nullopt;
  return ToPolicy(rows[0]);
}

std::optional<Policy> Version(db::Connection& c, const std::string& region_code, int64_t version) {
  auto rows = c.Query(std::string("SELECT ") + kColumns +
                          " FROM hardship_policies WHERE region_code = ? AND version = ?",
                      {region_code, version});
  if (rows.empty()) return std::nullopt;
  return ToPolicy(rows[0]);
}

std::vector<Policy> History(db::Connection& c, const std::string& region_code) {
  std::vector<Policy> out;
  for (const auto& r : c.Query(std::string("SELECT ") + kColumns +
                                   " FROM hardship_policies WHERE region_code = ? "
                                   "ORDER BY version DESC",
                               {region_code})) {
    out.push_back(ToPolicy(r));
  }
  return out;
}

int64_t Append(db::Connection& c, const Policy& p, const std::string& created_by) {
  const int64_t version =
      c.Scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM hardship_policies WHERE region_code = ?",
               {p.region_code})
          ->AsInt();
  c.Exec(
      "INSERT INTO hardship_policies (version, region_code, effective_from, dibao_monthly_fen, "
      "min_wage_monthly_fen, deep_multiplier_permille, relative_multiplier_permille, "
      "accident_cost_permille, max_homes, exclude_private_car, exclude_business, "
      "exclude_private_school, migrant_min_employment_months, notice_working_days, "
      "review_interval_months, aid_cap_household_year_fen, aid_cap_living_fen, "
      "aid_cap_medical_fen, aid_cap_school_fen, approval_grassroots_max_fen, "
      "approval_county_max_fen, living_aid_months_deep, living_aid_months_relative, "
      "approval_city_max_fen, approval_province_max_fen, separation_of_duties, created_by, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?)",
      {version,
       p.region_code,
       p.effective_from,
       p.dibao_monthly_fen,
       p.min_wage_monthly_fen,
       p.deep_multiplier_permille,
       p.relative_multiplier_permille,
       p.accident_cost_permille,
       p.max_homes,
       p.exclude_private_car,
       p.exclude_business,
       p.exclude_private_school,
       p.migrant_min_employment_months,
       p.notice_working_days,
       p.review_interval_months,
       p.aid_cap_household_year_fen,
       p.aid_cap_living_fen,
       p.aid_cap_medical_fen,
       p.aid_cap_school_fen,
       p.approval_grassroots_max_fen,
       p.approval_county_max_fen,
       p.living_aid_months_deep,
       p.living_aid_months_relative,
       p.approval_city_max_fen,
       p.approval_province_max_fen,
       p.separation_of_duties,
       created_by,
       NowIso()});
  return version;
}

}  // namespace zj::hardship::store

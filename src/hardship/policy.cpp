#include "hardship/policy.h"

namespace zj::hardship {

std::vector<Error> ValidatePolicy(const Policy& p) {
  std::vector<Error> errors;
  auto bad = [&](const char* field, std::string zh, std::string en) {
    errors.push_back({ErrorCode::kInvalidArgument, std::move(zh), std::move(en), field});
  };
  if (p.dibao_monthly_fen <= 0) {
    bad("dibao_monthly_fen", "低保标准应大于 0", "The minimum living standard must be above 0");
  }
  if (p.min_wage_monthly_fen < p.dibao_monthly_fen) {
    bad("min_wage_monthly_fen", "最低工资标准不应低于低保标准",
        "The minimum wage should not be below the minimum living standard");
  }
  if (p.deep_multiplier_permille <= 0 ||
      p.relative_multiplier_permille <= p.deep_multiplier_permille) {
    bad("relative_multiplier_permille", "相对困难倍数应大于深度困难倍数",
        "The relative-hardship multiple must exceed the deep-hardship multiple");
  }
  if (p.accident_cost_permille <= 0 || p.accident_cost_permille > 1000) {
    bad("accident_cost_permille", "意外致困的支出比例应在 0 到 100% 之间",
        "The accident cost share must be between 0 and 100%");
  }
  if (p.max_homes < 1) bad("max_homes", "住房套数上限至少为 1", "The home limit is at least 1");
  if (p.notice_working_days < 1) {
    bad("notice_working_days", "公示期至少 1 个工作日", "The notice lasts at least 1 working day");
  }
  if (p.review_interval_months < 1 || p.review_interval_months > 24) {
    bad("review_interval_months", "复核间隔应为 1 到 24 个月",
        "The review interval is 1 to 24 months");
  }
  if (p.aid_cap_household_year_fen <= 0 || p.aid_cap_living_fen <= 0 ||
      p.aid_cap_medical_fen <= 0 || p.aid_cap_school_fen <= 0) {
    bad("aid_cap_household_year_fen", "帮扶金额上限应大于 0", "Aid caps must be above 0");
  }
  for (int64_t kind_cap : {p.aid_cap_living_fen, p.aid_cap_medical_fen, p.aid_cap_school_fen}) {
    if (kind_cap > p.aid_cap_household_year_fen) {
      bad("aid_cap_household_year_fen", "单项帮扶上限不应超过每户每年总上限",
          "A cap for one kind of aid should not exceed the household's yearly cap");
      break;
    }
  }
  for (const auto& [field, months] :
       {std::pair{"living_aid_months_deep", p.living_aid_months_deep},
        std::pair{"living_aid_months_relative", p.living_aid_months_relative}}) {
    if (months < 1 || months > 12) {
      bad(field, "生活救助月数应为 1 到 12 个月",
          "Living aid is 1 to 12 months of the minimum living standard");
    }
  }
  if (p.approval_grassroots_max_fen <= 0 ||
      p.approval_county_max_fen < p.approval_grassroots_max_fen) {
    bad("approval_county_max_fen", "县级审批额度不应低于基层审批额度",
        "The county's approval limit should not be below the grassroots union's");
  }
  if (p.approval_city_max_fen < p.approval_county_max_fen) {
    bad("approval_city_max_fen", "市级审批额度不应低于县级审批额度",
        "The city's approval limit should not be below the county's");
  }
  if (p.approval_province_max_fen < p.approval_city_max_fen) {
    bad("approval_province_max_fen", "省级审批额度不应低于市级审批额度",
        "The province's approval limit should not be below the city's");
  }
  return errors;
}

}  // namespace zj::hardship

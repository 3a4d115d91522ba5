#include "hardship/assessment.h"

#include "base/money.h"

namespace zj::hardship {
namespace {

std::string Yuan(int64_t fen) { return FormatMoney(fen) + " 元"; }
std::string YuanEn(int64_t fen) { return "CNY " + FormatMoney(fen); }

int64_t Scaled(int64_t fen, int permille) { return fen * permille / 1000; }

std::vector<Reason> Exclusions(const Household& h, const Policy& p) {
  std::vector<Reason> out;
  if (h.refuses_economic_check) {
    out.push_back({"拒绝家庭经济状况核查", "The household refuses the economic check"});
  }
  if (h.homes > p.max_homes) {
    out.push_back(
        {"拥有住房 " + std::to_string(h.homes) + " 套，超过 " + std::to_string(p.max_homes) + " 套",
         "Owns " + std::to_string(h.homes) + " homes, more than " + std::to_string(p.max_homes)});
  }
  if (p.exclude_private_car && h.private_car) {
    out.push_back({"有经常自用的机动车", "Has a car in regular private use"});
  }
  if (p.exclude_business && h.owns_business) {
    out.push_back({"经营店铺或雇佣他人", "Owns a shop or employs others"});
  }
  if (p.exclude_private_school && h.child_private_school) {
    out.push_back({"子女自费就读高收费私立学校或出国留学",
                   "A child is at a high-fee private school or abroad at own cost"});
  }
  if (h.migrant_worker &&
      (!h.union_member || h.employment_months < p.migrant_min_employment_months)) {
    out.push_back({"农民工须为工会会员且连续就业满 " +
                       std::to_string(p.migrant_min_employment_months) + " 个月",
                   "A migrant worker must be a union member employed for at least " +
                       std::to_string(p.migrant_min_employment_months) + " months"});
  }
  return out;
}

}  // namespace

std::string_view CategoryName(Category c) {
  switch (c) {
    case Category::kNone:
      return "none";
    case Category::kDeep:
      return "deep";
    case Category::kRelative:
      return "relative";
    case Category::kAccident:
      return "accident";
    case Category::kExcluded:
      return "excluded";
  }
  return "none";
}

Assessment Assess(const Household& h, const Policy& p) {
  Assessment a;
  a.policy_version = p.version;
  Figures& f = a.figures;
  const int members = h.members > 0 ? h.members : 1;
  for (const auto& item : h.incomes) {
    if (item.kind == IncomeKind::kHolidayGift) continue;  // small holiday gifts do not count
    f.income_fen += item.amount_fen;
  }
  f.idle_income_fen = static_cast<int64_t>(h.idle_able_members) * p.min_wage_monthly_fen * 12;
  f.income_fen += f.idle_income_fen;
  for (const auto& e : h.expenses) f.rigid_expenses_fen += e.amount_fen;
  const int64_t net = std::max<int64_t>(0, f.income_fen - f.rigid_expenses_fen);
  f.per_head_monthly_fen = net / members / 12;
  f.deep_line_fen = Scaled(p.dibao_monthly_fen, p.deep_multiplier_permille);
  f.relative_line_fen = Scaled(p.dibao_monthly_fen, p.relative_multiplier_permille);

  a.explanation.push_back(
      {"家庭近 12 个月计入收入 " + Yuan(f.income_fen) +
           (f.idle_income_fen
                ? "（含 " + std::to_string(h.idle_able_members) +
                      " 名有劳动能力未就业成员按最低工资折算 " + Yuan(f.idle_income_fen) + "）"
                : ""),
       "Counted income over 12 months: " + YuanEn(f.income_fen) +
           (f.idle_income_fen
                ? " (including " + YuanEn(f.idle_income_fen) + " imputed at the minimum wage for " +
                      std::to_string(h.idle_able_members) + " idle member(s) able to work)"
                : "")});
  a.explanation.push_back({"刚性支出 " + Yuan(f.rigid_expenses_fen),
                           "Rigid expenses: " + YuanEn(f.rigid_expenses_fen)});
  a.explanation.push_back(
      {"人均月收入 = (" + Yuan(f.income_fen) + " − " + Yuan(f.rigid_expenses_fen) + ") ÷ " +
           std::to_string(members) + " 人 ÷ 12 = " + Yuan(f.per_head_monthly_fen),
       "Per-head monthly income = (" + YuanEn(f.income_fen) + " - " + YuanEn(f.rigid_expenses_fen) +
           ") / " + std::to_string(members) + " / 12 = " + YuanEn(f.per_head_monthly_fen)});

  a.exclusions = Exclusions(h, p);
  if (!a.exclusions.empty()) {
    a.category = Category::kExcluded;
    a.explanation.push_back({"存在排除情形，不予建档", "An exclusion applies: no file"});
    return a;
  }
  if (f.per_head_monthly_fen < f.deep_line_fen) {
    a.category = Category::kDeep;
    a.explanation.push_back(
        {"低于深度困难线 " + Yuan(f.deep_line_fen) + "（低保标准 " + Yuan(p.dibao_monthly_fen) +
             " 的 " + std::to_string(p.deep_multiplier_permille / 10) + "%）：深度困难",
         "Below the deep-hardship line " + YuanEn(f.deep_line_fen) + ": deep hardship"});
  } else if (f.per_head_monthly_fen < f.relative_line_fen) {
    a.category = Category::kRelative;
    a.explanation.push_back({"不低于深度困难线 " + Yuan(f.deep_line_fen) + "，低于相对困难线 " +
                                 Yuan(f.relative_line_fen) + "：相对困难",
                             "At or above the deep line " + YuanEn(f.deep_line_fen) +
                                 " and below the relative line " + YuanEn(f.relative_line_fen) +
                                 ": relative hardship"});
  } else if (h.sudden_event &&
             h.accident_costs_fen > Scaled(f.income_fen, p.accident_cost_permille)) {
    a.category = Category::kAccident;
    a.explanation.push_back(
        {"收入高于相对困难线，但突发事件致困支出 " + Yuan(h.accident_costs_fen) + " 超过收入的 " +
             std::to_string(p.accident_cost_permille / 10) + "%：意外致困",
         "Income is above the relative line, but the costs of a sudden event, " +
             YuanEn(h.accident_costs_fen) + ", exceed " +
             std::to_string(p.accident_cost_permille / 10) + "% of income: accident-caused"});
  } else {
    a.explanation.push_back(
        {"不低于相对困难线 " + Yuan(f.relative_line_fen) + "，且无意外致困情形：不属困难",
         "At or above the relative line " + YuanEn(f.relative_line_fen) +
             " and no accident rule applies: not in hardship"});
  }
  return a;
}

}  // namespace zj::hardship

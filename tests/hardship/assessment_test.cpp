// Table-driven assessment cases: each category boundary, each exclusion, rigid expenses, the
// idle-member rule and the accident rule.
#include "hardship/assessment.h"

#include <gtest/gtest.h>

namespace zj::hardship {
namespace {

// 低保 1,000 yuan a month, minimum wage 2,490 yuan (Zhejiang-like figures).
Policy Zhejiang() {
  Policy p;
  p.version = 7;
  p.region_code = "330000";
  p.dibao_monthly_fen = 100'000;
  p.min_wage_monthly_fen = 249'000;
  return p;
}

// A household whose per-head monthly income is exactly `per_head_fen` (wages only).
Household Earning(int members, int64_t per_head_fen) {
  Household h;
  h.members = members;
  h.incomes = {{IncomeKind::kWage, per_head_fen * members * 12}};
  return h;
}

struct Case {
  const char* name;
  Household household;
  Category expected;
};

TEST(Assessment, CategoryBoundaries) {
  const Policy p = Zhejiang();
  const std::vector<Case> cases = {
      {"one fen below 1x is deep", Earning(3, 99'999), Category::kDeep},
      {"exactly 1x is not deep but relative", Earning(3, 100'000), Category::kRelative},
      {"one fen below 2x is relative", Earning(3, 199'999), Category::kRelative},
      {"exactly 2x is not in hardship", Earning(3, 200'000), Category::kNone},
      {"no income at all is deep", Household{}, Category::kDeep},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Assess(c.household, p).category, c.expected) << c.name;
  }
}

TEST(Assessment, LocalRelativeMultipleOfOnePointFive) {
  Policy p = Zhejiang();
  p.relative_multiplier_permille = 1500;
  EXPECT_EQ(Assess(Earning(2, 149'999), p).category, Category::kRelative);
  EXPECT_EQ(Assess(Earning(2, 150'000), p).category, Category::kNone);
}

TEST(Assessment, RigidExpensesComeOffIncomeBeforeDividing) {
  const Policy p = Zhejiang();
  Household h = Earning(2, 250'000);  // 60,000 yuan a year, 2,500 a head a month
  EXPECT_EQ(Assess(h, p).category, Category::kNone);
  h.expenses = {{ExpenseKind::kMedical, 3'000'000}, {ExpenseKind::kSchooling, 600'000}};
  const Assessment a = Assess(h, p);
  // (6,000,000 − 3,600,000) ÷ 2 ÷ 12 = 100,000 fen: exactly 1x, so relative.
  EXPECT_EQ(a.figures.rigid_expenses_fen, 3'600'000);
  EXPECT_EQ(a.figures.per_head_monthly_fen, 100'000);
  EXPECT_EQ(a.category, Category::kRelative);
}

TEST(Assessment, ExpensesAboveIncomeGiveZeroNotNegative) {
  Household h = Earning(1, 50'000);
  h.expenses = {{ExpenseKind::kRehabilitation, 10'000'000}};
  EXPECT_EQ(Assess(h, Zhejiang()).figures.per_head_monthly_fen, 0);
}

TEST(Assessment, AnIdleMemberAbleToWorkCountsAtTheMinimumWage) {
  const Policy p = Zhejiang();
  Household h = Earning(3, 50'000);  // deep on wages alone
  EXPECT_EQ(Assess(h, p).category, Category::kDeep);
  h.idle_able_members = 1;  // + 2,490 × 12 yuan
  const Assessment a = Assess(h, p);
  EXPECT_EQ(a.figures.idle_income_fen, 249'000 * 12);
  EXPECT_EQ(a.figures.per_head_monthly_fen, (50'000 * 3 * 12 + 249'000 * 12) / 3 / 12);
  EXPECT_EQ(a.category, Category::kRelative);
  EXPECT_NE(a.explanation.front().zh.find("最低工资"), std::string::npos);
}

TEST(Assessment, UnionAidCountsAndHolidayGiftsDoNot) {
  const Policy p = Zhejiang();
  Household h = Earning(1, 90'000);
  h.incomes.push_back({IncomeKind::kHolidayGift, 500'000});
  EXPECT_EQ(Assess(h, p).category, Category::kDeep);
  h.incomes.push_back({IncomeKind::kUnionAid, 240'000});  // +200 yuan a month
  EXPECT_EQ(Assess(h, p).category, Category::kRelative);
}

TEST(Assessment, EachExclusionExcludesAndIsNamed) {
  const Policy p = Zhejiang();
  struct Exclusion {
    const char* name;
    void (*apply)(Household&);
    const char* words;
  };
  const std::vector<Exclusion> exclusions = {
      {"two homes", [](Household& h) { h.homes = 2; }, "住房"},
      {"private car", [](Household& h) { h.private_car = true; }, "机动车"},
      {"business", [](Household& h) { h.owns_business = true; }, "店铺"},
      {"private school", [](Household& h) { h.child_private_school = true; }, "私立学校"},
      {"refuses check", [](Household& h) { h.refuses_economic_check = true; }, "核查"},
      {"migrant not a member",
       [](Household& h) {
         h.migrant_worker = true;
         h.union_member = false;
         h.employment_months = 24;
       },
       "农民工"},
      {"migrant employed under a year",
       [](Household& h) {
         h.migrant_worker = true;
         h.employment_months = 11;
       },
       "农民工"},
  };
  for (const auto& e : exclusions) {
    Household h = Earning(3, 10'000);
    e.apply(h);
    const Assessment a = Assess(h, p);
    EXPECT_EQ(a.category, Category::kExcluded) << e.name;
    ASSERT_EQ(a.exclusions.size(), 1u) << e.name;
    EXPECT_NE(a.exclusions[0].zh.find(e.words), std::string::npos) << e.name;
  }
  Household ok = Earning(3, 10'000);
  ok.homes = 1;
  ok.migrant_worker = true;
  ok.employment_months = 12;
  EXPECT_EQ(Assess(ok, p).category, Category::kDeep);
}

TEST(Assessment, ExclusionRulesCanBeSwitchedOffByPolicy) {
  Policy p = Zhejiang();
  p.exclude_private_car = false;
  Household h = Earning(2, 10'000);
  h.private_car = true;
  EXPECT_EQ(Assess(h, p).category, Category::kDeep);
}

TEST(Assessment, AccidentRuleAppliesAboveTheIncomeLinesOnly) {
  const Policy p = Zhejiang();
  Household h = Earning(2, 300'000);  // 72,000 yuan a year: above 2x
  h.sudden_event = true;
  h.accident_costs_fen = 7'200'000 * 80 / 100;  // exactly 80%: not above
  EXPECT_EQ(Assess(h, p).category, Category::kNone);
  h.accident_costs_fen += 1;
  const Assessment a = Assess(h, p);
  EXPECT_EQ(a.category, Category::kAccident);
  EXPECT_NE(a.explanation.back().zh.find("意外致困"), std::string::npos);
  h.sudden_event = false;
  EXPECT_EQ(Assess(h, p).category, Category::kNone);
}

TEST(Assessment, TheExplanationShowsEveryFigureAndThePolicyVersion) {
  const Assessment a = Assess(Earning(4, 80'000), Zhejiang());
  EXPECT_EQ(a.policy_version, 7);
  ASSERT_GE(a.explanation.size(), 4u);
  EXPECT_NE(a.explanation[2].zh.find("÷ 4 人 ÷ 12 = 800.00 元"), std::string::npos)
      << a.explanation[2].zh;
  EXPECT_NE(a.explanation[3].en.find("deep hardship"), std::string::npos);
}

TEST(Policy, ImpossiblePoliciesAreRefusedByField) {
  Policy p = Zhejiang();
  EXPECT_TRUE(ValidatePolicy(p).empty());
  p.dibao_monthly_fen = 0;
  p.relative_multiplier_permille = 900;
  auto errors = ValidatePolicy(p);
  ASSERT_GE(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "dibao_monthly_fen");
}

}  // namespace
}  // namespace zj::hardship

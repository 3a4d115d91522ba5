#pragma once
// Assessing a household against a policy: the per-head monthly income after rigid expenses, the
// category, and an explanation a cadre can read — which figures, which rule, which exclusion.
// Never a bare verdict. Pure: no I/O, the same inputs always give the same result, so that an
// assessment stored with its policy version can be replayed.
#include <cstdint>
#include <string>
#include <vector>

#include "hardship/policy.h"

namespace zj::hardship {

enum class IncomeKind { kWage, kPension, kBusiness, kUnionAid, kHolidayGift, kOther };
enum class ExpenseKind { kMedical, kSchooling, kRehabilitation, kDisaster };

struct IncomeItem {
  IncomeKind kind = IncomeKind::kWage;
  int64_t amount_fen = 0;  // over the last 12 months
};

struct RigidExpense {
  ExpenseKind kind = ExpenseKind::kMedical;
  int64_t amount_fen = 0;  // out of pocket, over the last 12 months
};

struct Household {
  int members = 1;
  int idle_able_members = 0;  // able to work but not working: counted at the minimum wage
  std::vector<IncomeItem> incomes;
  std::vector<RigidExpense> expenses;
  int homes = 0;
  bool private_car = false;
  bool owns_business = false;  // a shop, or employs others
  bool child_private_school = false;
  bool refuses_economic_check = false;
  bool migrant_worker = false;
  bool union_member = true;
  int employment_months = 0;
  bool sudden_event = false;       // illness, disaster, accident
  int64_t accident_costs_fen = 0;  // after compensation and insurance, last 12 months
};

enum class Category { kNone, kDeep, kRelative, kAccident, kExcluded };
std::string_view CategoryName(Category c);

// One line of the explanation, in both languages.
struct Reason {
  std::string zh;
  std::string en;
};

struct Figures {
  int64_t income_fen = 0;       // counted income over 12 months
  int64_t idle_income_fen = 0;  // of which imputed for idle members
  int64_t rigid_expenses_fen = 0;
  int64_t per_head_monthly_fen = 0;  // (income − rigid expenses) ÷ members ÷ 12, floored at 0
  int64_t deep_line_fen = 0;
  int64_t relative_line_fen = 0;
};

struct Assessment {
  Category category = Category::kNone;
  Figures figures;
  int64_t policy_version = 0;
  std::vector<Reason> exclusions;   // every exclusion that applies
  std::vector<Reason> explanation;  // the figures and the rule, in order
};

// REQUIRES: ValidatePolicy(policy) is empty. A household with no members is assessed as one.
Assessment Assess(const Household& h, const Policy& policy);

}  // namespace zj::hardship

#include "hardship/routes.h"

#include "auth/actor.h"
#include "auth/permissions.h"
#include "base/date.h"
#include "hardship/assessment.h"
#include "hardship/policy_service.h"
#include "http/handler.h"
#include "http/json.h"

namespace zj::hardship {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

json::object PolicyJson(const Policy& p) {
  return json::object{{"version", p.version},
                      {"region_code", p.region_code},
                      {"effective_from", p.effective_from},
                      {"dibao_monthly_fen", p.dibao_monthly_fen},
                      {"min_wage_monthly_fen", p.min_wage_monthly_fen},
                      {"deep_multiplier_permille", p.deep_multiplier_permille},
                      {"relative_multiplier_permille", p.relative_multiplier_permille},
                      {"accident_cost_permille", p.accident_cost_permille},
                      {"max_homes", p.max_homes},
                      {"exclude_private_car", p.exclude_private_car},
                      {"exclude_business", p.exclude_business},
                      {"exclude_private_school", p.exclude_private_school},
                      {"migrant_min_employment_months", p.migrant_min_employment_months},
                      {"notice_working_days", p.notice_working_days},
                      {"review_interval_months", p.review_interval_months},
                      {"aid_cap_household_year_fen", p.aid_cap_household_year_fen},
                      {"aid_cap_living_fen", p.aid_cap_living_fen},
                      {"aid_cap_medical_fen", p.aid_cap_medical_fen},
                      {"aid_cap_school_fen", p.aid_cap_school_fen},
                      {"approval_grassroots_max_fen", p.approval_grassroots_max_fen},
                      {"approval_county_max_fen", p.approval_county_max_fen},
                      {"living_aid_months_deep", p.living_aid_months_deep},
                      {"living_aid_months_relative", p.living_aid_months_relative},
                      {"approval_city_max_fen", p.approval_city_max_fen},
                      {"approval_province_max_fen", p.approval_province_max_fen},
                      {"separation_of_duties", p.separation_of_duties}};
}

Result<void> MayRead(const auth::Actor& a) {
  if (a.ScopeFor(kHardshipRead).IsEmpty()) {
    return auth::NoRight(kHardshipRead);
  }
  return {};
}

// Reads an integer field into target when present.
template <class T>
Result<void> Int(const json::object& o, const char* key, T& target) {
  ZJ_ASSIGN_OR_RETURN(auto v, http::OptInt(o, key));
  if (v) target = static_cast<T>(*v);
  return {};
}

Result<void> Bool(const json::object& o, const char* key, bool& target) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return {};
  if (!it->value().is_bool()) {
    return Invalid(key, std::string("字段 ") + key + " 应为 true 或 false",
                   std::string("Field ") + key + " must be true or false");
  }
  target = it->value().as_bool();
  return {};
}

// The policy a cadre sent: the fields given, over the policy in force for the region on that
// date (its own or inherited), so that changing the 低保 line alone is one field.
Result<Policy> PolicyOf(db::Connection& c, const json::object& o) {
  ZJ_ASSIGN_OR_RETURN(auto region, http::ReqString(o, "region_code", 16));
  ZJ_ASSIGN_OR_RETURN(auto from, http::ReqString(o, "effective_from", 16));
  Policy p;
  if (ParseDate(from)) {
    if (auto current = PolicyFor(c, region, from)) p = *current;
  }
  p.version = 0;
  p.region_code = region;
  p.effective_from = from;
  for (auto r : {Int(o, "dibao_monthly_fen", p.dibao_monthly_fen),
                 Int(o, "min_wage_monthly_fen", p.min_wage_monthly_fen),
                 Int(o, "deep_multiplier_permille", p.deep_multiplier_permille),
                 Int(o, "relative_multiplier_permille", p.relative_multiplier_permille),
                 Int(o, "accident_cost_permille", p.accident_cost_permille),
                 Int(o, "max_homes", p.max_homes),
                 Int(o, "migrant_min_employment_months", p.migrant_min_employment_months),
                 Int(o, "notice_working_days", p.notice_working_days),
                 Int(o, "review_interval_months", p.review_interval_months),
                 Int(o, "aid_cap_household_year_fen", p.aid_cap_household_year_fen),
                 Int(o, "aid_cap_living_fen", p.aid_cap_living_fen),
                 Int(o, "aid_cap_medical_fen", p.aid_cap_medical_fen),
                 Int(o, "aid_cap_school_fen", p.aid_cap_school_fen),
                 Int(o, "approval_grassroots_max_fen", p.approval_grassroots_max_fen),
                 Int(o, "approval_county_max_fen", p.approval_county_max_fen),
                 Int(o, "living_aid_months_deep", p.living_aid_months_deep),
                 Int(o, "living_aid_months_relative", p.living_aid_months_relative),
                 Int(o, "approval_city_max_fen", p.approval_city_max_fen),
                 Int(o, "approval_province_max_fen", p.approval_province_max_fen),
                 Bool(o, "exclude_private_car", p.exclude_private_car),
                 Bool(o, "exclude_business", p.exclude_business),
                 Bool(o, "exclude_private_school", p.exclude_private_school),
                 Bool(o, "separation_of_duties", p.separation_of_duties)}) {
    if (!r) return std::unexpected(r.error());
  }
  return p;
}

Result<Household> HouseholdOf(const json::object& o) {
  Household h;
  for (auto r :
       {Int(o, "members", h.members), Int(o, "idle_able_members", h.idle_able_members),
        Int(o, "homes", h.homes), Int(o, "employment_months", h.employment_months),
        Int(o, "accident_costs_fen", h.accident_costs_fen), Bool(o, "private_car", h.private_car),
        Bool(o, "owns_business", h.owns_business),
        Bool(o, "child_private_school", h.child_private_school),
        Bool(o, "refuses_economic_check", h.refuses_economic_check),
        Bool(o, "migrant_worker", h.migrant_worker), Bool(o, "union_member", h.union_member),
        Bool(o, "sudden_event", h.sudden_event)}) {
    if (!r) return std::unexpected(r.error());
  }
  if (h.members < 1 || h.members > 30) {
    return Invalid("members", "家庭人口应为 1 到 30 人", "A household has 1 to 30 members");
  }
  int64_t income = 0, expenses = 0;
  ZJ_TRY(Int(o, "income_fen", income));
  ZJ_TRY(Int(o, "rigid_expenses_fen", expenses));
  if (income < 0 || expenses < 0 || h.accident_costs_fen < 0) {
    return Invalid("income_fen", "金额不能为负数", "Amounts cannot be negative");
  }
  h.incomes = {{IncomeKind::kOther, income}};
  h.expenses = {{ExpenseKind::kMedical, expenses}};
  return h;
}

json::array ReasonsJson(const std::vector<Reason>& reasons, const std::string& lang) {
  json::array out;
  for (const auto& r : reasons) out.emplace_back(lang == "en" ? r.en : r.zh);
  return out;
}

Result<std::string> RegionParam(const Request& req) {
  const std::string region = req.path_params.count("region") ? req.path_params.at("region") : "";
  if (region.size() != 6 || region.find_first_not_of("0123456789") != std::string::npos) {
    return Invalid("region", "行政区划代码应为 6 位数字", "A region code is 6 digits");
  }
  return region;
}

Result<Response> Get(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_TRY(MayRead(a));
  ZJ_ASSIGN_OR_RETURN(auto region, RegionParam(req));
  ZJ_ASSIGN_OR_RETURN(
      auto p, PolicyFor(c, region, req.Query("date").value_or(FormatDate(TodayInShanghai()))));
  json::object o = PolicyJson(p);
  o["inherited"] = p.region_code != region;
  return Response::Json(200, o);
}

Result<Response> History(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_TRY(MayRead(a));
  ZJ_ASSIGN_OR_RETURN(auto region, RegionParam(req));
  ZJ_ASSIGN_OR_RETURN(auto list, PolicyHistory(c, region));
  json::array items;
  for (const auto& p : list) items.push_back(PolicyJson(p));
  return Response::Json(200, json::object{{"items", std::move(items)}});
}

Result<Response> Set(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  ZJ_ASSIGN_OR_RETURN(auto p, PolicyOf(c, body));
  ZJ_ASSIGN_OR_RETURN(auto saved, SetPolicy(c, a, p));
  return Response::Json(201, PolicyJson(saved));
}

// What-if for one household: assesses without storing anything.
Result<Response> AssessOne(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_TRY(MayRead(a));
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  ZJ_ASSIGN_OR_RETURN(auto region, http::ReqString(body, "region_code", 16));
  ZJ_ASSIGN_OR_RETURN(auto date, http::OptString(body, "date", 16));
  auto household = body.if_contains("household");
  if (!household || !household->is_object()) {
    return Invalid("household", "缺少家庭情况 household", "Field household is required");
  }
  ZJ_ASSIGN_OR_RETURN(auto h, HouseholdOf(household->as_object()));
  ZJ_ASSIGN_OR_RETURN(auto p, PolicyFor(c, region, date.value_or(FormatDate(TodayInShanghai()))));
  const Assessment result = Assess(h, p);
  const auto& f = result.figures;
  return Response::Json(
      200, json::object{{"category", CategoryName(result.category)},
                        {"policy", PolicyJson(p)},
                        {"figures", json::object{{"income_fen", f.income_fen},
                                                 {"idle_income_fen", f.idle_income_fen},
                                                 {"rigid_expenses_fen", f.rigid_expenses_fen},
                                                 {"per_head_monthly_fen", f.per_head_monthly_fen},
                                                 {"deep_line_fen", f.deep_line_fen},
                                                 {"relative_line_fen", f.relative_line_fen}}},
                        {"exclusions", ReasonsJson(result.exclusions, req.lang)},
                        {"explanation", ReasonsJson(result.explanation, req.lang)}});
}

}  // namespace

void RegisterRoutes(http::Router& router, db::Database& db, jobs::Runner& runner) {
  router.Add("POST", "/api/v1/hardship/policies", http::WithConn(db, Set));
  router.Add("GET", "/api/v1/hardship/policies/{region}", http::WithConn(db, Get));
  router.Add("GET", "/api/v1/hardship/policies/{region}/history", http::WithConn(db, History));
  router.Add("POST", "/api/v1/hardship/assess", http::WithConn(db, AssessOne));
  RegisterFileRoutes(router, db, runner);
}

}  // namespace zj::hardship

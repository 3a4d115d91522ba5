#include "hardship/policy_service.h"

#include <boost/json.hpp>

#include "auth/audit.h"
#include "base/date.h"
#include "base/regions.h"
#include "hardship/file_store.h"
#include "hardship/policy_store.h"
#include "orgs/service.h"

namespace zj::hardship {
namespace {

Result<void> KnownRegion(const std::string& code) {
  if (code.size() != 6 || !FindRegion(code)) {
    return Invalid("region_code", "行政区划代码 " + code + " 不存在（GB/T 2260，6 位）",
                   "Region code " + code + " does not exist (GB/T 2260, 6 digits)");
  }
  return {};
}

// county → city → province, most specific first, without repeats.
std::vector<std::string> Chain(const std::string& code) {
  std::vector<std::string> out;
  for (const std::string& c : {code, code.substr(0, 4) + "00", code.substr(0, 2) + "0000"}) {
    if (out.empty() || out.back() != c) out.push_back(c);
  }
  return out;
}

}  // namespace

Result<Policy> PolicyFor(db::Connection& c, const std::string& region_code,
                         const std::string& date) {
  ZJ_TRY(KnownRegion(region_code));
  ZJ_ASSIGN_OR_RETURN(auto day, ParseDate(date));
  for (const std::string& region : Chain(region_code)) {
    if (auto p = store::InForce(c, region, FormatDate(day))) return *p;
  }
  return Fail(
      ErrorCode::kNotFound,
      RegionFullName(region_code) + " 在 " + date + " 没有生效的帮扶政策，请先在政策设置中填写",
      "No assistance policy is in force for region " + region_code + " on " + date +
          "; set one first",
      "region_code");
}

Result<Policy> PolicyForFile(db::Connection& c, int64_t file_id, const std::string& date) {
  auto f = store::GetFile(c, auth::DataScope::All(), file_id);
  if (!f) {
    return Fail(ErrorCode::kNotFound, "困难职工档案 " + std::to_string(file_id) + " 不存在",
                "Hardship file " + std::to_string(file_id) + " does not exist", "file_id");
  }
  return PolicyFor(c, f->region_code, date);
}

Result<Policy> SetPolicy(db::Connection& c, const auth::Actor& a, Policy p) {
  ZJ_TRY(KnownRegion(p.region_code));
  ZJ_ASSIGN_OR_RETURN(auto day, ParseDate(p.effective_from, "effective_from"));
  p.effective_from = FormatDate(day);
  if (auto errors = ValidatePolicy(p); !errors.empty()) return std::unexpected(errors.front());
  return db::WithTransaction(c, [&]() -> Result<Policy> {
    auto federations = orgs::FindRegionOrgs(c, a.ScopeFor(kPolicyWrite), p.region_code);
    if (federations.empty()) {
      return Fail(ErrorCode::kForbidden,
                  "只有" + RegionFullName(p.region_code) + "的工会可以设定该地区的帮扶政策",
                  "Only the union of region " + p.region_code + " may set its policy",
                  "region_code");
    }
    p.version = store::Append(c, p, a.principal ? a.principal->username : "cli");
    auto e = auth::AuditBy(a.principal, "hardship.policy", "policy",
                           p.region_code + "#" + std::to_string(p.version), a.request_id);
    e.org_path = federations.front().path;
    e.detail = boost::json::serialize(
        boost::json::object{{"effective_from", p.effective_from},
                            {"dibao_monthly_fen", p.dibao_monthly_fen},
                            {"min_wage_monthly_fen", p.min_wage_monthly_fen},
                            {"relative_multiplier_permille", p.relative_multiplier_permille}});
    auth::Audit(c, e);
    return p;
  });
}

Result<std::vector<Policy>> PolicyHistory(db::Connection& c, const std::string& region_code) {
  ZJ_TRY(KnownRegion(region_code));
  return store::History(c, region_code);
}

}  // namespace zj::hardship

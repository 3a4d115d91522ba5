#include "funds/aid_model.h"

#include <algorithm>

namespace zj::funds {

bool IsAidKind(std::string_view kind) {
  return std::find(kAidKinds.begin(), kAidKinds.end(), kind) != kAidKinds.end();
}

int LevelRank(std::string_view level) {
  auto it = std::find(kApprovalLevels.begin(), kApprovalLevels.end(), level);
  return it == kApprovalLevels.end() ? 0 : static_cast<int>(it - kApprovalLevels.begin());
}

const char* LevelZh(std::string_view level) {
  static constexpr std::array<const char*, 5> kZh = {"基层工会", "县级工会", "市级工会", "省级工会",
                                                     "全国总工会"};
  return kZh[static_cast<size_t>(LevelRank(level))];
}

std::string ApprovalLevel(const hardship::Policy& p, int64_t fen) {
  const std::array<int64_t, 4> limits = {p.approval_grassroots_max_fen, p.approval_county_max_fen,
                                         p.approval_city_max_fen, p.approval_province_max_fen};
  for (size_t i = 0; i < limits.size(); ++i) {
    if (fen <= limits[i]) return std::string(kApprovalLevels[i]);
  }
  return std::string(kApprovalLevels.back());
}

int64_t CapFor(const hardship::Policy& p, std::string_view kind,
               const std::optional<std::string>& category) {
  if (kind == "living") {
    const int months =
        category == "relative" ? p.living_aid_months_relative : p.living_aid_months_deep;
    return std::min(p.aid_cap_living_fen, months * p.dibao_monthly_fen);
  }
  if (kind == "medical") return p.aid_cap_medical_fen;
  if (kind == "school") return p.aid_cap_school_fen;
  return p.aid_cap_household_year_fen;
}

AidQuote QuoteAid(const hardship::Policy& p, std::string_view kind,
                  const std::optional<std::string>& category,
                  const std::map<std::string, int64_t>& year_totals, int64_t amount_fen) {
  AidQuote q;
  q.approval_level = ApprovalLevel(p, amount_fen);
  q.kind_cap_fen = CapFor(p, kind, category);
  q.year_cap_fen = p.aid_cap_household_year_fen;
  for (const auto& [k, fen] : year_totals) {
    q.year_used_fen += fen;
    if (k == kind) q.kind_used_fen += fen;
  }
  return q;
}

}  // namespace zj::funds

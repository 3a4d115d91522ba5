#pragma once
// The org tree's plain types: levels, grassroots kinds and the org record.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zj::orgs {

// National federation → province → city → county → grassroots (DOMAIN.md §2).
enum class Level { kNational, kProvince, kCity, kCounty, kGrassroots };

inline constexpr std::array<std::string_view, 5> kLevelNames = {"national", "province", "city",
                                                                "county", "grassroots"};
// Grassroots kinds (DOMAIN.md §2).
inline constexpr std::array<std::string_view, 17> kKindNames = {
    "enterprise", "institution",       "government", "social_org",     "joint",    "township",
    "street",     "community",         "village",    "regional",       "industry", "building",
    "park",       "business_district", "market",     "new_employment", "other"};

std::string_view LevelName(Level level);
std::optional<Level> ParseLevel(std::string_view name);
bool IsKnownKind(std::string_view kind);
// Whether an org of level child may hang directly under one of level parent. A grassroots union
// may hang under any of the three local levels; a county under a city or, in the municipalities,
// directly under the province level.
bool MayHangUnder(Level child, Level parent);

inline constexpr size_t kMaxNameChars = 100;
// A closing reason, in characters.
inline constexpr size_t kMaxCloseReasonChars = 500;
// The region code of the national federation, which covers every region.
inline constexpr std::string_view kNationalRegion = "000000";

struct Org {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  std::string province_code;
  std::string name;
  Level level = Level::kGrassroots;
  std::optional<std::string> kind;
  std::string region_code;
  std::optional<std::string> credit_code;
  std::string path;  // "/1/2/15/"
  int depth = 0;
  std::string status;  // "active" | "closed"
  std::optional<std::string> closed_reason;
  std::string created_at;
  int64_t child_count = 0;
};

struct OrgRef {
  int64_t id = 0;
  std::string name;
};

struct OrgCounts {
  int64_t children = 0;
  int64_t subtree = 0;  // including the org itself
  std::map<std::string, int64_t> by_level;
  std::map<std::string, int64_t> by_kind;
};

struct SubtreeFilter {
  std::string query;  // name in either script, pinyin or initials
  std::optional<std::string> level;
  std::optional<std::string> kind;
  std::optional<std::string> status;
  int64_t page = 1;
  int64_t page_size = 50;
};

inline constexpr int64_t kMaxPageSize = 500;
inline constexpr int64_t kMaxSearchResults = 50;

}  // namespace zj::orgs

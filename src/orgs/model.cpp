#include "orgs/model.h"

#include <algorithm>

namespace zj::orgs {

std::string_view LevelName(Level level) { return kLevelNames[static_cast<size_t>(level)]; }

std::optional<Level> ParseLevel(std::string_view name) {
  for (size_t i = 0; i < kLevelNames.size(); ++i) {
    if (kLevelNames[i] == name) return static_cast<Level>(i);
  }
  return std::nullopt;
}

bool IsKnownKind(std::string_view kind) {
  return std::find(kKindNames.begin(), kKindNames.end(), kind) != kKindNames.end();
}

bool MayHangUnder(Level child, Level parent) {
  if (child == Level::kGrassroots) {
    return parent == Level::kProvince || parent == Level::kCity || parent == Level::kCounty;
  }
  // The districts of the four municipalities hang directly under the province-level union.
  if (child == Level::kCounty && parent == Level::kProvince) return true;
  return static_cast<int>(child) == static_cast<int>(parent) + 1;
}

}  // namespace zj::orgs

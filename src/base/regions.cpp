#include "base/regions.h"

#include <algorithm>
#include <stdexcept>

#include "base/regions_data.h"

namespace zj {
namespace {

// The generated text tables, split into records once on first use (a few milliseconds). The
// views point into the static text, so they stay valid for the life of the process.
struct Tables {
  std::vector<Region> regions;
  std::vector<Street> streets;
};

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    const std::size_t bar = line.find('|', start);
    fields.push_back(line.substr(start, bar - start));
    if (bar == std::string_view::npos) return fields;
    start = bar + 1;
  }
}

// Calls on_line for each line of text. Throws if the number of lines differs from `expected`
// (a broken generator is a bug, not bad input).
template <class OnLine>
void ForEachLine(std::string_view text, std::size_t expected, OnLine on_line) {
  std::size_t count = 0;
  for (std::size_t start = 0; start < text.size(); ++count) {
    const std::size_t end = text.find('\n', start);
    on_line(SplitFields(text.substr(start, end - start)));
    start = end == std::string_view::npos ? text.size() : end + 1;
  }
  if (count != expected) throw std::logic_error("generated region table is corrupt");
}

Tables Load() {
  Tables t;
  t.regions.reserve(regions_data::kRegionCount);
  ForEachLine(regions_data::kRegionRecords, regions_data::kRegionCount,
              [&](const std::vector<std::string_view>& f) {
                if (f.size() != 5) throw std::logic_error("generated region record is corrupt");
                const RegionLevel level = f[2] == "P"   ? RegionLevel::kProvince
                                          : f[2] == "C" ? RegionLevel::kCity
                                                        : RegionLevel::kCounty;
                t.regions.push_back(Region{f[0], f[1], level, f[3], f[4] == "1"});
              });
  t.streets.reserve(regions_data::kStreetCount);
  ForEachLine(regions_data::kStreetRecords, regions_data::kStreetCount,
              [&](const std::vector<std::string_view>& f) {
                if (f.size() != 2) throw std::logic_error("generated street record is corrupt");
                t.streets.push_back(Street{f[0], f[1]});
              });
  return t;
}

const Tables& GetTables() {
  static const Tables tables = Load();
  return tables;
}

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The 6-digit form of a 2-, 4- or 6-digit code; empty if code is none of these.
std::string Normalise(std::string_view code) {
  if ((code.size() != 2 && code.size() != 4 && code.size() != 6) || !AllDigits(code)) return {};
  std::string out(code);
  out.resize(6, '0');
  return out;
}

// The regions whose code starts with prefix, as a contiguous range of the sorted table.
std::span<const Region> WithPrefix(std::string_view prefix) {
  const std::span<const Region> all = AllRegions();
  const auto begin =
      std::lower_bound(all.begin(), all.end(), prefix,
                       [](const Region& r, std::string_view p) { return r.code < p; });
  auto end = begin;
  while (end != all.end() && end->code.starts_with(prefix)) ++end;
  return {begin, end};
}

}  // namespace

std::span<const Region> AllRegions() { return GetTables().regions; }

const Region* FindRegion(std::string_view code) {
  const std::string key = Normalise(code);
  if (key.empty()) return nullptr;
  const std::span<const Region> all = AllRegions();
  const auto it = std::lower_bound(all.begin(), all.end(), key,
                                   [](const Region& r, std::string_view k) { return r.code < k; });
  if (it == all.end() || it->code != key) return nullptr;
  return &*it;
}

std::string RegionFullName(std::string_view code) {
  const Region* chain[3] = {};
  int depth = 0;
  for (const Region* r = FindRegion(code); r != nullptr && depth < 3;
       r = r->parent_code.empty() ? nullptr : FindRegion(r->parent_code)) {
    chain[depth++] = r;
  }
  std::string out;
  for (int i = depth - 1; i >= 0; --i) {
    if (!chain[i]->grouping) out.append(chain[i]->name);
  }
  return out;
}

std::vector<const Region*> RegionChildren(std::string_view code) {
  std::vector<const Region*> out;
  if (code.empty()) {
    for (const Region& r : AllRegions()) {
      if (r.level == RegionLevel::kProvince) out.push_back(&r);
    }
    return out;
  }
  const Region* parent = FindRegion(code);
  if (parent == nullptr || parent->level == RegionLevel::kCounty) return out;
  const std::string_view prefix =
      parent->code.substr(0, parent->level == RegionLevel::kProvince ? 2 : 4);
  for (const Region& r : WithPrefix(prefix)) {
    if (r.parent_code == parent->code && !r.grouping) {
      out.push_back(&r);
    } else if (parent->level == RegionLevel::kProvince && r.level == RegionLevel::kCounty) {
      const Region* city = FindRegion(r.parent_code);
      if (city != nullptr && city->grouping) out.push_back(&r);
    }
  }
  return out;
}

std::string_view ProvinceCode(std::string_view code) {
  return code.size() < 2 ? std::string_view() : code.substr(0, 2);
}

bool IsKnownProvince(std::string_view two_digits) {
  if (two_digits.size() != 2) return false;
  const Region* r = FindRegion(two_digits);
  return r != nullptr && r->level == RegionLevel::kProvince;
}

std::span<const Street> RegionStreets(std::string_view county_code) {
  if (county_code.size() != 6 || !AllDigits(county_code)) return {};
  const std::span<const Street> all = GetTables().streets;
  const auto begin =
      std::lower_bound(all.begin(), all.end(), county_code,
                       [](const Street& s, std::string_view c) { return s.code.substr(0, 6) < c; });
  auto end = begin;
  while (end != all.end() && end->code.starts_with(county_code)) ++end;
  return {begin, end};
}

}  // namespace zj

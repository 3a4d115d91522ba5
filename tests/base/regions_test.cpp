#include "base/regions.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace zj {
namespace {

std::vector<std::string_view> Names(const std::vector<const Region*>& regions) {
  std::vector<std::string_view> names;
  for (const Region* r : regions) names.push_back(r->name);
  return names;
}

bool HasName(const std::vector<const Region*>& regions, std::string_view name) {
  const auto names = Names(regions);
  return std::find(names.begin(), names.end(), name) != names.end();
}

TEST(Regions, WestLakeDistrictHasItsFullName) {
  EXPECT_EQ(RegionFullName("330106"), "浙江省杭州市西湖区");
  EXPECT_EQ(RegionFullName("330100"), "浙江省杭州市");
  EXPECT_EQ(RegionFullName("330000"), "浙江省");
  EXPECT_EQ(RegionFullName("999999"), "");
}

TEST(Regions, MunicipalityFullNamesSkipTheGroupingLevel) {
  EXPECT_EQ(RegionFullName("110105"), "北京市朝阳区");
  EXPECT_EQ(RegionFullName("310104"), "上海市徐汇区");
  EXPECT_EQ(RegionFullName("500101"), "重庆市万州区");
  EXPECT_EQ(RegionFullName("419001"), "河南省济源市") << "省直辖县级行政区划 is a grouping";
}

TEST(Regions, FindsChaoyangDistrictOfBeijing) {
  const Region* r = FindRegion("110105");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->name, "朝阳区");
  EXPECT_EQ(r->level, RegionLevel::kCounty);
  EXPECT_EQ(r->parent_code, "110100");
  EXPECT_FALSE(r->grouping);
  const Region* grouping = FindRegion("110100");
  ASSERT_NE(grouping, nullptr);
  EXPECT_EQ(grouping->name, "市辖区");
  EXPECT_TRUE(grouping->grouping);
}

TEST(Regions, ShortCodesArePaddedAndBadCodesAreUnknown) {
  ASSERT_NE(FindRegion("44"), nullptr);
  EXPECT_EQ(FindRegion("44")->name, "广东省");
  EXPECT_EQ(FindRegion("44")->level, RegionLevel::kProvince);
  EXPECT_EQ(FindRegion("44")->parent_code, "");
  ASSERT_NE(FindRegion("4401"), nullptr);
  EXPECT_EQ(FindRegion("4401")->name, "广州市");
  EXPECT_EQ(FindRegion("4401")->code, "440100");
  for (std::string_view bad : {"", "4", "440", "4401000", "44010x", "990000", "330199"}) {
    EXPECT_EQ(FindRegion(bad), nullptr) << bad;
  }
}

TEST(Regions, ThirtyOneProvincesInCodeOrder) {
  const std::vector<const Region*> provinces = RegionChildren("");
  ASSERT_EQ(provinces.size(), 31u);
  EXPECT_EQ(provinces.front()->name, "北京市");
  EXPECT_EQ(provinces.back()->name, "新疆维吾尔自治区");
  EXPECT_TRUE(std::is_sorted(provinces.begin(), provinces.end(),
                             [](const Region* a, const Region* b) { return a->code < b->code; }));
}

TEST(Regions, ProvinceChildrenAreCities) {
  const std::vector<const Region*> cities = RegionChildren("330000");
  EXPECT_EQ(cities.size(), 11u);
  EXPECT_EQ(cities.front()->name, "杭州市");
  for (const Region* c : cities) EXPECT_EQ(c->level, RegionLevel::kCity);
}

TEST(Regions, MunicipalityChildrenAreItsDistricts) {
  const std::vector<const Region*> districts = RegionChildren("110000");
  EXPECT_TRUE(HasName(districts, "朝阳区"));
  EXPECT_TRUE(HasName(districts, "海淀区"));
  EXPECT_FALSE(HasName(districts, "市辖区"));
  EXPECT_EQ(districts.size(), RegionChildren("110100").size());
  // 重庆 has two groupings, 市辖区 and 县: both are flattened.
  const std::vector<const Region*> chongqing = RegionChildren("500000");
  EXPECT_TRUE(HasName(chongqing, "万州区"));
  EXPECT_TRUE(HasName(chongqing, "城口县"));
}

TEST(Regions, ProvinceChildrenIncludeDirectlyAdministeredCounties) {
  const std::vector<const Region*> henan = RegionChildren("410000");
  EXPECT_TRUE(HasName(henan, "郑州市"));
  EXPECT_TRUE(HasName(henan, "济源市"));
  EXPECT_FALSE(HasName(henan, "省直辖县级行政区划"));
}

TEST(Regions, CityChildrenAreCounties) {
  const std::vector<const Region*> hangzhou = RegionChildren("330100");
  EXPECT_TRUE(HasName(hangzhou, "西湖区"));
  EXPECT_TRUE(HasName(hangzhou, "淳安县"));
  for (const Region* c : hangzhou) {
    EXPECT_EQ(c->level, RegionLevel::kCounty);
    EXPECT_EQ(c->parent_code, "330100");
  }
  EXPECT_TRUE(RegionChildren("330106").empty());
  EXPECT_TRUE(RegionChildren("990000").empty());
}

TEST(Regions, CityWithoutCountiesIsACity) {
  const Region* dongguan = FindRegion("441900");
  ASSERT_NE(dongguan, nullptr);
  EXPECT_EQ(dongguan->name, "东莞市");
  EXPECT_EQ(dongguan->level, RegionLevel::kCity);
  EXPECT_TRUE(RegionChildren("441900").empty());
  EXPECT_FALSE(RegionStreets("441900").empty());
}

TEST(Regions, ProvinceCodeIsTheFirstTwoDigits) {
  EXPECT_EQ(ProvinceCode("330106"), "33");
  EXPECT_EQ(ProvinceCode("44"), "44");
  EXPECT_EQ(ProvinceCode("4"), "");
}

TEST(Regions, KnownProvinces) {
  for (std::string_view p : {"11", "12", "31", "33", "44", "50", "54", "65"}) {
    EXPECT_TRUE(IsKnownProvince(p)) << p;
  }
  for (std::string_view p : {"00", "10", "20", "71", "81", "82", "99", "1", "110", "3x"}) {
    EXPECT_FALSE(IsKnownProvince(p)) << p;
  }
}

TEST(Regions, EveryParentIsKnownAndOneLevelUp) {
  const std::span<const Region> all = AllRegions();
  EXPECT_GT(all.size(), 3000u);
  for (const Region& r : all) {
    ASSERT_EQ(r.code.size(), 6u);
    if (r.level == RegionLevel::kProvince) {
      EXPECT_TRUE(r.parent_code.empty());
      continue;
    }
    const Region* parent = FindRegion(r.parent_code);
    ASSERT_NE(parent, nullptr) << r.code;
    EXPECT_EQ(static_cast<int>(parent->level) + 1, static_cast<int>(r.level)) << r.code;
    EXPECT_EQ(FindRegion(r.code), &r);
  }
}

TEST(Regions, WestLakeDistrictHasItsStreets) {
  const std::span<const Street> streets = RegionStreets("330106");
  ASSERT_FALSE(streets.empty());
  bool found = false;
  for (const Street& s : streets) {
    EXPECT_TRUE(s.code.starts_with("330106")) << s.code;
    EXPECT_EQ(s.code.size(), 9u);
    found = found || s.name == "北山街道";
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(RegionStreets("999999").empty());
  EXPECT_TRUE(RegionStreets("33").empty());
}

}  // namespace
}  // namespace zj

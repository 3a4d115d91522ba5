#include <gtest/gtest.h>

#include "support/test_app.h"

namespace zj {
namespace {

using testing::AppTest;
using testing::Browser;

class PolicyTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    LoadDemo(20);
    AddUser("prov", OrgId("浙江省总工会"), "cadre_admin");
    AddUser("xihu", OrgId("西湖区总工会"), "cadre_admin");
    prov_ = Login("prov");
    xihu_ = Login("xihu");
  }
  testing::Reply Set(const Browser& b, const std::string& region, const std::string& from,
                     int64_t dibao_fen) {
    return Call("POST", "/api/v1/hardship/policies",
                R"({"region_code":")" + region + R"(","effective_from":")" + from +
                    R"(","dibao_monthly_fen":)" + std::to_string(dibao_fen) +
                    R"(,"min_wage_monthly_fen":249000})",
                &b);
  }
  Browser prov_, xihu_;
};

TEST_P(PolicyTest, ACountyInheritsTheProvincePolicyUntilItSetsItsOwn) {
  ASSERT_EQ(Set(prov_, "330000", "2026-01-01", 100'000).status, 201);
  auto inherited = Call("GET", "/api/v1/hardship/policies/330106?date=2026-06-01", "", &xihu_);
  ASSERT_EQ(inherited.status, 200) << inherited.body;
  EXPECT_EQ(inherited.json.at("region_code").as_string(), "330000");
  EXPECT_TRUE(inherited.json.at("inherited").as_bool());
  ASSERT_EQ(Set(xihu_, "330106", "2026-07-01", 110'000).status, 201);
  auto before = Call("GET", "/api/v1/hardship/policies/330106?date=2026-06-30", "", &xihu_);
  EXPECT_EQ(before.json.at("dibao_monthly_fen").as_int64(), 100'000);
  auto after = Call("GET", "/api/v1/hardship/policies/330106?date=2026-07-01", "", &xihu_);
  EXPECT_EQ(after.json.at("dibao_monthly_fen").as_int64(), 110'000);
  EXPECT_FALSE(after.json.at("inherited").as_bool());
  // A sibling county still inherits the province's.
  auto sibling = Call("GET", "/api/v1/hardship/policies/330102?date=2026-08-01", "", &xihu_);
  EXPECT_EQ(sibling.json.at("region_code").as_string(), "330000");
}

TEST_P(PolicyTest, OnlyTheRegionsOwnUnionSetsItsPolicyAndEveryVersionIsKept) {
  auto county_sets_province = Set(xihu_, "330000", "2026-01-01", 100'000);
  EXPECT_EQ(county_sets_province.status, 403) << county_sets_province.body;
  auto sibling = Set(xihu_, "330102", "2026-01-01", 100'000);
  EXPECT_EQ(sibling.status, 403);
  ASSERT_EQ(Set(prov_, "330000", "2026-01-01", 100'000).status, 201);
  auto second = Set(prov_, "330000", "2026-01-01", 105'000);
  EXPECT_EQ(second.json.at("version").as_int64(), 2);
  auto history = Call("GET", "/api/v1/hardship/policies/330000/history", "", &prov_);
  EXPECT_EQ(history.json.at("items").as_array().size(), 2u);
  auto conn = db().Acquire();
  EXPECT_EQ(
      conn->Scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'hardship.policy'")->AsInt(), 2);
  EXPECT_THROW(conn->Exec("UPDATE hardship_policies SET dibao_monthly_fen = 1"), db::DbError);
}

TEST_P(PolicyTest, BadPoliciesAreRefusedAtTheirField) {
  auto zero = Set(prov_, "330000", "2026-01-01", 0);
  EXPECT_EQ(zero.status, 400);
  EXPECT_EQ(zero.json.at("error").at("field").as_string(), "dibao_monthly_fen");
  auto date = Set(prov_, "330000", "2026-02-30", 100'000);
  EXPECT_EQ(date.status, 400);
  auto region = Set(prov_, "999999", "2026-01-01", 100'000);
  EXPECT_EQ(region.json.at("error").at("field").as_string(), "region_code");
  EXPECT_EQ(Call("GET", "/api/v1/hardship/policies/33x106", "", &prov_).status, 400);
}

TEST_P(PolicyTest, WhatIfAssessmentExplainsItsVerdict) {
  auto none =
      Call("POST", "/api/v1/hardship/assess",
           R"({"region_code":"330106","date":"2026-06-01","household":{"members":3}})", &xihu_);
  EXPECT_EQ(none.status, 404) << none.body;  // no policy yet: says so
  ASSERT_EQ(Set(prov_, "330000", "2026-01-01", 100'000).status, 201);
  auto r = Call("POST", "/api/v1/hardship/assess",
                R"({"region_code":"330106","date":"2026-06-01","household":{"members":3,)"
                R"("income_fen":3240000,"rigid_expenses_fen":0}})",
                &xihu_, {{"accept-language", "en"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json.at("category").as_string(), "deep");
  EXPECT_EQ(r.json.at("figures").at("per_head_monthly_fen").as_int64(), 90'000);
  EXPECT_NE(std::string(r.json.at("explanation").as_array().back().as_string()).find("deep"),
            std::string::npos);
  auto bad = Call("POST", "/api/v1/hardship/assess",
                  R"({"region_code":"330106","household":{"members":0}})", &xihu_);
  EXPECT_EQ(bad.status, 400);
}

ZJ_INSTANTIATE_ENGINES(PolicyTest);

}  // namespace
}  // namespace zj

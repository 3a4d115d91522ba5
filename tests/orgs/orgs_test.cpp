#include <gtest/gtest.h>

#include "support/test_app.h"

namespace zj {
namespace {

using testing::AppTest;
using testing::Browser;

class OrgsTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    LoadDemo(100);
    province_ = OrgId("浙江省总工会");
    hangzhou_ = OrgId("杭州市总工会");
    xihu_ = OrgId("西湖区总工会");
    shangcheng_ = OrgId("上城区总工会");
    AddUser("prov", province_, "cadre_admin");
    cadre_ = Login("prov");
  }
  testing::Reply Create(const std::string& json) {
    return Call("POST", "/api/v1/orgs", json, &cadre_);
  }
  std::string Grassroots(int64_t parent, const std::string& name, const std::string& region) {
    return R"({"parent_id":)" + std::to_string(parent) + R"(,"name":")" + name +
           R"(","level":"grassroots","kind":"enterprise","region_code":")" + region + R"("})";
  }
  int64_t province_ = 0, hangzhou_ = 0, xihu_ = 0, shangcheng_ = 0;
  Browser cadre_;
};

TEST_P(OrgsTest, CreateAGrassrootsUnionAndFindItByPinyinInitialsAndTraditionalName) {
  auto r = Create(Grassroots(xihu_, "西湖龍井茶葉有限公司工會", "330106"));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json.at("name").as_string(), "西湖龍井茶葉有限公司工會");  // stored as written
  EXPECT_EQ(r.json.at("region_name").as_string(), "浙江省杭州市西湖区");
  for (const char* q : {"xhljcy", "龙井茶叶", "龍井", "longjing"}) {
    auto s = Call("GET", std::string("/api/v1/orgs/search?q=") + q, "", &cadre_);
    ASSERT_EQ(s.status, 200);
    bool found = false;
    for (const auto& item : s.json.at("items").as_array()) {
      found |= item.at("id") == r.json.at("id");
    }
    EXPECT_TRUE(found) << q;
  }
}

TEST_P(OrgsTest, SearchFindsTheCountyUnionByInitials) {
  auto s = Call("GET", "/api/v1/orgs/search?q=xhq", "", &cadre_);
  ASSERT_EQ(s.status, 200);
  ASSERT_FALSE(s.json.at("items").as_array().empty());
  EXPECT_EQ(s.json.at("items").at(0).at("name").as_string(), "西湖区总工会");
  EXPECT_EQ(s.json.at("items").at(0).at("ancestors").as_array().size(), 3u);
}

TEST_P(OrgsTest, LevelKindRegionAndCreditCodeAreValidated) {
  struct Case {
    std::string body, field;
  };
  const std::vector<Case> cases = {
      {Grassroots(xihu_, "", "330106"), "name"},
      {R"({"parent_id":)" + std::to_string(xihu_) +
           R"(,"name":"某工会","level":"galaxy","region_code":"330106"})",
       "level"},
      {R"({"parent_id":)" + std::to_string(xihu_) +
           R"(,"name":"某工会","level":"grassroots","region_code":"330106"})",
       "kind"},
      {Grassroots(xihu_, "某工会", "999999"), "region_code"},
      {Grassroots(xihu_, "某工会", "110105"), "region_code"},  // Beijing under Hangzhou
      {R"({"parent_id":)" + std::to_string(xihu_) +
           R"(,"name":"某工会","level":"city","region_code":"330106"})",
       "level"},
      {R"({"parent_id":)" + std::to_string(xihu_) +
           R"(,"name":"某工会","level":"grassroots","kind":"enterprise","region_code":"330106",)"
           R"("credit_code":"91350100M000100Y44"})",
       "credit_code"},
      {R"({"parent_id":"abc","name":"某工会"})", "parent_id"},
  };
  for (const auto& c : cases) {
    auto r = Create(c.body);
    EXPECT_EQ(r.status, 400) << c.body << " → " << r.body;
    EXPECT_EQ(r.json.at("error").at("field").as_string(), c.field) << r.body;
  }
}

TEST_P(OrgsTest, DuplicateNameUnderTheSameParentIsAConflict) {
  ASSERT_EQ(Create(Grassroots(xihu_, "同名工会", "330106")).status, 201);
  auto again = Create(Grassroots(xihu_, "同名工会", "330106"));
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(Create(Grassroots(shangcheng_, "同名工会", "330102")).status, 201);
}

TEST_P(OrgsTest, MoveCarriesTheSubtreeAndRewritesPaths) {
  auto conn = db().Acquire();
  const int64_t before = conn->Scalar("SELECT COUNT(*) FROM orgs WHERE path LIKE ?",
                                      {"%/" + std::to_string(xihu_) + "/%"})
                             ->AsInt();
  // Xihu (a county) moves from Hangzhou to directly under the province: its subtree comes along.
  auto moved = Call("POST", "/api/v1/orgs/" + std::to_string(xihu_) + "/move",
                    R"({"parent_id":)" + std::to_string(province_) + "}", &cadre_);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json.at("parent_id").as_int64(), province_);
  EXPECT_EQ(moved.json.at("depth").as_int64(), 2);
  const std::string new_prefix =
      "/1/" + std::to_string(province_) + "/" + std::to_string(xihu_) + "/";
  EXPECT_EQ(
      conn->Scalar("SELECT COUNT(*) FROM orgs WHERE path LIKE ?", {new_prefix + "%"})->AsInt(),
      before);
  EXPECT_EQ(conn->Scalar("SELECT COUNT(*) FROM orgs WHERE path LIKE ?",
                         {"%/" + std::to_string(hangzhou_) + "/" + std::to_string(xihu_) + "/%"})
                ->AsInt(),
            0);
  auto child = Call("GET", "/api/v1/orgs?parent_id=" + std::to_string(xihu_), "", &cadre_);
  ASSERT_FALSE(child.json.at("items").as_array().empty());
  EXPECT_EQ(child.json.at("items").at(0).at("depth").as_int64(), 3);
}

TEST_P(OrgsTest, MoveIntoAnotherCountyNeedsARegionInsideIt) {
  auto org = Create(Grassroots(xihu_, "搬迁企业工会", "330106"));
  ASSERT_EQ(org.status, 201);
  auto r = Call("POST", "/api/v1/orgs/" + std::to_string(org.json.at("id").as_int64()) + "/move",
                R"({"parent_id":)" + std::to_string(shangcheng_) + "}", &cadre_);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json.at("error").at("field").as_string(), "region_code");
}

TEST_P(OrgsTest, AnOrgCannotMoveUnderItsOwnSubtree) {
  auto r = Call("POST", "/api/v1/orgs/" + std::to_string(hangzhou_) + "/move",
                R"({"parent_id":)" + std::to_string(xihu_) + "}", &cadre_);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json.at("error").at("field").as_string(), "parent_id");
}

TEST_P(OrgsTest, CloseNeedsAReasonAndNoActiveChildren) {
  auto busy = Call("POST", "/api/v1/orgs/" + std::to_string(xihu_) + "/close",
                   R"({"reason":"合并"})", &cadre_);
  EXPECT_EQ(busy.status, 409) << busy.body;
  auto leaf = Create(Grassroots(xihu_, "将撤销的工会", "330106"));
  const std::string target = "/api/v1/orgs/" + std::to_string(leaf.json.at("id").as_int64());
  EXPECT_EQ(Call("POST", target + "/close", R"({"reason":""})", &cadre_).status, 400);
  auto closed = Call("POST", target + "/close", R"({"reason":"企业注销"})", &cadre_);
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json.at("status").as_string(), "closed");
  EXPECT_EQ(Call("POST", target + "/close", R"({"reason":"再撤"})", &cadre_).status, 409);
}

TEST_P(OrgsTest, SubtreePagesAndCounts) {
  auto detail = Call("GET", "/api/v1/orgs/" + std::to_string(hangzhou_), "", &cadre_);
  ASSERT_EQ(detail.status, 200);
  const int64_t subtree = detail.json.at("counts").at("subtree").as_int64();
  EXPECT_GT(subtree, 10);
  EXPECT_EQ(detail.json.at("counts").at("by_level").at("city").as_int64(), 1);
  auto page =
      Call("GET", "/api/v1/orgs/" + std::to_string(hangzhou_) + "/subtree?page=1&page_size=5", "",
           &cadre_);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.json.at("total").as_int64(), subtree);
  EXPECT_EQ(page.json.at("items").as_array().size(), 5u);
  auto counties = Call("GET", "/api/v1/orgs/" + std::to_string(hangzhou_) + "/subtree?level=county",
                       "", &cadre_);
  EXPECT_EQ(counties.json.at("total").as_int64(),
            detail.json.at("counts").at("by_level").at("county").as_int64());
  EXPECT_EQ(Call("GET", "/api/v1/orgs/" + std::to_string(hangzhou_) + "/subtree?page_size=100000",
                 "", &cadre_)
                .status,
            400);
}

TEST_P(OrgsTest, RegionsListTheRealDivisions) {
  auto r = Call("GET", "/api/v1/regions?parent=330100", "", &cadre_);
  ASSERT_EQ(r.status, 200);
  bool xihu = false;
  for (const auto& item : r.json.at("items").as_array()) {
    xihu |= item.at("code").as_string() == "330106" && item.at("name").as_string() == "西湖区";
  }
  EXPECT_TRUE(xihu);
  EXPECT_EQ(Call("GET", "/api/v1/regions?parent=12345x", "", &cadre_).status, 400);
}

ZJ_INSTANTIATE_ENGINES(OrgsTest);

}  // namespace
}  // namespace zj

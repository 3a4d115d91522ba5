// A county cadre sees only its own subtree in lists and searches, and moves nothing across the
// boundary; every route as every caller is probed in route_scope_test.cpp.
#include <gtest/gtest.h>

#include <regex>

#include "support/test_app.h"

namespace zj {
namespace {

using testing::AppTest;
using testing::Browser;

// Every byte of `s` as %XX: a query value of any text.
std::string Percent(const std::string& s) {
  std::string out;
  for (unsigned char ch : s) {
    static const char* kHex = "0123456789ABCDEF";
    out += '%';
    out += kHex[ch >> 4];
    out += kHex[ch & 15];
  }
  return out;
}

class ScopeTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    LoadDemo(200);
    xihu_ = OrgId("西湖区总工会");
    shangcheng_ = OrgId("上城区总工会");
    AddUser("xihu_cadre", xihu_, "cadre_admin");
    cadre_ = Login("xihu_cadre");
    auto conn = db().Acquire();
    sibling_child_ =
        conn->Scalar("SELECT MIN(id) FROM orgs WHERE parent_id = ?", {shangcheng_})->AsInt();
  }
  int64_t xihu_ = 0, shangcheng_ = 0, sibling_child_ = 0;
  Browser cadre_;
};

TEST_P(ScopeTest, ListsAndSearchesShowOnlyTheOwnSubtree) {
  auto roots = Call("GET", "/api/v1/orgs", "", &cadre_);
  ASSERT_EQ(roots.status, 200);
  ASSERT_EQ(roots.json.at("items").as_array().size(), 1u);
  EXPECT_EQ(roots.json.at("items").at(0).at("id").as_int64(), xihu_);

  auto children = Call("GET", "/api/v1/orgs?parent_id=" + std::to_string(shangcheng_), "", &cadre_);
  EXPECT_EQ(children.status, 404);

  auto search = Call("GET", "/api/v1/orgs/search?q=zgh&limit=50", "", &cadre_);
  ASSERT_EQ(search.status, 200);
  for (const auto& item : search.json.at("items").as_array()) {
    const auto& ancestors = item.at("ancestors").as_array();
    bool under_xihu = item.at("id").as_int64() == xihu_;
    for (const auto& a : ancestors) under_xihu |= a.at("id").as_int64() == xihu_;
    EXPECT_TRUE(under_xihu) << item.at("name").as_string();
  }
}

TEST_P(ScopeTest, ATransferTargetMayBeAnyActiveUnionButOnlyForThoseWhoWriteMembers) {
  // Not among the cadre's own orgs...
  auto own = Call("GET", "/api/v1/orgs/search?q=%E4%B8%8A%E5%9F%8E", "", &cadre_);  // 上城
  ASSERT_EQ(own.status, 200);
  EXPECT_TRUE(own.json.at("items").as_array().empty()) << own.body;
  // ...but a member may transfer there.
  auto target = Call("GET", "/api/v1/orgs/search?q=%E4%B8%8A%E5%9F%8E&for=transfer", "", &cadre_);
  ASSERT_EQ(target.status, 200) << target.body;
  bool found = false;
  for (const auto& item : target.json.at("items").as_array()) {
    found |= item.at("id").as_int64() == shangcheng_;
  }
  EXPECT_TRUE(found) << target.body;
  // A closed union is no destination.
  {
    auto conn = db().Acquire();
    conn->Exec("UPDATE orgs SET status = 'closed' WHERE id = ?", {sibling_child_});
    const std::string name =
        conn->Scalar("SELECT name FROM orgs WHERE id = ?", {sibling_child_})->AsText();
    auto closed =
        Call("GET", "/api/v1/orgs/search?q=" + Percent(name) + "&for=transfer", "", &cadre_);
    ASSERT_EQ(closed.status, 200);
    for (const auto& item : closed.json.at("items").as_array()) {
      EXPECT_NE(item.at("id").as_int64(), sibling_child_);
    }
  }
  EXPECT_EQ(Call("GET", "/api/v1/orgs/search?q=x&for=everything", "", &cadre_).status, 400);
  AddUser("xihu_reader", xihu_, "viewer");
  Browser viewer = Login("xihu_reader");
  EXPECT_EQ(Call("GET", "/api/v1/orgs/search?q=x&for=transfer", "", &viewer).status, 403);
}

TEST_P(ScopeTest, MovingAnOrgIntoOrOutOfTheScopeIsRefused) {
  auto conn = db().Acquire();
  const int64_t own_child =
      conn->Scalar("SELECT MIN(id) FROM orgs WHERE parent_id = ?", {xihu_})->AsInt();
  auto out = Call("POST", "/api/v1/orgs/" + std::to_string(own_child) + "/move",
                  R"({"parent_id":)" + std::to_string(shangcheng_) + "}", &cadre_);
  EXPECT_EQ(out.status, 404) << out.body;
  auto in = Call("POST", "/api/v1/orgs/" + std::to_string(sibling_child_) + "/move",
                 R"({"parent_id":)" + std::to_string(xihu_) + "}", &cadre_);
  EXPECT_EQ(in.status, 404) << in.body;
}

TEST_P(ScopeTest, ReadOnlyCadreCannotWriteInsideTheirOwnScope) {
  AddUser("xihu_viewer", xihu_, "viewer");
  Browser viewer = Login("xihu_viewer");
  auto get = Call("GET", "/api/v1/orgs/" + std::to_string(xihu_), "", &viewer);
  EXPECT_EQ(get.status, 200);
  auto rename =
      Call("PATCH", "/api/v1/orgs/" + std::to_string(xihu_), R"({"name":"改名"})", &viewer);
  EXPECT_EQ(rename.status, 403) << rename.body;
}

ZJ_INSTANTIATE_ENGINES(ScopeTest);

}  // namespace
}  // namespace zj

// Bad input gets a 4xx with a clear message, never a 500.
#include <gtest/gtest.h>

#include "support/test_app.h"

namespace zj {
namespace {

using testing::AppTest;
using testing::Browser;

class BadInputTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    LoadDemo(20);
    province_ = OrgId("浙江省总工会");
    AddUser("prov", province_, "cadre_admin");
    cadre_ = Login("prov");
  }
  void ExpectClear4xx(const testing::Reply& r, int status, const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.body;
    EXPECT_FALSE(r.ErrorMessage().empty()) << what << ": " << r.body;
  }
  int64_t province_ = 0;
  Browser cadre_;
};

// Every route, with every kind of junk in its body and path, as an administrator (so that no
// scope check stops it before the input is read): never a 500.
TEST_P(BadInputTest, NoRouteAnswersJunkWithA500) {
  AddUser("root", OrgId("中华全国总工会"), "admin", "all");
  const Browser root = Login("root");
  const std::vector<std::string> bodies = {
      "",
      "{",
      "[]",
      "null",
      R"({"a":1})",
      R"({"member_id":"x","declaration":[],"name":5,"amount_fen":-1,"kind":{},"tid":"zz"})",
      R"({"member_id":1,"declaration":{"people":[{}],"incomes":[1],"bank":"x"}})",
      R"({"days":[{"day":"2026-13-40","kind":"holiday"}],"change":{"dibao_monthly_fen":1e300}})",
      R"({"file_id":1e30,"fund_account_id":-5,"amount_fen":9223372036854775807})",
      std::string("\xFF\xFE\x00junk", 7)};
  int calls = 0;
  for (const auto& route : router_->routes()) {
    if (route.pattern.starts_with("/api/v1/session")) continue;  // would sign the caller out
    for (const std::string& id : {"1", "99999999", "0", "-1", "abc"}) {
      std::string path = route.pattern;
      for (size_t open; (open = path.find('{')) != std::string::npos;) {
        path.replace(open, path.find('}', open) - open + 1, id);
      }
      for (const auto& body : route.method == "GET" ? std::vector<std::string>{""} : bodies) {
        for (const char* query : {"", "?page=-1&q=%00&org_id=x&from=2026-02-30&year=1"}) {
          auto r = Call(route.method, path + query, body, &root);
          ++calls;
          EXPECT_LT(r.status, 500)
              << route.method << " " << path << query << " with " << body << ": " << r.body;
        }
      }
    }
  }
  EXPECT_GT(calls, 2000);
}

TEST_P(BadInputTest, MalformedJsonIsA400WithTheParserMessage) {
  for (const char* body :
       {"{", "{\"name\":}", "[1,2]", "\"text\"", "{\"name\":\"a\"} trailing", "\xff\xfe{}"}) {
    auto r = Call("POST", "/api/v1/orgs", body, &cadre_);
    ExpectClear4xx(r, 400, body);
  }
  auto session = Call("POST", "/api/v1/session", "not json");
  ExpectClear4xx(session, 400, "login body");
}

TEST_P(BadInputTest, WrongTypesNameTheField) {
  auto r = Call("POST", "/api/v1/orgs", R"({"parent_id":1.5,"name":"x"})", &cadre_);
  ExpectClear4xx(r, 400, "fractional id");
  EXPECT_EQ(r.json.at("error").at("field").as_string(), "parent_id");
  auto n = Call("POST", "/api/v1/orgs", R"({"parent_id":2,"name":12})", &cadre_);
  EXPECT_EQ(n.json.at("error").at("field").as_string(), "name");
}

TEST_P(BadInputTest, InvalidIdsInThePathAre400) {
  for (const char* id : {"abc", "-1", "0", "1.5", "99999999999999999999", "1%27%20OR%201=1"}) {
    auto r = Call("GET", std::string("/api/v1/orgs/") + id, "", &cadre_);
    ExpectClear4xx(r, 400, id);
    EXPECT_EQ(r.ErrorCode(), "invalid_argument");
  }
  auto huge = Call("GET", "/api/v1/orgs/9223372036854775807", "", &cadre_);
  ExpectClear4xx(huge, 404, "unknown id");
}

TEST_P(BadInputTest, SqlLookingTextIsJustText) {
  const std::string name = "x'); DROP TABLE orgs; --";
  auto r = Call("POST", "/api/v1/orgs",
                R"({"parent_id":)" + std::to_string(OrgId("西湖区总工会")) + R"(,"name":")" + name +
                    R"(","level":"grassroots","kind":"enterprise","region_code":"330106"})",
                &cadre_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json.at("name").as_string(), name);
  auto s = Call("GET", "/api/v1/orgs/search?q=%27%20OR%20%271%27%3D%271", "", &cadre_);
  EXPECT_EQ(s.status, 200);
  EXPECT_TRUE(s.json.at("items").as_array().empty());
  auto like = Call("GET", "/api/v1/orgs/search?q=%25", "", &cadre_);
  EXPECT_EQ(like.status, 200);
  EXPECT_TRUE(like.json.at("items").as_array().empty()) << "% must be matched literally";
  auto conn = db().Acquire();
  EXPECT_GT(conn->Scalar("SELECT COUNT(*) FROM orgs")->AsInt(), 20);
}

TEST_P(BadInputTest, UnknownRoutesAre404AndWrongMethodsAre405WithAllow) {
  auto r = Call("GET", "/api/v1/no-such-thing", "", &cadre_);
  ExpectClear4xx(r, 404, "unknown route");
  auto m = Call("DELETE", "/api/v1/orgs/1", "", &cadre_);
  ExpectClear4xx(m, 405, "wrong method");
  EXPECT_NE(m.Header("Allow").find("PATCH"), std::string::npos);
}

TEST_P(BadInputTest, ErrorsComeInEnglishWhenAskedFor) {
  auto zh = Call("GET", "/api/v1/orgs");
  EXPECT_EQ(zh.ErrorMessage(), "请先登录");
  auto en = Call("GET", "/api/v1/orgs", "", nullptr, {{"accept-language", "en-GB,en;q=0.8"}});
  EXPECT_EQ(en.ErrorMessage(), "Please log in first");
}

TEST_P(BadInputTest, OverlongAndInvalidTextIsRefused) {
  const std::string long_name(400, 'a');
  auto r = Call("PATCH", "/api/v1/orgs/" + std::to_string(province_),
                R"({"name":")" + long_name + R"("})", &cadre_);
  ExpectClear4xx(r, 400, "overlong name");
  auto q = Call("GET", "/api/v1/orgs/search?q=" + std::string(300, 'x'), "", &cadre_);
  ExpectClear4xx(q, 400, "overlong query");
  auto page =
      Call("GET", "/api/v1/orgs/" + std::to_string(province_) + "/subtree?page=-3", "", &cadre_);
  ExpectClear4xx(page, 400, "negative page");
  auto level =
      Call("GET", "/api/v1/orgs/" + std::to_string(province_) + "/subtree?level=x", "", &cadre_);
  ExpectClear4xx(level, 400, "unknown level");
}

TEST_P(BadInputTest, WrongContentTypeIs415) {
  auto r = Call("POST", "/api/v1/session", R"({"username":"prov","password":"x"})", nullptr,
                {{"content-type", "text/plain"}});
  ExpectClear4xx(r, 415, "text/plain body");
}

ZJ_INSTANTIATE_ENGINES(BadInputTest);

}  // namespace
}  // namespace zj

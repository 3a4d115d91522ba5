#include <gtest/gtest.h>

#include "auth/password.h"
#include "auth/service.h"
#include "support/test_app.h"

namespace zj {
namespace {

using testing::AppTest;
using testing::Browser;

class SessionTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    LoadDemo(20);
    province_ = OrgId("浙江省总工会");
    AddUser("prov", province_, "cadre_admin");
  }
  int64_t province_ = 0;
};

TEST_P(SessionTest, PasswordsAreStoredAsArgon2id) {
  auto conn = db().Acquire();
  const std::string hash =
      conn->Scalar("SELECT password_hash FROM users WHERE username = 'prov'")->AsText();
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_EQ(hash.find(kPassword), std::string::npos);
}

TEST_P(SessionTest, LoginSetsAStrictHttpOnlyCookieAndReturnsACsrfToken) {
  auto r = Call("POST", "/api/v1/session",
                R"({"username":"prov","password":")" + std::string(kPassword) + R"("})");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string cookie = r.Header("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_GE(r.json.at("csrf_token").as_string().size(), 32u);
  EXPECT_EQ(r.json.at("user").at("org_name").as_string(), "浙江省总工会");
}

TEST_P(SessionTest, WrongPasswordIs401AndFiveFailuresLockTheAccount) {
  for (int i = 1; i <= 4; ++i) {
    auto r = Call("POST", "/api/v1/session", R"({"username":"prov","password":"wrong-password"})");
    EXPECT_EQ(r.status, 401) << i;
    EXPECT_EQ(r.ErrorMessage(), "用户名或密码错误");
  }
  auto fifth =
      Call("POST", "/api/v1/session", R"({"username":"prov","password":"wrong-password"})");
  EXPECT_EQ(fifth.status, 423);
  // Even the right password is refused while locked.
  auto right = Call("POST", "/api/v1/session",
                    R"({"username":"prov","password":")" + std::string(kPassword) + R"("})",
                    nullptr, {{"accept-language", "en-US,en;q=0.9"}});
  EXPECT_EQ(right.status, 423);
  EXPECT_NE(right.ErrorMessage().find("locked"), std::string::npos) << right.body;
  auto conn = db().Acquire();
  EXPECT_GE(conn->Scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'session.lock'")->AsInt(),
            1);
}

TEST_P(SessionTest, UnknownUserGetsTheSameAnswerAsAWrongPassword) {
  auto r = Call("POST", "/api/v1/session", R"({"username":"nobody","password":"whatever-pw"})");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.ErrorMessage(), "用户名或密码错误");
}

TEST_P(SessionTest, UnsafeRequestsNeedTheCsrfToken) {
  Browser b = Login("prov");
  const std::string target = "/api/v1/orgs/" + std::to_string(province_);
  Browser no_token{b.cookie, ""};
  auto missing = Call("PATCH", target, R"({"name":"浙江省总工会（改）"})", &no_token);
  EXPECT_EQ(missing.status, 403);
  EXPECT_EQ(missing.ErrorCode(), "forbidden");
  Browser wrong{b.cookie, "not-the-token"};
  EXPECT_EQ(Call("PATCH", target, R"({"name":"浙江省总工会（改）"})", &wrong).status, 403);
  EXPECT_EQ(Call("PATCH", target, R"({"name":"浙江省总工会（改）"})", &b).status, 200);
  // Reads need no token.
  EXPECT_EQ(Call("GET", target, "", &no_token).status, 200);
}

TEST_P(SessionTest, LogoutEndsTheSession) {
  Browser b = Login("prov");
  EXPECT_EQ(Call("GET", "/api/v1/session", "", &b).status, 200);
  EXPECT_EQ(Call("DELETE", "/api/v1/session", "", &b).status, 204);
  auto after = Call("GET", "/api/v1/session", "", &b);
  EXPECT_EQ(after.status, 401);
}

TEST_P(SessionTest, BearerTokensWorkWithoutCsrf) {
  auto conn = db().Acquire();
  auto token = auth::IssueToken(*conn, nullptr, "prov", "etl");
  ASSERT_TRUE(token.has_value());
  auto r = Call("PATCH", "/api/v1/orgs/" + std::to_string(province_), R"({"name":"浙江省总工会"})",
                nullptr, {{"authorization", "Bearer " + *token}});
  EXPECT_EQ(r.status, 200) << r.body;
  auto bad = Call("GET", "/api/v1/orgs", "", nullptr, {{"authorization", "Bearer zjt_forged"}});
  EXPECT_EQ(bad.status, 401);
}

TEST_P(SessionTest, NoRouteButLoginAndHealthAnswersWithoutAuthentication) {
  for (const auto& route : router_->routes()) {
    if (route.options.requires_auth) continue;
    // The public notice board shows masked names only; registration checks a member's record.
    EXPECT_TRUE(route.pattern == "/api/v1/session" || route.pattern == "/healthz" ||
                route.pattern == "/metrics" || route.pattern == "/api/v1/workers/register" ||
                route.pattern == "/api/v1/public/notices/{org_id}" ||
                route.pattern == "/api/v1/public/aid-notices/{org_id}")
        << route.method << " " << route.pattern << " is public";
  }
  EXPECT_EQ(Call("GET", "/api/v1/orgs").status, 401);
}

TEST_P(SessionTest, ShortPasswordsAreRefused) {
  auto conn = db().Acquire();
  auto r = auth::CreateUser(*conn, nullptr, {"shorty", "短", province_, "abc"});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "password");
}

TEST_P(SessionTest, WritesAreAudited) {
  Browser b = Login("prov");
  auto r =
      Call("PATCH", "/api/v1/orgs/" + std::to_string(province_), R"({"name":"浙江省总工会"})", &b);
  ASSERT_EQ(r.status, 200);
  auto conn = db().Acquire();
  auto rows =
      conn->Query("SELECT actor, entity_id, request_id FROM audit_log WHERE action = 'org.update'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Text(0), "prov");
  EXPECT_EQ(rows[0].Text(1), std::to_string(province_));
  EXPECT_EQ(rows[0].Text(2), r.Header("X-Request-Id"));
}

ZJ_INSTANTIATE_ENGINES(SessionTest);

}  // namespace
}  // namespace zj

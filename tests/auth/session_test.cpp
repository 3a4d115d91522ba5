#include <gtest/gtest.h>

#include "auth/password.h"
#include "auth/service.h"
#include "base/clock.h"
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

TEST_P(SessionTest, FailedLoginsSlowDownThatClientOnlyWithAGrowingDelay) {
  client_ip_ = "203.0.113.7";  // someone guessing
  for (int i = 1; i <= 4; ++i) {
    auto r = Call("POST", "/api/v1/session", R"({"username":"prov","password":"wrong-password"})");
    EXPECT_EQ(r.status, 401) << i;
    EXPECT_EQ(r.ErrorMessage(), "用户名或密码错误");
  }
  auto fifth =
      Call("POST", "/api/v1/session", R"({"username":"prov","password":"wrong-password"})");
  EXPECT_EQ(fifth.status, 429) << fifth.body;
  // That client waits, even with the right password...
  auto right = Call("POST", "/api/v1/session",
                    R"({"username":"prov","password":")" + std::string(kPassword) + R"("})",
                    nullptr, {{"accept-language", "en-US,en;q=0.9"}});
  EXPECT_EQ(right.status, 429);
  EXPECT_NE(right.ErrorMessage().find("try again in 30 seconds"), std::string::npos) << right.body;
  // ...but the user at their own desk is not locked out.
  client_ip_ = "10.1.2.3";
  EXPECT_EQ(Call("POST", "/api/v1/session",
                 R"({"username":"prov","password":")" + std::string(kPassword) + R"("})")
                .status,
            200);
  // Each further failure from the guessing client doubles its wait, up to 15 minutes.
  client_ip_ = "203.0.113.7";
  auto conn = db().Acquire();
  auto wait_s = [&] {
    const std::string until =
        conn->Scalar(
                "SELECT blocked_until FROM login_throttle WHERE username = 'prov' AND client = ?",
                {client_ip_})
            ->AsText();
    return std::chrono::duration_cast<std::chrono::seconds>(*ParseIso(until) -
                                                            std::chrono::system_clock::now())
        .count();
  };
  for (int64_t expected : {60, 120, 240, 480, 900, 900}) {
    conn->Exec("UPDATE login_throttle SET blocked_until = NULL WHERE client = ?", {client_ip_});
    EXPECT_EQ(
        Call("POST", "/api/v1/session", R"({"username":"prov","password":"nope-nope"})").status,
        429);
    EXPECT_NEAR(wait_s(), expected, 2);
  }
  EXPECT_GE(
      conn->Scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'session.throttle'")->AsInt(), 1);
  // Unknown names are counted the same way (nothing tells them apart).
  for (int i = 1; i <= 5; ++i) {
    auto r = Call("POST", "/api/v1/session", R"({"username":"nobody","password":"whatever-pw"})");
    EXPECT_EQ(r.status, i < 5 ? 401 : 429) << i;
  }
}

TEST_P(SessionTest, APasswordChangeOrResetEndsEverySessionAndToken) {
  Browser first = Login("prov");
  Browser second = Login("prov");
  auto conn = db().Acquire();
  auto token = auth::IssueToken(*conn, nullptr, "prov", "etl");
  ASSERT_TRUE(token.has_value());
  const std::map<std::string, std::string> bearer = {{"authorization", "Bearer " + *token}};
  EXPECT_EQ(Call("GET", "/api/v1/session", "", nullptr, bearer).status, 200);
  // The user changes it: the old password must be right, the new one strong.
  EXPECT_EQ(Call("POST", "/api/v1/session/password",
                 R"({"old_password":"not-it-at-all","new_password":"a-much-better-pass"})", &first)
                .status,
            403);
  EXPECT_EQ(
      Call("POST", "/api/v1/session/password",
           R"({"old_password":")" + std::string(kPassword) + R"(","new_password":"short"})", &first)
          .json.at("error")
          .at("field")
          .as_string(),
      "new_password");
  auto changed = Call(
      "POST", "/api/v1/session/password",
      R"({"old_password":")" + std::string(kPassword) + R"(","new_password":"a-much-better-pass"})",
      &first);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(Call("GET", "/api/v1/session", "", &first).status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/session", "", &second).status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/session", "", nullptr, bearer).status, 401);
  // The browser that changed it carries on with the fresh session it got.
  const std::string cookie = changed.Header("Set-Cookie");
  Browser fresh{cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1),
                std::string(changed.json.at("csrf_token").as_string())};
  EXPECT_EQ(Call("GET", "/api/v1/session", "", &fresh).status, 200);
  // A reset from the command line ends that one too.
  ASSERT_TRUE(auth::SetPassword(*conn, nullptr, "prov", "reset-by-the-admin").has_value());
  EXPECT_EQ(Call("GET", "/api/v1/session", "", &fresh).status, 401);
  EXPECT_EQ(conn->Scalar("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE "
                         "u.username = 'prov'")
                ->AsInt(),
            0);
}

TEST_P(SessionTest, TheCookieIsSecureWhenServedOverHttps) {
  http::Router router;
  http::Metrics metrics;
  jobs::Runner runner;
  app::RegisterAllRoutes(router, db(), metrics, runner, {.https = true});
  http::Pipeline pipeline(router, app::MakeAuthenticator(db()), &metrics, "");
  http::Request req;
  req.method = "POST";
  req.target = req.path = "/api/v1/session";
  req.remote_ip = "127.0.0.1";
  req.headers["content-type"] = "application/json";
  req.body = R"({"username":"prov","password":")" + std::string(kPassword) + R"("})";
  http::Response res = pipeline.Handle(req);
  ASSERT_EQ(res.status, 200) << res.body;
  bool secure = false;
  for (const auto& [k, v] : res.headers) secure |= k == "Set-Cookie" && v.ends_with("; Secure");
  EXPECT_TRUE(secure);
  EXPECT_EQ(Login("prov").cookie.find("Secure"), std::string::npos);  // plain HTTP: not set
}

TEST_P(SessionTest, MetricsAreServedOnlyToConfiguredAddressesOrWithTheToken) {
  EXPECT_EQ(Call("GET", "/metrics").status, 200);  // loopback
  client_ip_ = "198.51.100.4";
  EXPECT_EQ(Call("GET", "/metrics").status, 403);
  http::Router router;
  http::Metrics metrics;
  jobs::Runner runner;
  app::RegisterAllRoutes(router, db(), metrics, runner,
                         {.metrics_allow = {}, .metrics_token = "scrape-token-123"});
  http::Pipeline pipeline(router, app::MakeAuthenticator(db()), &metrics, "");
  auto scrape = [&](const std::string& ip, const std::string& authz) {
    http::Request req;
    req.method = "GET";
    req.target = req.path = "/metrics";
    req.remote_ip = ip;
    if (!authz.empty()) req.headers["authorization"] = authz;
    return pipeline.Handle(req).status;
  };
  EXPECT_EQ(scrape("127.0.0.1", ""), 403);  // loopback is not allowed by this configuration
  EXPECT_EQ(scrape("198.51.100.4", "Bearer scrape-token-124"), 403);
  EXPECT_EQ(scrape("198.51.100.4", "Bearer scrape-token-123"), 200);
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

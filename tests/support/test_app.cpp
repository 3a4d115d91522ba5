#include "support/test_app.h"

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>

#include "app/demo.h"
#include "auth/principal.h"
#include "auth/service.h"
#include "base/clock.h"
#include "base/text.h"

namespace zj::testing {

std::string Reply::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

std::string Reply::ErrorCode() const {
  if (!json.is_object() || !json.as_object().contains("error")) return {};
  return std::string(json.at("error").at("code").as_string());
}

std::string Reply::ErrorMessage() const {
  if (!json.is_object() || !json.as_object().contains("error")) return {};
  return std::string(json.at("error").at("message").as_string());
}

void AppTest::SetUp() {
  EngineTest::SetUp();
  if (IsSkipped() || HasFatalFailure()) return;
  if (!spdlog::get("access")) {
    spdlog::register_logger(std::make_shared<spdlog::logger>(
        "access", std::make_shared<spdlog::sinks::null_sink_mt>()));
  }
  runner_ = std::make_unique<jobs::Runner>();
  metrics_ = std::make_unique<http::Metrics>();
  router_ = std::make_unique<http::Router>();
  app::RegisterAllRoutes(*router_, db(), *metrics_, *runner_);
  pipeline_ =
      std::make_unique<http::Pipeline>(*router_, app::MakeAuthenticator(db()), metrics_.get(), "");
}

void AppTest::TearDown() {
  runner_.reset();  // waits for a running job
  pipeline_.reset();
  router_.reset();
  EngineTest::TearDown();
}

Reply AppTest::Call(std::string method, std::string target, std::string body, const Browser* as,
                    std::map<std::string, std::string> headers) {
  http::Request req;
  req.method = std::move(method);
  // Browsers percent-encode non-ASCII bytes of a URL; so does this helper.
  std::string encoded;
  for (unsigned char ch : target) {
    static const char* kHex = "0123456789ABCDEF";
    if (ch >= 0x80) {
      encoded += '%';
      encoded += kHex[ch >> 4];
      encoded += kHex[ch & 15];
    } else {
      encoded += static_cast<char>(ch);
    }
  }
  target = encoded;
  req.target = target;
  const size_t q = target.find('?');
  req.path = target.substr(0, q);
  if (q != std::string::npos) {
    auto url = boost::urls::parse_origin_form(target);
    if (url) {
      for (auto p : url->params()) req.query.emplace(p.key, p.value);
    }
  }
  req.body = std::move(body);
  req.remote_ip = client_ip_;
  if (!req.body.empty()) req.headers["content-type"] = "application/json";
  if (as) {
    req.headers["cookie"] = "zj_session=" + as->cookie;
    req.headers["x-csrf-token"] = as->csrf;
  }
  for (auto& [k, v] : headers) req.headers[k] = v;
  http::Response res = pipeline_->Handle(req);
  if (!res.temp_file.empty()) {  // a download: what the server would stream
    std::ifstream in(res.temp_file, std::ios::binary);
    res.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    std::filesystem::remove(res.temp_file);
  }
  Reply r{res.status, res.body, res.headers, nullptr};
  boost::system::error_code ec;
  r.json = boost::json::parse(res.body, ec);
  if (ec) r.json = nullptr;
  return r;
}

void AppTest::AddUser(const std::string& username, int64_t org_id, const std::string& role,
                      const std::string& scope) {
  auto conn = db().Acquire();
  auto id = auth::CreateUser(*conn, nullptr, {username, username, org_id, kPassword});
  ASSERT_TRUE(id.has_value()) << id.error().message_en;
  auth::ScopeKind kind;
  ASSERT_TRUE(auth::ParseScopeKind(scope, &kind));
  auto g = auth::GrantRole(*conn, nullptr, username, role, kind, org_id);
  ASSERT_TRUE(g.has_value()) << g.error().message_en;
}

Browser AppTest::Login(const std::string& username) {
  Reply r = Call("POST", "/api/v1/session",
                 R"({"username":")" + username + R"(","password":")" + kPassword + R"("})");
  EXPECT_EQ(r.status, 200) << r.body;
  Browser b;
  const std::string cookie = r.Header("Set-Cookie");
  const size_t eq = cookie.find('='), semi = cookie.find(';');
  if (eq != std::string::npos) b.cookie = cookie.substr(eq + 1, semi - eq - 1);
  if (r.json.is_object()) b.csrf = std::string(r.json.at("csrf_token").as_string());
  return b;
}

int64_t AppTest::OrgId(const std::string& name) {
  auto conn = db().Acquire();
  auto v = conn->Scalar("SELECT id FROM orgs WHERE name = ? ORDER BY id LIMIT 1", {name});
  EXPECT_TRUE(v.has_value()) << "no org named " << name;
  return v ? v->AsInt() : 0;
}

void AppTest::LoadDemo(int64_t grassroots) {
  auto conn = db().Acquire();
  app::DemoOptions o;
  o.grassroots = grassroots;
  o.with_users = false;
  o.with_policy = false;
  auto r = app::GenerateDemo(*conn, o);
  ASSERT_TRUE(r.has_value()) << r.error().message_en;
}

AppTest::TwoCounties AppTest::PickTwoCounties() {
  auto conn = db().Acquire();
  auto pairs = conn->Query(
      "SELECT g.parent_id, MIN(g.id) FROM orgs g JOIN orgs c ON c.id = g.parent_id WHERE "
      "g.level = 'grassroots' AND c.level = 'county' GROUP BY g.parent_id ORDER BY g.parent_id "
      "LIMIT 2");
  EXPECT_EQ(pairs.size(), 2u) << "the demo has fewer than two counties with grassroots unions";
  if (pairs.size() < 2) return {};
  return {pairs[0].Int(0), pairs[0].Int(1), pairs[1].Int(0), pairs[1].Int(1)};
}

int64_t AppTest::AddActiveMember(int64_t org_id, const std::string& name,
                                 const std::string& id_number,
                                 const std::optional<std::string>& phone) {
  auto conn = db().Acquire();
  const auto org = conn->Query("SELECT province_code FROM orgs WHERE id = ?", {org_id});
  const std::string now = NowIso();
  const SearchKeys keys = MakeSearchKeys(name);
  return conn
      ->Query(
          "INSERT INTO members (province_code, org_id, name, name_fold, name_pinyin, "
          "name_initials, id_number, id_rev, sex, birth_date, phone, state, created_at, "
          "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'male', '1980-01-01', ?, 'active', ?, ?) "
          "RETURNING id",
          {org.at(0).Text(0), org_id, name, keys.fold, keys.pinyin, keys.initials, id_number,
           std::string(id_number.rbegin(), id_number.rend()), phone, now, now})
      .at(0)
      .Int(0);
}

}  // namespace zj::testing

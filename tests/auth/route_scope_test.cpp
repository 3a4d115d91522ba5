// Every route of the router, called as four kinds of caller who must not get at the other side's
// data: a cadre of a sibling county with that county's real ids (in path parameters, body fields
// and query fields), a read-only viewer of that county on every write, a worker, and nobody.
// No 2xx may show the other side's data or change anything; a route without a probe fails.
#include <gtest/gtest.h>

#include <functional>
#include <regex>
#include <set>

#include "base/clock.h"
#include "base/resident_id.h"
#include "funds/ledger.h"
#include "hardship/policy_service.h"
#include "support/test_app.h"

namespace zj {
namespace {

namespace json = boost::json;
using testing::AppTest;
using testing::Browser;
using testing::Reply;

// What a probe may answer.
enum class Expect {
  kDeny,      // never a 2xx, for anyone but the other side's own viewer reading
  kReadOnly,  // a 2xx is fine (the caller's own scope, static data, a computation), if it shows
              // none of the other side's data and changes nothing
  kSelf,      // the caller's own session or records: a 2xx is fine, showing none of the other
              // side's data (it may change the caller's own rows)
  kPublic,    // no login needed: a 2xx is fine for anyone, showing none of the other side's data
};

struct Probe {
  std::string target;  // path and query, ids filled in
  std::string body;
  Expect expect = Expect::kDeny;
  std::string content_type = "application/json";
  // A POST that computes without recording anything (an assessment, a what-if): the other
  // side's own viewer may make it.
  bool computation = false;
};

// Tables whose rows change with any request (sessions, the audit log) or belong to the caller's
// own background work (jobs and what they write): left out of the fingerprint.
const std::set<std::string> kVolatileTables = {
    "audit_log",  "sessions",          "login_throttle", "jobs",
    "job_errors", "schema_migrations", "api_tokens",     "hardship_whatif_rows"};

std::string J(const json::object& o) { return json::serialize(o); }

class RouteScopeTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    LoadDemo(60);
    const TwoCounties two = PickTwoCounties();
    ASSERT_NE(two.county, 0);
    own_county_ = two.county;
    own_grassroots_ = two.grassroots;
    other_county_ = two.other_county;
    other_grassroots_ = two.other_grassroots;
    {
      auto conn = db().Acquire();
      other_region_ =
          conn->Scalar("SELECT region_code FROM orgs WHERE id = ?", {other_county_})->AsText();
      own_region_ =
          conn->Scalar("SELECT region_code FROM orgs WHERE id = ?", {own_county_})->AsText();
      hardship::Policy p;
      p.region_code = "330000";
      p.effective_from = "2020-01-01";
      p.dibao_monthly_fen = 100'000;
      p.min_wage_monthly_fen = 249'000;
      ASSERT_TRUE(hardship::SetPolicy(*conn, {}, p).has_value());
    }
    AddUser("root", OrgId("中华全国总工会"), "admin", "all");
    AddUser("other_admin", other_county_, "cadre_admin");
    AddUser("other_admin2", other_county_, "cadre_admin");
    AddUser("sibling", own_county_, "cadre_admin");
    AddUser("other_viewer", other_county_, "viewer");
    root_ = Login("root");
    other_admin_ = Login("other_admin");
    BuildOtherSide();
    BuildOwnSide();
  }

  // The other side: a member, a filed household with a bank account, an attachment, an
  // objection, a fund with money, an aid awaiting approval, a paid aid in a payment run, a
  // transfer between two of its unions, an import job and a what-if run.
  void BuildOtherSide() {
    other_member_ = AddActiveMember(other_grassroots_, kOtherName, kOtherId, kOtherPhone);
    other_file_ =
        AddFiledFile(other_grassroots_, other_member_, kOtherName, kOtherId, kOtherAccount);
    second_member_ = AddActiveMember(other_grassroots_, kSecondName, kSecondId);
    second_file_ =
        AddFiledFile(other_grassroots_, second_member_, kSecondName, kSecondId, "6228480000008888");
    auto conn = db().Acquire();
    const std::string now = NowIso();
    other_objection_ =
        conn->Query(
                "INSERT INTO hardship_objections (file_id, raised_at, raised_by, content, "
                "recorded_by) VALUES (?, ?, '邻居', '收入不实', 'other_admin') RETURNING id",
                {other_file_, now})
            .at(0)
            .Int(0);
    Reply att = Call("POST",
                     "/api/v1/hardship/files/" + std::to_string(other_file_) +
                         "/attachments?name=visit.png&kind=housing",
                     std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, 'x'), &other_admin_,
                     {{"content-type", "image/png"}});
    ASSERT_EQ(att.status, 201) << att.body;
    other_attachment_ = att.json.at("id").as_int64();
    other_fund_ = MakeFund(other_county_, kOtherFundName, other_admin_);
    income_ = conn->Scalar("SELECT id FROM fund_accounts WHERE code = 'income:donation'")->AsInt();
    Reply pending = AskAid(other_admin_, other_file_, other_fund_, 50'000);
    other_aid_ = pending.json.at("id").as_int64();
    auto aid = conn->Query("SELECT pending_tid, payable_account_id FROM aid_records WHERE id = ?",
                           {other_aid_});
    other_pending_tid_ = aid.at(0).Text(0);
    other_payable_ = aid.at(0).Int(1);
    // A second aid, approved by another cadre and paid in a run.
    Reply paid = AskAid(other_admin_, second_file_, other_fund_, 30'000);
    const Browser approver = Login("other_admin2");
    ASSERT_EQ(
        Call("POST",
             "/api/v1/funds/aid/" + std::to_string(paid.json.at("id").as_int64()) + "/approve", "",
             &approver)
            .status,
        200);
    Reply run =
        Call("POST", "/api/v1/funds/accounts/" + std::to_string(other_fund_) + "/payment-runs", "",
             &other_admin_);
    ASSERT_EQ(run.status, 201) << run.body;
    other_run_ = run.json.at("id").as_int64();
    other_clearing_ =
        conn->Scalar("SELECT id FROM fund_accounts WHERE code LIKE 'bank:%' ORDER BY id DESC")
            ->AsInt();
    // A transfer between two of the other side's unions, waiting for its release.
    Reply t = Call("POST", "/api/v1/members/" + std::to_string(second_member_) + "/transfers",
                   J({{"to_org_id", other_county_}, {"reason", "调动"}}), &other_admin_);
    ASSERT_EQ(t.status, 201) << t.body;
    other_transfer_ = t.json.at("id").as_int64();
    Reply job = Call("POST", "/api/v1/members/import",
                     "姓名,身份证号,所属工会\n" + std::string(kSecondName) + "," + kSecondId + "," +
                         std::to_string(other_grassroots_) + "\n",
                     &other_admin_, {{"content-type", "text/csv"}});
    ASSERT_EQ(job.status, 202) << job.body;
    other_job_ = job.json.at("id").as_int64();
    Reply whatif =
        Call("POST", "/api/v1/hardship/whatif",
             J({{"change", json::object{{"dibao_monthly_fen", 120'000}}}}), &other_admin_);
    ASSERT_EQ(whatif.status, 202) << whatif.body;
    other_whatif_ = whatif.json.at("id").as_int64();
    runner_->WaitIdle();
  }

  // The caller's own side, for requests that name an own object beside another side's.
  void BuildOwnSide() {
    own_member_ = AddActiveMember(own_grassroots_, "钱自家", "330106198001010013", "13800000001");
    own_file_ = AddFiledFile(own_grassroots_, own_member_, "钱自家", "330106198001010013",
                             "6228480000001111");
    const Browser sibling = Login("sibling");
    own_fund_ = MakeFund(own_county_, "本县帮扶资金", sibling);
    worker_member_ =
        AddActiveMember(own_grassroots_, "孙工人", "330106198502020025", "13800000002");
    Reply reg = Call("POST", "/api/v1/workers/register",
                     J({{"name", "孙工人"},
                        {"id_number", "330106198502020025"},
                        {"phone", "13800000002"},
                        {"password", kPassword}}));
    ASSERT_EQ(reg.status, 201) << reg.body;
  }

  int64_t AddFiledFile(int64_t org_id, int64_t member, const std::string& name,
                       const std::string& id_number, const std::string& account) {
    auto conn = db().Acquire();
    const auto org =
        conn->Query("SELECT path, province_code, region_code FROM orgs WHERE id = ?", {org_id});
    const std::string now = NowIso();
    const std::string data =
        J({{"primary_cause", "own_illness"},
           {"phone", kOtherPhone},
           {"bank",
            json::object{{"bank", "农业银行"}, {"account", account}, {"holder_name", name}}}});
    return conn
        ->Query(
            "INSERT INTO hardship_files (province_code, org_id, org_path, region_code, "
            "holder_member_id, holder_name, holder_id_number, state, category, filed_level, "
            "data, applied_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'filed', "
            "'deep', 'local', ?, 'test', ?, ?) RETURNING id",
            {org[0].Text(1), org_id, org[0].Text(0), org[0].Text(2), member, name, id_number, data,
             now, now})
        .at(0)
        .Int(0);
  }

  int64_t MakeFund(int64_t org_id, const std::string& name, const Browser& as) {
    Reply fund = Call("POST", "/api/v1/funds/accounts",
                      J({{"name", name},
                         {"org_id", org_id},
                         {"sources", json::array{"donation", "upper_allocation"}},
                         {"purposes", json::array{"living", "medical", "allocation"}}}),
                      &as);
    EXPECT_EQ(fund.status, 201) << fund.body;
    const int64_t id = fund.json.at("id").as_int64();
    EXPECT_EQ(
        Call("POST", "/api/v1/funds/accounts/" + std::to_string(id) + "/income",
             J({{"source", "donation"}, {"amount_fen", 5'000'000}, {"counterparty", "捐赠人"}}),
             &root_)
            .status,
        201);
    return id;
  }

  Reply AskAid(const Browser& as, int64_t file, int64_t fund, int64_t fen) {
    Reply r = Call("POST", "/api/v1/funds/aid",
                   J({{"file_id", file},
                      {"fund_account_id", fund},
                      {"kind", "living"},
                      {"amount_fen", fen},
                      {"reason", "生活困难"}}),
                   &as);
    EXPECT_EQ(r.status, 201) << r.body;
    return r;
  }

  // An order-independent digest of every row of every table but the volatile ones.
  std::map<std::string, uint64_t> Fingerprint() {
    auto conn = db().Acquire();
    const auto tables =
        conn->Query(conn->engine() == db::Engine::kSqlite
                        ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                          "'sqlite_%'"
                        : "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()");
    std::map<std::string, uint64_t> out;
    for (const auto& t : tables) {
      const std::string name = t.Text(0);
      if (kVolatileTables.contains(name)) continue;
      uint64_t sum = 0;
      for (const auto& row : conn->Query("SELECT * FROM " + name)) {
        std::string text;
        for (size_t i = 0; i < row.size(); ++i) text += row.Text(i) + "\x1f";
        sum += std::hash<std::string>{}(text);
      }
      out[name] = sum;
    }
    return out;
  }

  // Text that only the other side's records hold.
  std::vector<std::string> Markers() const {
    return {kOtherName,  kOtherId,  kOtherPhone,    kOtherAccount,
            kSecondName, kSecondId, kOtherFundName, "6228480000008888"};
  }

  std::map<std::string, std::vector<Probe>> Probes() const;

  static constexpr const char* kOtherName = "甄秘密";
  static constexpr const char* kOtherId = "330106197001010019";
  static constexpr const char* kOtherPhone = "13912345678";
  static constexpr const char* kOtherAccount = "6228480000009999";
  static constexpr const char* kSecondName = "贾机密";
  static constexpr const char* kSecondId = "330106197505050022";
  static constexpr const char* kOtherFundName = "乙县专项帮扶资金";

  int64_t own_county_ = 0, own_grassroots_ = 0, other_county_ = 0, other_grassroots_ = 0;
  std::string own_region_, other_region_;
  int64_t other_member_ = 0, second_member_ = 0, other_file_ = 0, second_file_ = 0;
  int64_t other_objection_ = 0, other_attachment_ = 0, other_fund_ = 0, other_aid_ = 0;
  int64_t other_payable_ = 0, other_clearing_ = 0, other_run_ = 0, other_transfer_ = 0;
  int64_t other_job_ = 0, other_whatif_ = 0, income_ = 0;
  std::string other_pending_tid_;
  int64_t own_member_ = 0, own_file_ = 0, own_fund_ = 0, worker_member_ = 0;
  Browser root_, other_admin_;
};

std::map<std::string, std::vector<Probe>> RouteScopeTest::Probes() const {
  const auto s = [](int64_t id) { return std::to_string(id); };
  const std::string file = "/api/v1/hardship/files/" + s(other_file_);
  const std::string member = "/api/v1/members/" + s(other_member_);
  const std::string fund = "/api/v1/funds/accounts/" + s(other_fund_);
  const std::string aid = "/api/v1/funds/aid/" + s(other_aid_);
  const json::object declaration{
      {"phone", "13800000009"},
      {"primary_cause", "own_illness"},
      {"people", json::array{json::object{
                     {"name", "某亲属"}, {"relation", "spouse"}, {"id_number", kSecondId}}}},
      {"bank",
       json::object{
           {"bank", "农业银行"}, {"account", "6228480000007777"}, {"holder_name", "孙工人"}}}};
  const json::object household{{"members", 2}, {"income_fen", 1'000'000}};
  const auto transfer = [](const json::object& o) { return J(o); };
  const std::string csv_other =
      "姓名,身份证号,所属工会\n新会员,330106199001010018," + s(other_grassroots_) + "\n";
  using E = Expect;
  std::map<std::string, std::vector<Probe>> p;
  // Open to all, or the caller's own session.
  p["GET /healthz"] = {{"/healthz", "", E::kPublic}};
  p["GET /api/v1/limits"] = {{"/api/v1/limits", "", E::kReadOnly}};
  p["GET /api/v1/hardship/steps"] = {{"/api/v1/hardship/steps", "", E::kReadOnly}};
  p["GET /metrics"] = {{"/metrics", "", E::kPublic}};
  p["POST /api/v1/session"] = {
      {"/api/v1/session", J({{"username", "other_admin"}, {"password", "not-the-password"}})}};
  p["GET /api/v1/session"] = {{"/api/v1/session", "", E::kSelf}};
  p["DELETE /api/v1/session"] = {{"/api/v1/session", "", E::kSelf}};
  p["POST /api/v1/session/password"] = {
      {"/api/v1/session/password",
       J({{"old_password", "not-the-password"}, {"new_password", "another-long-password"}})}};
  p["POST /api/v1/workers/register"] = {
      {"/api/v1/workers/register", J({{"name", kOtherName},
                                      {"id_number", kOtherId},
                                      {"phone", "13800000099"},
                                      {"password", "a-long-enough-password"}})}};
  p["GET /api/v1/public/notices/{org_id}"] = {
      {"/api/v1/public/notices/" + s(other_county_), "", E::kPublic}};
  p["GET /api/v1/public/aid-notices/{org_id}"] = {
      {"/api/v1/public/aid-notices/" + s(other_county_), "", E::kPublic}};
  // Orgs.
  p["GET /api/v1/orgs"] = {{"/api/v1/orgs?parent_id=" + s(other_county_)},
                           {"/api/v1/orgs", "", E::kReadOnly}};
  p["POST /api/v1/orgs"] = {{"/api/v1/orgs", J({{"parent_id", other_county_},
                                                {"name", "越权新建工会"},
                                                {"level", "grassroots"},
                                                {"kind", "enterprise"},
                                                {"region_code", other_region_}})}};
  p["GET /api/v1/orgs/search"] = {{"/api/v1/orgs/search?q=zgh", "", E::kReadOnly},
                                  {"/api/v1/orgs/search?q=zgh&for=transfer", "", E::kReadOnly}};
  p["GET /api/v1/orgs/{id}"] = {{"/api/v1/orgs/" + s(other_grassroots_)}};
  p["PATCH /api/v1/orgs/{id}"] = {
      {"/api/v1/orgs/" + s(other_grassroots_), J({{"name", "越权改名"}})}};
  p["GET /api/v1/orgs/{id}/subtree"] = {{"/api/v1/orgs/" + s(other_county_) + "/subtree"}};
  p["POST /api/v1/orgs/{id}/move"] = {
      {"/api/v1/orgs/" + s(other_grassroots_) + "/move", J({{"parent_id", own_county_}})},
      {"/api/v1/orgs/" + s(own_grassroots_) + "/move", J({{"parent_id", other_county_}})}};
  p["POST /api/v1/orgs/{id}/close"] = {
      {"/api/v1/orgs/" + s(other_grassroots_) + "/close", J({{"reason", "越权撤销"}})}};
  p["GET /api/v1/regions"] = {{"/api/v1/regions", "", E::kReadOnly}};
  // Members.
  p["POST /api/v1/members/import"] = {
      {"/api/v1/members/import", csv_other, E::kReadOnly, "text/csv"}};  // the row is refused
  p["POST /api/v1/members/import/preview"] = {
      {"/api/v1/members/import/preview", csv_other, E::kReadOnly, "text/csv", true}};
  p["GET /api/v1/members/import/template"] = {
      {"/api/v1/members/import/template", "", E::kReadOnly}};
  p["GET /api/v1/members/export"] = {
      {"/api/v1/members/export?org_id=" + s(other_grassroots_)},
      {"/api/v1/members/export?q=%E7%94%84", "", E::kReadOnly}};  // 甄
  p["GET /api/v1/members"] = {{"/api/v1/members?org_id=" + s(other_grassroots_)},
                              {"/api/v1/members?q=%E7%94%84%E7%A7%98%E5%AF%86", "", E::kReadOnly}};
  p["POST /api/v1/members"] = {{"/api/v1/members", J({{"org_id", other_grassroots_},
                                                      {"name", "越权会员"},
                                                      {"id_number", "330106199001010018"}})}};
  p["GET /api/v1/members/{id}"] = {{member}, {member + "?unmask=1"}};
  p["PATCH /api/v1/members/{id}"] = {{member, J({{"phone", "13700000000"}})}};
  p["POST /api/v1/members/{id}/actions/{action}"] = {
      {member + "/actions/withdraw", J({{"reason", "越权"}})},
      {"/api/v1/members/" + s(own_member_) + "/actions/retain",
       J({{"reason", "retired"}, {"org_id", other_county_}})}};
  p["POST /api/v1/members/{id}/transfers"] = {
      {member + "/transfers", J({{"to_org_id", own_grassroots_}})}};
  p["GET /api/v1/transfers"] = {{"/api/v1/transfers?direction=out", "", E::kReadOnly},
                                {"/api/v1/transfers?direction=in", "", E::kReadOnly}};
  for (const char* verb : {"release", "accept", "reject"}) {
    p[std::string("POST /api/v1/transfers/{id}/") + verb] = {
        {"/api/v1/transfers/" + s(other_transfer_) + "/" + verb, J({{"reason", "越权"}})}};
  }
  // Jobs.
  p["GET /api/v1/jobs/{id}"] = {{"/api/v1/jobs/" + s(other_job_)}};
  p["POST /api/v1/jobs/{id}/cancel"] = {{"/api/v1/jobs/" + s(other_job_) + "/cancel"}};
  p["GET /api/v1/jobs/{id}/errors.xlsx"] = {{"/api/v1/jobs/" + s(other_job_) + "/errors.xlsx"}};
  // Hardship files.
  p["POST /api/v1/hardship/files"] = {
      {"/api/v1/hardship/files", J({{"member_id", other_member_}, {"declaration", declaration}})}};
  p["GET /api/v1/hardship/files"] = {{"/api/v1/hardship/files?org_id=" + s(other_county_)},
                                     {"/api/v1/hardship/files?q=%E7%94%84", "", E::kReadOnly}};
  p["GET /api/v1/hardship/queues"] = {{"/api/v1/hardship/queues?org_id=" + s(other_county_)},
                                      {"/api/v1/hardship/queues", "", E::kReadOnly}};
  p["GET /api/v1/hardship/files/{id}"] = {{file}, {file + "?unmask=1"}};
  p["PATCH /api/v1/hardship/files/{id}"] = {{file, J({{"declaration", declaration}})}};
  p["PUT /api/v1/hardship/files/{id}/bank-account"] = {
      {file + "/bank-account",
       J({{"bank", "工商银行"}, {"account", "6222021234567890"}, {"holder_name", kOtherName}})}};
  p["POST /api/v1/hardship/files/{id}/actions/{action}"] = {
      {file + "/actions/relieve", J({{"reason", "越权"}})},
      {file + "/actions/record_aid", J({{"reason", "越权"}})}};
  p["POST /api/v1/hardship/files/{id}/review"] = {{file + "/review", "{}"}};
  p["POST /api/v1/hardship/files/{id}/months"] = {
      {file + "/months", J({{"month", "2026-10"}, {"per_head_monthly_fen", 200'000}})}};
  p["GET /api/v1/hardship/files/{id}/events"] = {{file + "/events"}};
  p["GET /api/v1/hardship/files/{id}/assessments"] = {{file + "/assessments"}};
  p["GET /api/v1/hardship/files/{id}/objections"] = {{file + "/objections"}};
  p["POST /api/v1/hardship/files/{id}/objections"] = {
      {file + "/objections", J({{"raised_by", "越权"}, {"content", "越权异议"}})}};
  p["POST /api/v1/hardship/objections/{id}/answer"] = {
      {"/api/v1/hardship/objections/" + s(other_objection_) + "/answer",
       J({{"answer", "越权答复"}})}};
  p["GET /api/v1/hardship/files/{id}/attachments"] = {{file + "/attachments"}};
  p["POST /api/v1/hardship/files/{id}/attachments"] = {
      {file + "/attachments?name=x.png", std::string("\x89PNG\r\n\x1a\n", 8) + "xxxxxxxx", E::kDeny,
       "image/png"}};
  p["GET /api/v1/hardship/attachments/{id}"] = {
      {"/api/v1/hardship/attachments/" + s(other_attachment_)}};
  p["GET /api/v1/me/hardship"] = {{"/api/v1/me/hardship", "", E::kSelf}};
  // A household naming the other side's filed person must be refused without saying where.
  p["POST /api/v1/me/hardship"] = {{"/api/v1/me/hardship", J({{"declaration", declaration}})}};
  p["GET /api/v1/hardship/calendar/{year}"] = {
      {"/api/v1/hardship/calendar/2026", "", E::kReadOnly}};
  p["PUT /api/v1/hardship/calendar/{year}"] = {
      {"/api/v1/hardship/calendar/2026",
       J({{"days", json::array{json::object{{"day", "2026-10-09"}, {"kind", "holiday"}}}}})}};
  p["GET /api/v1/hardship/causes"] = {{"/api/v1/hardship/causes", "", E::kReadOnly}};
  p["PUT /api/v1/hardship/causes/{code}"] = {
      {"/api/v1/hardship/causes/own_illness",
       J({{"name_zh", "越权改名"}, {"name_en", "renamed"}, {"active", false}})}};
  p["POST /api/v1/hardship/whatif"] = {
      {"/api/v1/hardship/whatif",
       J({{"org_id", other_county_}, {"change", json::object{{"dibao_monthly_fen", 90'000}}}}),
       E::kDeny, "application/json", true}};
  p["GET /api/v1/hardship/whatif/{id}"] = {{"/api/v1/hardship/whatif/" + s(other_whatif_)}};
  p["POST /api/v1/hardship/policies"] = {
      {"/api/v1/hardship/policies", J({{"region_code", other_region_},
                                       {"effective_from", "2026-01-01"},
                                       {"dibao_monthly_fen", 1}})}};
  p["GET /api/v1/hardship/policies/{region}"] = {
      {"/api/v1/hardship/policies/" + other_region_, "", E::kReadOnly}};
  p["GET /api/v1/hardship/policies/{region}/history"] = {
      {"/api/v1/hardship/policies/" + other_region_ + "/history", "", E::kReadOnly}};
  p["POST /api/v1/hardship/assess"] = {
      {"/api/v1/hardship/assess", J({{"region_code", other_region_}, {"household", household}}),
       E::kReadOnly, "application/json", true}};
  // Funds.
  p["GET /api/v1/funds/accounts"] = {
      {"/api/v1/funds/accounts?org_id=" + s(other_county_), "", E::kReadOnly},
      {"/api/v1/funds/accounts?include_upper=1", "", E::kReadOnly}};
  p["POST /api/v1/funds/accounts"] = {
      {"/api/v1/funds/accounts",
       J({{"name", "越权资金"}, {"org_id", other_county_}, {"purposes", json::array{"living"}}})},
      {"/api/v1/funds/accounts",
       J({{"name", "越权收入"}, {"kind", "income"}, {"source", "interest"}})}};
  p["GET /api/v1/funds/accounts/{id}/statement"] = {
      {fund + "/statement"}, {"/api/v1/funds/accounts/" + s(other_payable_) + "/statement"}};
  p["POST /api/v1/funds/accounts/{id}/retire"] = {{fund + "/retire", J({{"reason", "越权"}})}};
  p["GET /api/v1/funds/accounts/{id}/report"] = {{fund + "/report"}};
  p["GET /api/v1/funds/accounts/{id}/statement.xlsx"] = {{fund + "/statement.xlsx"}};
  p["POST /api/v1/funds/accounts/{id}/reconcile"] = {
      {fund + "/reconcile", "交易日期,金额,对方账号,对方户名\n2026-11-28,-300.00,1,x\n", E::kDeny,
       "text/csv"}};
  p["POST /api/v1/funds/accounts/{id}/income"] = {
      {fund + "/income", J({{"source", "donation"}, {"amount_fen", 100}, {"counterparty", "x"}})},
      {"/api/v1/funds/accounts/" + s(own_fund_) + "/income",
       J({{"source", "upper_allocation"}, {"amount_fen", 100}, {"from_account_id", other_fund_}})}};
  p["POST /api/v1/funds/accounts/{id}/payment-runs"] = {{fund + "/payment-runs"}};
  p["GET /api/v1/funds/accounts/{id}/payment-runs"] = {{fund + "/payment-runs"}};
  p["GET /api/v1/funds/accounts/{id}/unpaid-aid"] = {{fund + "/unpaid-aid"}};
  p["GET /api/v1/funds/payment-runs/{id}/bank-file.xlsx"] = {
      {"/api/v1/funds/payment-runs/" + s(other_run_) + "/bank-file.xlsx"}};
  // The raw transfer route: every object a transfer names, and every way around the aid flow.
  p["POST /api/v1/funds/transfers"] = {
      {"/api/v1/funds/transfers",
       transfer({{"kind", "post"}, {"pending_tid", other_pending_tid_}})},
      {"/api/v1/funds/transfers",
       transfer({{"kind", "void"}, {"pending_tid", other_pending_tid_}})},
      {"/api/v1/funds/transfers", transfer({{"debit_account_id", other_payable_},
                                            {"credit_account_id", income_},
                                            {"amount_fen", 100'000'000}})},
      {"/api/v1/funds/transfers",
       transfer({{"debit_account_id", income_},
                 {"credit_account_id", 0}})},  // filled below: income into income
      {"/api/v1/funds/transfers", transfer({{"debit_account_id", other_fund_},
                                            {"credit_account_id", own_fund_},
                                            {"amount_fen", 100},
                                            {"purpose", "allocation"},
                                            {"source", "upper_allocation"}})},
      {"/api/v1/funds/transfers", transfer({{"debit_account_id", own_fund_},
                                            {"credit_account_id", other_fund_},
                                            {"amount_fen", 100},
                                            {"purpose", "allocation"},
                                            {"source", "upper_allocation"}})},
      {"/api/v1/funds/transfers", transfer({{"debit_account_id", income_},
                                            {"credit_account_id", other_fund_},
                                            {"amount_fen", 100},
                                            {"source", "donation"}})},
      {"/api/v1/funds/transfers", transfer({{"debit_account_id", own_fund_},
                                            {"credit_account_id", other_payable_},
                                            {"amount_fen", 100},
                                            {"purpose", "living"},
                                            {"household_file_id", other_file_}})},
      {"/api/v1/funds/transfers", transfer({{"debit_account_id", other_payable_},
                                            {"credit_account_id", other_clearing_},
                                            {"amount_fen", 100}})}};
  p["POST /api/v1/funds/aid"] = {{"/api/v1/funds/aid", J({{"file_id", other_file_},
                                                          {"fund_account_id", own_fund_},
                                                          {"kind", "living"},
                                                          {"amount_fen", 100}})},
                                 {"/api/v1/funds/aid", J({{"file_id", own_file_},
                                                          {"fund_account_id", other_fund_},
                                                          {"kind", "living"},
                                                          {"amount_fen", 100}})},
                                 {"/api/v1/funds/aid", J({{"file_id", other_file_},
                                                          {"fund_account_id", other_fund_},
                                                          {"kind", "living"},
                                                          {"amount_fen", 100}})}};
  p["GET /api/v1/funds/aid/queue"] = {{"/api/v1/funds/aid/queue", "", E::kReadOnly}};
  p["GET /api/v1/funds/aid/quote"] = {
      {"/api/v1/funds/aid/quote?kind=living&amount_fen=100&file_id=" + s(other_file_)}};
  p["GET /api/v1/funds/aid/{id}"] = {{aid}};
  p["POST /api/v1/funds/aid/{id}/approve"] = {{aid + "/approve"}};
  p["POST /api/v1/funds/aid/{id}/reject"] = {{aid + "/reject", J({{"reason", "越权"}})}};
  p["GET /api/v1/hardship/files/{id}/aid"] = {{file + "/aid"}};
  return p;
}

// The caller kinds the test runs as.
enum class Caller { kSibling, kViewer, kWorker, kAnonymous };
const char* CallerName(Caller c) {
  switch (c) {
    case Caller::kSibling:
      return "a sibling county's cadre_admin";
    case Caller::kViewer:
      return "the other county's own viewer";
    case Caller::kWorker:
      return "a worker";
    case Caller::kAnonymous:
      return "nobody";
  }
  return "";
}

TEST_P(RouteScopeTest, NoRouteLetsAnyoneReadOrChangeTheOtherSide) {
  auto probes = Probes();
  // Income into income: the second income account exists only once a source was used.
  {
    auto conn = db().Acquire();
    const int64_t interest = funds::CreateAccount(*conn, {.code = "income:interest",
                                                          .kind = funds::AccountKind::kIncome,
                                                          .name = "利息收入",
                                                          .source = "interest"})
                                 ->id;
    probes["POST /api/v1/funds/transfers"][3].body =
        J({{"debit_account_id", income_}, {"credit_account_id", interest}, {"amount_fen", 100}});
  }
  // Every route has a probe, and every probe a route.
  std::set<std::string> routes;
  for (const auto& r : router_->routes()) {
    const std::string key = r.method + " " + r.pattern;
    routes.insert(key);
    EXPECT_TRUE(probes.contains(key)) << "no probe for " << key << ": add one to Probes()";
  }
  for (const auto& [key, list] : probes) {
    EXPECT_TRUE(routes.contains(key)) << "a probe for a route that is gone: " << key;
  }
  if (HasFailure()) return;

  const std::map<Caller, std::string> usernames = {{Caller::kSibling, "sibling"},
                                                   {Caller::kViewer, "other_viewer"},
                                                   {Caller::kWorker, "13800000002"}};
  const std::vector<std::string> markers = Markers();
  const auto before = Fingerprint();
  int requests = 0;
  std::set<std::string> routes_called;
  for (Caller caller : {Caller::kSibling, Caller::kViewer, Caller::kWorker, Caller::kAnonymous}) {
    Browser as;
    if (caller != Caller::kAnonymous) as = Login(usernames.at(caller));
    for (const auto& r : router_->routes()) {
      const std::string key = r.method + " " + r.pattern;
      for (const Probe& probe : probes.at(key)) {
        const Browser* who = caller == Caller::kAnonymous ? nullptr : &as;
        Reply reply =
            Call(r.method, probe.target, probe.body, who, {{"content-type", probe.content_type}});
        runner_->WaitIdle();  // a job it started has finished
        ++requests;
        routes_called.insert(key);
        const std::string what = std::string(CallerName(caller)) + ": " + r.method + " " +
                                 probe.target + " " + probe.body.substr(0, 200) + " answered " +
                                 std::to_string(reply.status) + " " + reply.body.substr(0, 300);
        EXPECT_LT(reply.status, 500) << what;
        if (std::getenv("ZJ_PROBE_LOG")) std::cout << what.substr(0, 260) << "\n";
        const bool ok = reply.status >= 200 && reply.status < 300;
        if (caller == Caller::kAnonymous && r.options.requires_auth) {
          EXPECT_EQ(reply.status, 401) << what;
        } else if (caller == Caller::kViewer) {
          // Its own county: it reads what it likes, and writes nothing.
          if (ok && r.method != "GET") {
            EXPECT_TRUE(probe.computation || probe.expect == Expect::kSelf) << what;
          }
        } else {
          if (ok) EXPECT_NE(probe.expect, Expect::kDeny) << what;
          // Not even a refusal may name what it refuses to show.
          for (const auto& m : markers) {
            EXPECT_EQ(reply.body.find(m), std::string::npos)
                << what << " shows the other side's " << m;
          }
        }
        if (probe.expect != Expect::kSelf) {
          const auto after = Fingerprint();
          for (const auto& [table, sum] : after) {
            EXPECT_EQ(sum, before.at(table)) << what << " changed " << table;
          }
          if (HasFailure()) return;
        }
        // A logout or a password change ends the session: start a new one.
        if (caller != Caller::kAnonymous && ok && r.pattern.starts_with("/api/v1/session") &&
            r.method != "GET") {
          as = Login(usernames.at(caller));
        }
      }
    }
  }
  EXPECT_EQ(routes_called.size(), router_->routes().size());
  std::cout << "route scope probes: " << routes_called.size() << " routes x 4 callers, " << requests
            << " requests\n";
  // The four ledger attacks left the money where it was.
  auto conn = db().Acquire();
  EXPECT_EQ(conn->Scalar("SELECT state FROM aid_records WHERE id = ?", {other_aid_})->AsText(),
            "awaiting_approval");
  EXPECT_TRUE(funds::Verify(*conn).ok());
  // And the aid can still be finished the proper way.
  const Browser approver = Login("other_admin2");
  EXPECT_EQ(
      Call("POST", "/api/v1/funds/aid/" + std::to_string(other_aid_) + "/approve", "", &approver)
          .status,
      200);
}

ZJ_INSTANTIATE_ENGINES(RouteScopeTest);

}  // namespace
}  // namespace zj

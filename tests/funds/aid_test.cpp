// Aid through the HTTP API on both engines: a request reserves the money, the union of the
// level the amount needs posts it, and every refusal — overdraw, purpose, scope, unfiled
// household, caps, self-paid share, approval level, bank account — names its rule.
#include <gtest/gtest.h>

#include "base/clock.h"
#include "base/resident_id.h"
#include "base/text.h"
#include "funds/ledger.h"
#include "hardship/policy_service.h"
#include "io/xlsx_reader.h"
#include "support/test_app.h"

namespace zj {
namespace {

namespace json = boost::json;
using testing::Browser;
using testing::Reply;

class AidTest : public testing::AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    LoadDemo(60);
    const TwoCounties two = PickTwoCounties();
    ASSERT_NE(two.county, 0);
    county_ = two.county;
    grassroots_ = two.grassroots;
    other_grassroots_ = two.other_grassroots;
    other_county_ = two.other_county;
    auto conn = db().Acquire();
    hardship::Policy p;
    p.region_code = "330000";
    p.effective_from = "2020-01-01";
    p.dibao_monthly_fen = 100'000;
    p.min_wage_monthly_fen = 249'000;
    p.aid_cap_living_fen = 1'000'000;         // 10,000 yuan a year
    p.approval_grassroots_max_fen = 200'000;  // 2,000 yuan
    p.approval_county_max_fen = 1'000'000;    // 10,000 yuan
    ASSERT_TRUE(hardship::SetPolicy(*conn, {}, p).has_value());
    AddUser("gcadre", grassroots_, "cadre");
    AddUser("ccadre", county_, "cadre_admin");
    AddUser("root", OrgId("中华全国总工会"), "admin", "all");
    gcadre_ = Login("gcadre");
    ccadre_ = Login("ccadre");
    root_ = Login("root");
    Reply income = Call("POST", "/api/v1/funds/accounts",
                        R"({"kind":"income","name":"社会捐赠","source":"donation"})", &root_);
    ASSERT_EQ(income.status, 201) << income.body;
    Reply fund = Call("POST", "/api/v1/funds/accounts",
                      json::serialize(json::object{{"name", "县总工会帮扶资金"},
                                                   {"org_id", county_},
                                                   {"sources", json::array{"donation"}},
                                                   {"purposes", json::array{"living", "medical"}},
                                                   {"levels", json::array{"local"}}}),
                      &ccadre_);
    ASSERT_EQ(fund.status, 201) << fund.body;
    income_ = income.json.at("id").as_int64();
    fund_ = fund.json.at("id").as_int64();
    Reply deposit = Call("POST", "/api/v1/funds/transfers",
                         json::serialize(json::object{{"debit_account_id", income_},
                                                      {"credit_account_id", fund_},
                                                      {"amount_fen", 3'000'000},
                                                      {"source", "donation"}}),
                         &root_);
    ASSERT_EQ(deposit.status, 201) << deposit.body;
    file_ = AddFile(grassroots_, "filed", "王大明", "王大明", 1);
  }

  int64_t AddFile(int64_t org_id, const std::string& state, const std::string& name,
                  const std::string& account_holder, int n) {
    auto conn = db().Acquire();
    char body[18];
    std::snprintf(body, sizeof body, "3301061975%02d01%03d", n % 12 + 1, n);
    std::string id(body, 17);
    id += ResidentIdCheckChar(id);
    const auto org =
        conn->Query("SELECT path, province_code, region_code FROM orgs WHERE id = ?", {org_id});
    const std::string now = NowIso();
    const int64_t member = AddActiveMember(org_id, name, id);
    const std::string data =
        json::serialize(json::object{{"primary_cause", "own_illness"},
                                     {"bank", json::object{{"bank", "农业银行"},
                                                           {"account", "6228480000000000001"},
                                                           {"holder_name", account_holder}}}});
    return conn
        ->Query(
            "INSERT INTO hardship_files (province_code, org_id, org_path, region_code, "
            "holder_member_id, holder_name, holder_id_number, state, category, filed_level, "
            "data, applied_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'deep', "
            "'local', ?, 'test', ?, ?) RETURNING id",
            {org[0].Text(1), org_id, org[0].Text(0), org[0].Text(2), member, name, id, state, data,
             now, now})
        .at(0)
        .Int(0);
  }

  Reply Request(const Browser& as, int64_t file, int64_t fen, const std::string& kind = "living",
                std::optional<int64_t> self_paid = std::nullopt, int64_t fund = 0) {
    json::object body{{"file_id", file},
                      {"fund_account_id", fund ? fund : fund_},
                      {"kind", kind},
                      {"amount_fen", fen},
                      {"reason", "生活困难救助"}};
    if (self_paid) body["self_paid_fen"] = *self_paid;
    return Call("POST", "/api/v1/funds/aid", json::serialize(body), &as);
  }

  int64_t Available() {
    auto conn = db().Acquire();
    return funds::GetAccount(*conn, fund_)->Available();
  }

  int64_t county_ = 0, grassroots_ = 0, other_grassroots_ = 0, other_county_ = 0;
  int64_t income_ = 0, fund_ = 0, file_ = 0;
  Browser gcadre_, ccadre_, root_;
};

TEST_P(AidTest, ASmallAidIsApprovedByTheGrassrootsUnionAndShowsEverywhere) {
  // The grassroots union's own fund: small aid from it is its own union's to decide, by a cadre
  // other than the one who asked.
  Reply own_fund = Call("POST", "/api/v1/funds/accounts",
                        json::serialize(json::object{{"name", "基层工会帮扶资金"},
                                                     {"org_id", grassroots_},
                                                     {"sources", json::array{"donation"}},
                                                     {"purposes", json::array{"living"}}}),
                        &ccadre_);
  ASSERT_EQ(own_fund.status, 201) << own_fund.body;
  const int64_t gfund = own_fund.json.at("id").as_int64();
  ASSERT_EQ(Call("POST", "/api/v1/funds/accounts/" + std::to_string(gfund) + "/income",
                 R"({"source":"donation","amount_fen":500000,"counterparty":"恒达机械"})", &root_)
                .status,
            201);
  AddUser("gcadre2", grassroots_, "cadre");
  const Browser gcadre2 = Login("gcadre2");
  Reply asked = Request(gcadre_, file_, 150'000, "living", std::nullopt, gfund);
  ASSERT_EQ(asked.status, 201) << asked.body;
  EXPECT_EQ(asked.json.at("approval_level").as_string(), "grassroots");
  EXPECT_EQ(asked.json.at("state").as_string(), "awaiting_approval");
  EXPECT_EQ(asked.json.at("bank_account").as_string(), "***************0001");
  {
    auto conn = db().Acquire();
    EXPECT_EQ(funds::GetAccount(*conn, gfund)->Available(), 500'000 - 150'000);  // reserved
  }
  const std::string id = std::to_string(asked.json.at("id").as_int64());
  Reply queue = Call("GET", "/api/v1/funds/aid/queue", "", &gcadre2);
  ASSERT_EQ(queue.json.at("items").as_array().size(), 1u);
  Reply mine = Call("POST", "/api/v1/funds/aid/" + id + "/approve", "", &gcadre_);
  EXPECT_EQ(mine.status, 403) << mine.body;  // separation of duties
  EXPECT_EQ(mine.json.at("error").at("field").as_string(), "approval");
  Reply approved = Call("POST", "/api/v1/funds/aid/" + id + "/approve", "", &gcadre2);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json.at("state").as_string(), "posted");
  auto conn = db().Acquire();
  EXPECT_EQ(conn->Scalar("SELECT state FROM hardship_files WHERE id = ?", {file_})->AsText(),
            "aided");
  Reply events =
      Call("GET", "/api/v1/hardship/files/" + std::to_string(file_) + "/events", "", &gcadre_);
  std::vector<std::string> actions;
  for (const auto& e : events.json.at("items").as_array()) {
    actions.emplace_back(e.at("action").as_string());
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"aid_request", "aid_posted"}));
  Reply statement =
      Call("GET", "/api/v1/funds/accounts/" + std::to_string(gfund) + "/statement", "", &ccadre_);
  ASSERT_EQ(statement.status, 200) << statement.body;
  EXPECT_EQ(statement.json.at("account").at("balance").as_int64(), 500'000 - 150'000);
  EXPECT_EQ(statement.json.at("items").at(0).at("kind").as_string(), "post");
  EXPECT_TRUE(funds::Verify(*conn).ok());
  Reply report =
      Call("GET", "/api/v1/funds/accounts/" + std::to_string(gfund) + "/report", "", &ccadre_);
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_EQ(report.json.at("opening_fen").as_int64(), 0);
  EXPECT_EQ(report.json.at("income_fen").as_int64(), 500'000);
  EXPECT_EQ(report.json.at("spending_fen").as_int64(), 150'000);
  EXPECT_EQ(report.json.at("closing_fen").as_int64(), 350'000);
  EXPECT_EQ(report.json.at("spending_by_purpose").at(0).at("purpose").as_string(), "living");
  EXPECT_EQ(report.json.at("income_by_source").at(0).at("source").as_string(), "donation");
  Reply notice = Call("GET", "/api/v1/public/aid-notices/" + std::to_string(county_));
  ASSERT_EQ(notice.status, 200) << notice.body;
  ASSERT_EQ(notice.json.at("items").as_array().size(), 1u);
  EXPECT_EQ(notice.json.at("items").at(0).at("masked_name").as_string(), "王*明");
  EXPECT_EQ(notice.body.find("王大明"), std::string::npos);
  EXPECT_EQ(notice.body.find("6228"), std::string::npos);
  const std::string metrics = Call("GET", "/metrics").body;
  EXPECT_NE(metrics.find("zhijia_funds_ledger_imbalance_fen 0"), std::string::npos);
  EXPECT_NE(metrics.find("zhijia_funds_overdrawn_accounts 0"), std::string::npos);
  EXPECT_NE(metrics.find("zhijia_funds_misdirected_transfers 0"), std::string::npos);
}

TEST_P(AidTest, OnlyTheFundsOwnUnionOrOneAboveDecidesOnItsMoney) {
  // A grassroots union may ask its county's fund, but even a small amount from it is the
  // county's to approve or refuse.
  Reply asked = Request(gcadre_, file_, 50'000);
  ASSERT_EQ(asked.status, 201) << asked.body;
  EXPECT_EQ(asked.json.at("approval_level").as_string(), "grassroots");
  const std::string id = std::to_string(asked.json.at("id").as_int64());
  EXPECT_TRUE(
      Call("GET", "/api/v1/funds/aid/queue", "", &gcadre_).json.at("items").as_array().empty());
  for (const char* verb : {"approve", "reject"}) {
    Reply r = Call("POST", "/api/v1/funds/aid/" + id + "/" + verb, R"({"reason":"x"})", &gcadre_);
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(r.json.at("error").at("field").as_string(), "fund_account_id");
  }
  EXPECT_EQ(Call("POST", "/api/v1/funds/aid/" + id + "/approve", "", &ccadre_).status, 200);
}

TEST_P(AidTest, SeparationOfDutiesIsAPolicySwitch) {
  Reply asked = Request(ccadre_, file_, 50'000);
  ASSERT_EQ(asked.status, 201) << asked.body;
  const std::string id = std::to_string(asked.json.at("id").as_int64());
  Reply own = Call("POST", "/api/v1/funds/aid/" + id + "/approve", "", &ccadre_);
  EXPECT_EQ(own.status, 403) << own.body;
  EXPECT_NE(own.ErrorMessage().find("审批分离"), std::string::npos) << own.body;
  // Refusing one's own request (withdrawing it) is no conflict of interest.
  Reply second = Request(ccadre_, file_, 40'000);
  EXPECT_EQ(Call("POST",
                 "/api/v1/funds/aid/" + std::to_string(second.json.at("id").as_int64()) + "/reject",
                 R"({"reason":"重复申请"})", &ccadre_)
                .status,
            200);
  {
    auto conn = db().Acquire();
    hardship::Policy p = *hardship::PolicyFor(*conn, "330000", "2026-01-01");
    p.separation_of_duties = false;
    ASSERT_TRUE(hardship::SetPolicy(*conn, {}, p).has_value());
  }
  EXPECT_EQ(Call("POST", "/api/v1/funds/aid/" + id + "/approve", "", &ccadre_).status, 200);
}

// The four attacks an outside probe found on POST /api/v1/funds/transfers: finishing another
// union's aid reservation (post or void), emptying a household's payable into income, and moving
// money between income accounts — as a worker, a viewer and a sibling county's cadre. Each is
// refused and nothing is written; even the fund's own union finishes an aid's reservation only
// by approving or refusing the aid.
TEST_P(AidTest, TheFourTransferAttacksAreRefusedAndWriteNothing) {
  Reply asked = Request(gcadre_, file_, 50'000);
  ASSERT_EQ(asked.status, 201) << asked.body;
  const int64_t aid = asked.json.at("id").as_int64();
  auto conn = db().Acquire();
  const std::string pending =
      conn->Scalar("SELECT pending_tid FROM aid_records WHERE id = ?", {aid})->AsText();
  const int64_t payable =
      conn->Scalar("SELECT payable_account_id FROM aid_records WHERE id = ?", {aid})->AsInt();
  const int64_t central =
      Call("POST", "/api/v1/funds/accounts",
           R"({"kind":"income","name":"中央财政","source":"central_budget"})", &root_)
          .json.at("id")
          .as_int64();
  const int64_t interest = Call("POST", "/api/v1/funds/accounts",
                                R"({"kind":"income","name":"利息","source":"interest"})", &root_)
                               .json.at("id")
                               .as_int64();
  AddUser("worker1", grassroots_, "worker", "self");
  AddUser("viewer1", county_, "viewer");
  AddUser("sibling1", other_county_, "cadre_admin");
  const std::vector<std::pair<std::string, Browser>> callers = {{"worker", Login("worker1")},
                                                                {"viewer", Login("viewer1")},
                                                                {"sibling", Login("sibling1")},
                                                                {"the fund's own county", ccadre_}};
  const std::vector<std::string> attacks = {
      json::serialize(json::object{{"kind", "post"}, {"pending_tid", pending}}),
      json::serialize(json::object{{"kind", "void"}, {"pending_tid", pending}}),
      json::serialize(json::object{{"debit_account_id", payable},
                                   {"credit_account_id", income_},
                                   {"amount_fen", 100'000'000}}),
      json::serialize(json::object{
          {"debit_account_id", central}, {"credit_account_id", interest}, {"amount_fen", 100}})};
  const int64_t transfers = conn->Scalar("SELECT COUNT(*) FROM fund_transfers")->AsInt();
  for (const auto& [who, as] : callers) {
    for (const auto& body : attacks) {
      Reply r = Call("POST", "/api/v1/funds/transfers", body, &as);
      EXPECT_TRUE(r.status == 403 || r.status == 404) << who << " " << body << ": " << r.body;
    }
  }
  EXPECT_EQ(conn->Scalar("SELECT COUNT(*) FROM fund_transfers")->AsInt(), transfers);
  EXPECT_EQ(conn->Scalar("SELECT state FROM aid_records WHERE id = ?", {aid})->AsText(),
            "awaiting_approval");
  EXPECT_TRUE(funds::Verify(*conn).ok());
  // The aid is not stuck: its approval still finishes it.
  EXPECT_EQ(
      Call("POST", "/api/v1/funds/aid/" + std::to_string(aid) + "/approve", "", &ccadre_).status,
      200);
}

TEST_P(AidTest, AGrassrootsCadreSeesTheUpperFundItMayAskFrom) {
  EXPECT_TRUE(
      Call("GET", "/api/v1/funds/accounts", "", &gcadre_).json.at("items").as_array().empty());
  Reply list = Call("GET", "/api/v1/funds/accounts?include_upper=1", "", &gcadre_);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json.at("items").as_array().size(), 1u);
  EXPECT_EQ(list.json.at("items").at(0).at("id").as_int64(), fund_);
  EXPECT_TRUE(list.json.at("items").at(0).at("upper").as_bool());
  EXPECT_EQ(list.json.at("total_balance").as_int64(), 0);  // not its own money
  Reply own = Call("GET", "/api/v1/funds/accounts?include_upper=1", "", &ccadre_);
  EXPECT_FALSE(own.json.at("items").at(0).at("upper").as_bool());
  EXPECT_EQ(own.json.at("total_balance").as_int64(), 3'000'000);
}

TEST_P(AidTest, AnAmountAboveTheGrassrootsLimitNeedsTheCounty) {
  Reply asked = Request(gcadre_, file_, 500'000);
  ASSERT_EQ(asked.status, 201) << asked.body;
  EXPECT_EQ(asked.json.at("approval_level").as_string(), "county");
  const std::string id = std::to_string(asked.json.at("id").as_int64());
  EXPECT_TRUE(
      Call("GET", "/api/v1/funds/aid/queue", "", &gcadre_).json.at("items").as_array().empty());
  Reply own = Call("POST", "/api/v1/funds/aid/" + id + "/approve", "", &gcadre_);
  EXPECT_EQ(own.status, 403) << own.body;
  EXPECT_EQ(Call("GET", "/api/v1/funds/aid/queue", "", &ccadre_).json.at("items").as_array().size(),
            1u);
  Reply approved = Call("POST", "/api/v1/funds/aid/" + id + "/approve", "", &ccadre_);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json.at("decided_by").as_string(), "ccadre");
  EXPECT_EQ(Call("POST", "/api/v1/funds/aid/" + id + "/approve", "", &ccadre_).status, 409);
}

TEST_P(AidTest, LargeMedicalAidGoesUpToTheProvinceAndAboveThatToTheNation) {
  {
    auto conn = db().Acquire();
    hardship::Policy p = *hardship::PolicyFor(*conn, "330000", "2026-01-01");
    p.aid_cap_medical_fen = 2'500'000;
    p.aid_cap_household_year_fen = 3'000'000;
    p.approval_city_max_fen = 1'200'000;
    p.approval_province_max_fen = 1'500'000;
    ASSERT_TRUE(hardship::SetPolicy(*conn, {}, p).has_value());
  }
  Reply provincial = Request(gcadre_, file_, 1'300'000, "medical", 2'000'000);
  ASSERT_EQ(provincial.status, 201) << provincial.body;
  EXPECT_EQ(provincial.json.at("approval_level").as_string(), "province");
  const std::string id = std::to_string(provincial.json.at("id").as_int64());
  EXPECT_TRUE(
      Call("GET", "/api/v1/funds/aid/queue", "", &ccadre_).json.at("items").as_array().empty());
  Reply county = Call("POST", "/api/v1/funds/aid/" + id + "/approve", "", &ccadre_);
  EXPECT_EQ(county.status, 403) << county.body;
  EXPECT_NE(county.ErrorMessage().find("省级工会"), std::string::npos) << county.body;
  EXPECT_EQ(Call("GET", "/api/v1/funds/aid/queue", "", &root_).json.at("items").as_array().size(),
            1u);
  EXPECT_EQ(Call("POST", "/api/v1/funds/aid/" + id + "/approve", "", &root_).status, 200);
  const int64_t second = AddFile(grassroots_, "filed", "冯十一", "冯十一", 8);
  Reply national = Request(gcadre_, second, 1'600'000, "medical", 1'600'000);
  ASSERT_EQ(national.status, 201) << national.body;
  EXPECT_EQ(national.json.at("approval_level").as_string(), "national");
}

TEST_P(AidTest, ARefusalReleasesTheReservation) {
  Reply asked = Request(gcadre_, file_, 100'000);
  const std::string id = std::to_string(asked.json.at("id").as_int64());
  EXPECT_EQ(Call("POST", "/api/v1/funds/aid/" + id + "/reject", "", &ccadre_).status, 400);
  Reply refused = Call("POST", "/api/v1/funds/aid/" + id + "/reject",
                       R"({"reason":"家庭收入已改善"})", &ccadre_);
  ASSERT_EQ(refused.status, 200) << refused.body;
  EXPECT_EQ(refused.json.at("state").as_string(), "rejected");
  EXPECT_EQ(refused.json.at("reason").as_string(), "生活困难救助");  // the request's, kept
  EXPECT_EQ(refused.json.at("decision_reason").as_string(), "家庭收入已改善");
  EXPECT_EQ(Available(), 3'000'000);
}

TEST_P(AidTest, EveryRefusalNamesItsRule) {
  auto refused = [&](const Reply& r, int status, const std::string& field) {
    EXPECT_EQ(r.status, status) << r.body;
    if (r.json.is_object() && r.json.as_object().contains("error")) {
      EXPECT_EQ(r.json.at("error").at("field").as_string(), field) << r.body;
    }
  };
  refused(Request(gcadre_, file_, 1'000'001), 409, "amount_fen");      // over the living cap
  refused(Request(gcadre_, file_, 50'000, "school"), 403, "purpose");  // not this fund's use
  refused(Request(gcadre_, file_, 50'000, "medical", 40'000), 400, "self_paid_fen");
  refused(Request(gcadre_, file_, 50'000, "medical"), 400, "self_paid_fen");
  refused(Request(gcadre_, file_, 50'000, "luxury"), 400, "kind");
  const int64_t unfiled = AddFile(grassroots_, "notice", "李四", "李四", 2);
  refused(Request(gcadre_, unfiled, 50'000), 409, "file_id");
  const int64_t wrong_name = AddFile(grassroots_, "filed", "赵五", "钱六", 3);
  refused(Request(gcadre_, wrong_name, 50'000), 409, "bank");
  // Another county's household: not in the cadre's scope, and not in the fund's either.
  const int64_t elsewhere = AddFile(other_grassroots_, "filed", "孙七", "孙七", 4);
  EXPECT_EQ(Request(gcadre_, elsewhere, 50'000).status, 404);
  refused(Request(root_, elsewhere, 50'000), 403, "household_file_id");
  // Caps over the year: 10,000 yuan of living aid at most.
  ASSERT_EQ(Request(gcadre_, file_, 600'000).status, 201);
  refused(Request(gcadre_, file_, 500'000), 409, "amount_fen");
  // Overdraw: the fund holds 3,000,000 fen; another household asks for more than is left.
  const int64_t second = AddFile(grassroots_, "filed", "周八", "周八", 5);
  auto conn = db().Acquire();
  hardship::Policy raised = *hardship::PolicyFor(*conn, "330000", "2026-01-01");
  raised.aid_cap_living_fen = 5'000'000;
  raised.dibao_monthly_fen = 500'000;  // 10 months of it: 5,000,000
  raised.min_wage_monthly_fen = 600'000;
  raised.aid_cap_household_year_fen = 5'000'000;
  ASSERT_TRUE(hardship::SetPolicy(*conn, {}, raised).has_value());
  refused(Request(gcadre_, second, 2'500'000), 409, "amount_fen");
  EXPECT_EQ(Available(), 3'000'000 - 600'000);
  EXPECT_TRUE(funds::Verify(*conn).ok());
}

TEST_P(AidTest, AFiledHouseholdsBankAccountIsSetInTheHoldersNameThenAidCanBePaid) {
  const int64_t file = AddFile(grassroots_, "filed", "赵五", "钱六", 3);
  EXPECT_EQ(Request(gcadre_, file, 50'000).status, 409);  // the account is not in the real name
  const std::string path = "/api/v1/hardship/files/" + std::to_string(file) + "/bank-account";
  Reply other_name =
      Call("PUT", path,
           R"({"bank":"工商银行","account":"6222 0212 3456 7890","holder_name":"钱六"})", &gcadre_);
  EXPECT_EQ(other_name.status, 400) << other_name.body;
  EXPECT_EQ(other_name.json.at("error").at("field").as_string(), "bank.holder_name");
  EXPECT_EQ(
      Call("PUT", path, R"({"bank":"工商银行","account":"12ab","holder_name":"赵五"})", &gcadre_)
          .status,
      400);
  Reply set =
      Call("PUT", path,
           R"({"bank":"工商银行","account":"6222 0212 3456 7890","holder_name":"赵五"})", &gcadre_);
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json.at("declaration").at("bank").at("account").as_string(), "************7890");
  // Sent back masked as shown, it stays as stored.
  EXPECT_EQ(
      Call("PUT", path, R"({"bank":"工商银行","account":"************7890","holder_name":"赵五"})",
           &gcadre_)
          .status,
      200);
  EXPECT_EQ(Request(gcadre_, file, 50'000).status, 201);
  auto conn = db().Acquire();
  EXPECT_EQ(
      conn->Scalar("SELECT bank_account FROM aid_records WHERE file_id = ?", {file})->AsText(),
      "6222021234567890");
  EXPECT_EQ(conn->Scalar("SELECT COUNT(*) FROM hardship_events WHERE file_id = ? AND action = "
                         "'bank_account'",
                         {file})
                ->AsInt(),
            2);
  EXPECT_EQ(conn->Scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'hardship.bank_account'")
                ->AsInt(),
            2);
  // Another county's cadre may not; a closed file keeps its account.
  EXPECT_EQ(
      Call("PUT",
           "/api/v1/hardship/files/" +
               std::to_string(AddFile(other_grassroots_, "filed", "孙七", "孙七", 4)) +
               "/bank-account",
           R"({"bank":"工商银行","account":"6222021234567890","holder_name":"孙七"})", &gcadre_)
          .status,
      404);
  const int64_t closed = AddFile(grassroots_, "closed", "吴九", "吴九", 9);
  EXPECT_EQ(
      Call("PUT", "/api/v1/hardship/files/" + std::to_string(closed) + "/bank-account",
           R"({"bank":"工商银行","account":"6222021234567890","holder_name":"吴九"})", &gcadre_)
          .status,
      409);
}

TEST_P(AidTest, LivingAidIsAtMostTenMonthsOfDibaoForDeepAndEightForRelativeHardship) {
  // 低保 here is 1,000 yuan a month: 10,000 yuan a year for a deep-hardship household (which is
  // also the policy's cap), 8,000 for a relative one.
  const int64_t relative = AddFile(grassroots_, "filed", "吴九", "吴九", 6);
  {
    auto conn = db().Acquire();
    conn->Exec("UPDATE hardship_files SET category = 'relative' WHERE id = ?", {relative});
  }
  Reply over = Request(gcadre_, relative, 800'001);
  EXPECT_EQ(over.status, 409) << over.body;
  EXPECT_NE(over.ErrorMessage().find("8,000.00"), std::string::npos) << over.body;
  EXPECT_EQ(Request(gcadre_, relative, 800'000).status, 201);
  EXPECT_EQ(Request(gcadre_, file_, 1'000'000).status, 201);  // deep: the full ten months
  // A region that gives relative households six months.
  auto conn = db().Acquire();
  hardship::Policy six = *hardship::PolicyFor(*conn, "330000", "2026-01-01");
  six.living_aid_months_relative = 6;
  ASSERT_TRUE(hardship::SetPolicy(*conn, {}, six).has_value());
  const int64_t other = AddFile(grassroots_, "filed", "郑十", "郑十", 7);
  conn->Exec("UPDATE hardship_files SET category = 'relative' WHERE id = ?", {other});
  EXPECT_EQ(Request(gcadre_, other, 600'001).status, 409);
  EXPECT_EQ(Request(gcadre_, other, 600'000).status, 201);
}

TEST_P(AidTest, TheBankStatementReconcilesWithThePayments) {
  const int64_t second = AddFile(grassroots_, "filed", "吴九", "吴九", 9);
  for (auto [file, fen] :
       {std::pair{file_, int64_t{120'000}}, std::pair{second, int64_t{80'000}}}) {
    Reply asked = Request(gcadre_, file, fen);
    ASSERT_EQ(asked.status, 201) << asked.body;
    ASSERT_EQ(
        Call("POST",
             "/api/v1/funds/aid/" + std::to_string(asked.json.at("id").as_int64()) + "/approve", "",
             &ccadre_)
            .status,
        200);
  }
  // The bank shows the first payment, a payment the ledger never made, and a garbled row; the
  // second payment is not on it.
  const std::string csv =
      "交易日期,金额,对方账号,对方户名,摘要\n"
      "2026-11-28,-1200.00,6228 4800 0000 0000 001,王大明,帮扶款\n"
      "2026-11-28,-99.00,6222000011112222,某某,手续费\n"
      "2026-11-28,abc,6228480000000000001,吴九,帮扶款\n"
      "2026/13/40,-800.00,6228480000000000001,吴九,帮扶款\n";
  Reply r = Call("POST", "/api/v1/funds/accounts/" + std::to_string(fund_) + "/reconcile", csv,
                 &ccadre_, {{"content-type", "text/csv"}});
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json.at("matched").as_array().size(), 1u);
  EXPECT_EQ(r.json.at("matched").at(0).at("payment").at("holder").as_string(), "王大明");
  ASSERT_EQ(r.json.at("missing").as_array().size(), 1u);
  EXPECT_EQ(r.json.at("missing").at(0).at("holder").as_string(), "吴九");
  ASSERT_EQ(r.json.at("extra").as_array().size(), 1u);
  EXPECT_EQ(r.json.at("extra").at(0).at("row").as_int64(), 3);
  // The garbled amount, and a date that does not exist (not a payment the ledger lacks).
  ASSERT_EQ(r.json.at("bad_rows").as_array().size(), 2u) << r.body;
  EXPECT_EQ(r.json.at("bad_rows").at(0).at("row").as_int64(), 4);
  EXPECT_EQ(r.json.at("bad_rows").at(1).at("row").as_int64(), 5);
  Reply no_columns = Call("POST", "/api/v1/funds/accounts/" + std::to_string(fund_) + "/reconcile",
                          "a,b\n1,2\n", &ccadre_, {{"content-type", "text/csv"}});
  EXPECT_EQ(no_columns.status, 400);
}

TEST_P(AidTest, APaymentRunPaysEveryApprovedAidOnceToTheRealNameAccount) {
  for (int64_t fen : {100'000, 50'000}) {
    Reply asked = Request(gcadre_, file_, fen);
    ASSERT_EQ(asked.status, 201) << asked.body;
    ASSERT_EQ(
        Call("POST",
             "/api/v1/funds/aid/" + std::to_string(asked.json.at("id").as_int64()) + "/approve", "",
             &ccadre_)
            .status,
        200);
  }
  Request(gcadre_, file_, 30'000);  // still awaiting approval: not paid
  Reply unpaid =
      Call("GET", "/api/v1/funds/accounts/" + std::to_string(fund_) + "/unpaid-aid", "", &ccadre_);
  ASSERT_EQ(unpaid.status, 200) << unpaid.body;
  EXPECT_EQ(unpaid.json.at("items").as_array().size(), 2u);
  EXPECT_EQ(unpaid.json.at("total_fen").as_int64(), 150'000);
  const std::string runs = "/api/v1/funds/accounts/" + std::to_string(fund_) + "/payment-runs";
  Reply run = Call("POST", runs, "", &ccadre_);
  ASSERT_EQ(run.status, 201) << run.body;
  EXPECT_EQ(run.json.at("items").as_int64(), 2);
  EXPECT_EQ(run.json.at("total_fen").as_int64(), 150'000);
  EXPECT_EQ(Call("POST", runs, "", &ccadre_).status, 409);  // nothing left to pay
  EXPECT_EQ(Call("GET", runs, "", &ccadre_).json.at("items").as_array().size(), 1u);
  Reply file = Call("GET",
                    "/api/v1/funds/payment-runs/" + std::to_string(run.json.at("id").as_int64()) +
                        "/bank-file.xlsx",
                    "", &ccadre_);
  ASSERT_EQ(file.status, 200);
  // The bank's file: amounts as numbers, the use in words.
  auto sheet = io::XlsxReader::Open(file.body);
  ASSERT_TRUE(sheet) << sheet.error().message_en;
  io::TableRow row;
  int64_t line = 0;
  ASSERT_TRUE(*(*sheet)->Next(&row, &line));  // the header
  ASSERT_TRUE(*(*sheet)->Next(&row, &line));
  ASSERT_EQ(row.size(), 6u);
  EXPECT_EQ(row[4], "1000");
  EXPECT_NE(row[5].find("生活救助"), std::string::npos) << row[5];
  auto conn = db().Acquire();
  EXPECT_TRUE(funds::Verify(*conn).ok());
  // The household's payable account is settled: what was owed went to the bank.
  auto payable = funds::FindAccount(*conn, "payable:file:" + std::to_string(file_));
  EXPECT_EQ(payable->Balance(), 0);
  EXPECT_EQ(
      conn->Scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'funds.bank_file'")->AsInt(), 1);
}

TEST_P(AidTest, IncomeRecordsItsSourceAndDonor) {
  const std::string path = "/api/v1/funds/accounts/" + std::to_string(fund_) + "/income";
  EXPECT_EQ(Call("POST", path, R"({"source":"donation","amount_fen":50000})", &ccadre_).status,
            400);  // who gave it?
  Reply gift = Call("POST", path,
                    R"({"source":"donation","amount_fen":50000,"counterparty":"恒达机械有限公司",)"
                    R"("tid":"0123456789abcdef0123456789abcdef"})",
                    &ccadre_);
  ASSERT_EQ(gift.status, 201) << gift.body;
  EXPECT_EQ(gift.json.at("counterparty").as_string(), "恒达机械有限公司");
  Reply again = Call("POST", path,
                     R"({"source":"donation","amount_fen":50000,"counterparty":"恒达机械有限公司",)"
                     R"("tid":"0123456789abcdef0123456789abcdef"})",
                     &ccadre_);
  EXPECT_EQ(again.status, 200);  // a retry
  EXPECT_EQ(Call("POST", path, R"({"source":"interest","amount_fen":10})", &ccadre_).status,
            403);  // this fund does not take interest
  EXPECT_EQ(Available(), 3'050'000);
  Reply xlsx = Call("GET", "/api/v1/funds/accounts/" + std::to_string(fund_) + "/statement.xlsx",
                    "", &ccadre_);
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
}

ZJ_INSTANTIATE_ENGINES(AidTest);

}  // namespace
}  // namespace zj

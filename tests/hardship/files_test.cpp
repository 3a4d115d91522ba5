// Hardship household files on both engines: the workflow table by role and scope, the notice
// window, objections, one person in one file, monthly monitoring and 脱困, the worker's own
// application, the public notice board, replayable assessments and what-if = re-assessment.
#include <gtest/gtest.h>

#include <set>

#include "app/demo.h"
#include "auth/service.h"
#include "base/resident_id.h"
#include "base/text.h"
#include "hardship/attachments.h"
#include "hardship/file_service.h"
#include "hardship/policy_service.h"
#include "hardship/whatif.h"
#include "jobs/jobs.h"
#include "support/test_app.h"

namespace zj {
namespace {

namespace json = boost::json;
using hardship::FileState;
using testing::AppTest;
using testing::Browser;
using testing::Reply;

// A valid ID number of someone born in Hangzhou's Xihu district.
std::string IdNumber(int n, int year = 1980) {
  char body[18];
  std::snprintf(body, sizeof body, "330106%04d0101%03d", year, n % 1000);
  std::string id(body, 17);
  return id + ResidentIdCheckChar(id);
}

class FilesTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    LoadDemo(60);
    auto conn = db().Acquire();
    // Two counties that each hold a grassroots union.
    auto pairs = conn->Query(
        "SELECT g.parent_id, MIN(g.id) FROM orgs g JOIN orgs c ON c.id = g.parent_id WHERE "
        "g.level = 'grassroots' AND c.level = 'county' GROUP BY g.parent_id ORDER BY g.parent_id "
        "LIMIT 2");
    ASSERT_EQ(pairs.size(), 2u);
    county_ = pairs[0].Int(0);
    grassroots_ = pairs[0].Int(1);
    other_county_ = pairs[1].Int(0);
    other_grassroots_ = pairs[1].Int(1);
    hardship::Policy p;
    p.region_code = "330000";
    p.effective_from = "2020-01-01";
    p.dibao_monthly_fen = 100'000;
    p.min_wage_monthly_fen = 249'000;
    ASSERT_TRUE(hardship::SetPolicy(*conn, {}, p).has_value());
    AddUser("gcadre", grassroots_, "cadre");
    AddUser("ccadre", county_, "cadre_admin");
    AddUser("other", other_county_, "cadre_admin");
    AddUser("viewer", county_, "viewer");
    gcadre_ = Login("gcadre");
    ccadre_ = Login("ccadre");
    other_ = Login("other");
    viewer_ = Login("viewer");
  }

  int64_t AddMember(int64_t org_id, const std::string& name, const std::string& id_number,
                    const std::string& phone = "13900000000") {
    return AddActiveMember(org_id, name, id_number, phone);
  }

  // A declaration of a household of `size` with this yearly wage income (fen).
  static json::object Declaration(int64_t income_fen, const std::vector<std::string>& people = {},
                                  const std::string& bank_holder = "") {
    json::array list;
    for (size_t i = 0; i < people.size(); ++i) {
      list.push_back(json::object{{"name", "家属" + std::to_string(i)},
                                  {"relation", "child"},
                                  {"id_number", people[i]},
                                  {"working", false}});
    }
    json::object d{
        {"primary_cause", "own_illness"},
        {"secondary_causes", json::array{"low_income"}},
        {"incomes", json::array{json::object{{"kind", "wage"}, {"amount_fen", income_fen}}}},
        {"people", std::move(list)}};
    if (!bank_holder.empty()) {
      d["bank"] = json::object{
          {"bank", "工商银行"}, {"account", "6222020202020202020"}, {"holder_name", bank_holder}};
    }
    return d;
  }

  Reply Apply(const Browser& as, int64_t member_id, const json::object& declaration) {
    return Call(
        "POST", "/api/v1/hardship/files",
        json::serialize(json::object{{"member_id", member_id}, {"declaration", declaration}}), &as);
  }

  Reply Act(const Browser& as, int64_t file, const std::string& action,
            const json::object& body = {}) {
    return Call("POST", "/api/v1/hardship/files/" + std::to_string(file) + "/actions/" + action,
                json::serialize(body), &as);
  }

  std::string StateOf(int64_t file) {
    auto conn = db().Acquire();
    return conn->Scalar("SELECT state FROM hardship_files WHERE id = ?", {file})->AsText();
  }

  // A new file for a new member of the grassroots union, by the grassroots cadre.
  // 10,000 yuan a year for one person: 833 yuan a month, below 低保 (1,000): deep hardship.
  int64_t NewFile(int n, int64_t income_fen = 1'000'000) {
    const int64_t member = AddMember(grassroots_, "王" + std::to_string(n) + "明", IdNumber(n));
    Reply r = Apply(gcadre_, member, Declaration(income_fen));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json.at("id").as_int64();
  }

  // Takes a file from applied to upper_review with a notice that has already ended.
  void ToUpperReview(int64_t file) {
    ASSERT_EQ(Act(gcadre_, file, "check").status, 200);
    ASSERT_EQ(Act(gcadre_, file, "visit", {{"consent", true}}).status, 200);
    ASSERT_EQ(Act(gcadre_, file, "verify").status, 200);
    const std::string start = FormatDate(TodayInShanghai().AddDays(-20));
    ASSERT_EQ(Act(gcadre_, file, "start_notice", {{"notice_start", start}}).status, 200);
    Reply submitted = Act(gcadre_, file, "submit");
    ASSERT_EQ(submitted.status, 200) << submitted.body;
  }

  auth::Actor ActorFor(const std::string& username) {
    auto conn = db().Acquire();
    const int64_t id = conn->Scalar("SELECT id FROM users WHERE username = ?", {username})->AsInt();
    principals_.push_back(*auth::LoadPrincipal(*conn, id));
    return auth::Actor{principals_.back().get(), "test"};
  }

  int64_t county_ = 0, grassroots_ = 0, other_county_ = 0, other_grassroots_ = 0;
  Browser gcadre_, ccadre_, other_, viewer_;
  std::vector<std::shared_ptr<auth::Principal>> principals_;
};

TEST_P(FilesTest, AGrassrootsAndACountyCadreTakeAnApplicationToFiled) {
  const int64_t file = NewFile(1);
  EXPECT_EQ(StateOf(file), "applied");
  ASSERT_NO_FATAL_FAILURE(ToUpperReview(file));
  // The grassroots union cannot review its own file; the county union can.
  Reply own = Act(gcadre_, file, "approve");
  EXPECT_EQ(own.status, 403) << own.body;
  Reply approved = Act(ccadre_, file, "approve", {{"level", "local"}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json.at("state").as_string(), "filed");
  EXPECT_EQ(approved.json.at("category").as_string(), "deep");
  EXPECT_FALSE(approved.json.at("next_review_due").is_null());
  Reply events =
      Call("GET", "/api/v1/hardship/files/" + std::to_string(file) + "/events", "", &ccadre_);
  std::vector<std::string> actions;
  for (const auto& e : events.json.at("items").as_array()) {
    actions.emplace_back(e.at("action").as_string());
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"apply", "check", "visit", "verify", "start_notice",
                                               "submit", "approve"}));
  // Every step is in the audit log too.
  auto conn = db().Acquire();
  EXPECT_EQ(conn->Scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'hardship_file' AND "
                         "entity_id = ?",
                         {std::to_string(file)})
                ->AsInt(),
            7);
}

TEST_P(FilesTest, EveryTransitionIsAllowedOnlyFromItsStatesAndOnlyToItsRoles) {
  const std::vector<std::string> states = {
      "applied",  "checked", "visited", "verified",   "reviewed", "notice", "upper_review",
      "returned", "filed",   "aided",   "monitoring", "rejected", "closed"};
  int n = 100;
  for (const auto& t : hardship::FileTransitions()) {
    for (const auto& state : states) {
      const int64_t file = NewFile(++n);
      {
        // Every precondition other than the state holds: assessed deep, notice over, six
        // months above the line on record.
        auto conn = db().Acquire();
        conn->Exec(
            "UPDATE hardship_files SET state = ?, category = 'deep', notice_end = '2020-01-01', "
            "exit_candidate = 1 WHERE id = ?",
            {state, file});
      }
      const json::object body{{"reason", "理由"}, {"consent", true}, {"level", "local"}};
      const bool from_ok =
          std::find(t.from.begin(), t.from.end(), *hardship::ParseFileState(state)) != t.from.end();
      if (t.who == hardship::Who::kService) {
        // Taken only by another capability's service (aid approval): nobody may take it
        // through the steps route, whatever the state.
        for (const Browser* b : {&viewer_, &other_, &gcadre_, &ccadre_}) {
          EXPECT_EQ(Act(*b, file, std::string(t.action), body).status, 403) << t.action;
        }
        EXPECT_EQ(StateOf(file), state);
        continue;
      }
      const Browser& right = t.who == hardship::Who::kAboveOnly ? ccadre_ : gcadre_;
      // Outsiders first: a viewer lacks the right; a sibling county cannot see the file.
      EXPECT_EQ(Act(viewer_, file, std::string(t.action), body).status, 403)
          << t.action << " from " << state;
      EXPECT_EQ(Act(other_, file, std::string(t.action), body).status, 404)
          << t.action << " from " << state;
      if (t.who == hardship::Who::kAboveOnly) {
        EXPECT_EQ(Act(gcadre_, file, std::string(t.action), body).status, 403)
            << t.action << " by the file's own union";
      }
      Reply r = Act(right, file, std::string(t.action), body);
      if (from_ok) {
        EXPECT_EQ(r.status, 200) << t.action << " from " << state << ": " << r.body;
        EXPECT_EQ(StateOf(file), hardship::FileStateName(t.to)) << t.action;
      } else {
        EXPECT_EQ(r.status, 409) << t.action << " from " << state << ": " << r.body;
        EXPECT_EQ(StateOf(file), state);
      }
    }
  }
}

TEST_P(FilesTest, StepsCheckTheirOwnConditions) {
  const int64_t file = NewFile(2);
  ASSERT_EQ(Act(gcadre_, file, "check").status, 200);
  Reply no_consent = Act(gcadre_, file, "visit", {{"consent", false}});
  EXPECT_EQ(no_consent.status, 400);
  EXPECT_EQ(no_consent.json.at("error").at("field").as_string(), "consent");
  ASSERT_EQ(Act(gcadre_, file, "visit", {{"consent", true}}).status, 200);
  ASSERT_EQ(Act(gcadre_, file, "verify").status, 200);
  // A notice cannot start more than 30 days back or in the future.
  Reply old = Act(gcadre_, file, "start_notice",
                  {{"notice_start", FormatDate(TodayInShanghai().AddDays(-31))}});
  EXPECT_EQ(old.status, 400);
  ASSERT_EQ(Act(gcadre_, file, "start_notice").status, 200);
  // The window has not ended: no submission yet.
  Reply early = Act(gcadre_, file, "submit");
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_NE(early.ErrorMessage().find("公示期至"), std::string::npos);
  EXPECT_EQ(Act(gcadre_, file, "reject").status, 400);  // a reason is required
  // An ineligible household cannot go to notice.
  const int64_t rich = NewFile(3, 100'000'000);
  Act(gcadre_, rich, "check");
  Act(gcadre_, rich, "visit", {{"consent", true}});
  Reply verified = Act(gcadre_, rich, "verify");
  EXPECT_EQ(verified.json.at("category").as_string(), "none");
  EXPECT_EQ(Act(gcadre_, rich, "start_notice").status, 409);
  EXPECT_EQ(Act(gcadre_, rich, "launch").status, 400);  // no such action
}

TEST_P(FilesTest, AnObjectionMustBeAnsweredBeforeTheFileGoesUp) {
  const int64_t file = NewFile(4);
  Act(gcadre_, file, "check");
  Act(gcadre_, file, "visit", {{"consent", true}});
  Act(gcadre_, file, "verify");
  Act(gcadre_, file, "start_notice",
      {{"notice_start", FormatDate(TodayInShanghai().AddDays(-20))}});
  Reply raised = Call("POST", "/api/v1/hardship/files/" + std::to_string(file) + "/objections",
                      R"({"raised_by":"同事（匿名）","content":"家中另有商铺出租"})", &gcadre_);
  ASSERT_EQ(raised.status, 201) << raised.body;
  Reply blocked = Act(gcadre_, file, "submit");
  EXPECT_EQ(blocked.status, 409);
  EXPECT_EQ(blocked.json.at("error").at("field").as_string(), "objections");
  const std::string oid = std::to_string(raised.json.at("id").as_int64());
  Reply answered = Call("POST", "/api/v1/hardship/objections/" + oid + "/answer",
                        R"({"answer":"经核实，商铺为亲属所有，与本户无关"})", &gcadre_);
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(
      Call("POST", "/api/v1/hardship/objections/" + oid + "/answer", R"({"answer":"x"})", &gcadre_)
          .status,
      409);
  EXPECT_EQ(Act(gcadre_, file, "submit").status, 200);
}

TEST_P(FilesTest, TheNoticeWindowCountsWorkingDaysAcrossWeekendsAndHolidays) {
  const int64_t file = NewFile(5);
  Act(gcadre_, file, "check");
  Act(gcadre_, file, "visit", {{"consent", true}});
  Act(gcadre_, file, "verify");
  auto conn = db().Acquire();
  const auth::Actor a = ActorFor("gcadre");
  // Wednesday 2026-09-30, then the National Day holiday (1–7 October), Thursday 8th, Friday 9th,
  // the make-up Saturday 10th, Monday 12th: the fifth working day.
  hardship::ActInput in;
  in.notice_start = "2026-09-30";
  auto started = hardship::ActOnFile(*conn, a, file, "start_notice", in, *ParseDate("2026-10-09"));
  ASSERT_TRUE(started.has_value()) << started.error().message_en;
  EXPECT_EQ(started->notice_end, "2026-10-12");
  EXPECT_FALSE(hardship::ActOnFile(*conn, a, file, "submit", {}, *ParseDate("2026-10-12")));
  EXPECT_TRUE(hardship::ActOnFile(*conn, a, file, "submit", {}, *ParseDate("2026-10-13")));
  // A plain weekend: Friday 2026-11-20 → Thursday the 26th.
  const int64_t second = NewFile(6);
  Act(gcadre_, second, "check");
  Act(gcadre_, second, "visit", {{"consent", true}});
  Act(gcadre_, second, "verify");
  in.notice_start = "2026-11-20";
  auto weekend =
      hardship::ActOnFile(*conn, a, second, "start_notice", in, *ParseDate("2026-11-21"));
  ASSERT_TRUE(weekend.has_value());
  EXPECT_EQ(weekend->notice_end, "2026-11-26");
}

TEST_P(FilesTest, APersonIsInOneOpenFileAnywhere) {
  const std::string shared = IdNumber(900, 2010);
  const int64_t a = AddMember(grassroots_, "赵一", IdNumber(901));
  const int64_t b = AddMember(other_grassroots_, "钱二", IdNumber(902));
  Reply first = Apply(gcadre_, a, Declaration(1'000'000, {shared}));
  ASSERT_EQ(first.status, 201) << first.body;
  // The same child listed in another county's file: refused, without saying where (that a
  // person is in a hardship file is sensitive), to a caller who may not read that file...
  Reply second = Apply(other_, b, Declaration(1'000'000, {shared}));
  EXPECT_EQ(second.status, 409) << second.body;
  auto conn = db().Acquire();
  const std::string holder_org =
      conn->Scalar("SELECT name FROM orgs WHERE id = ?", {grassroots_})->AsText();
  EXPECT_EQ(second.ErrorMessage().find(holder_org), std::string::npos) << second.ErrorMessage();
  EXPECT_NE(second.ErrorMessage().find("其他困难职工档案"), std::string::npos);
  // ...and naming the union that holds it to one who may.
  const int64_t c = AddMember(grassroots_, "孙三", IdNumber(903));
  Reply third = Apply(gcadre_, c, Declaration(1'000'000, {shared}));
  EXPECT_EQ(third.status, 409) << third.body;
  EXPECT_NE(third.ErrorMessage().find(holder_org), std::string::npos) << third.ErrorMessage();
  // The holder of an open file cannot be listed either, nor apply twice.
  EXPECT_EQ(Apply(gcadre_, a, Declaration(1'000'000)).status, 409);
  Reply holder_listed = Apply(other_, b, Declaration(1'000'000, {IdNumber(901)}));
  EXPECT_EQ(holder_listed.status, 409);
  // Once the first file is closed (rejected), the child may be listed elsewhere.
  const int64_t file = first.json.at("id").as_int64();
  ASSERT_EQ(Act(gcadre_, file, "reject", {{"reason", "申请人撤回"}}).status, 200);
  EXPECT_EQ(Apply(other_, b, Declaration(1'000'000, {shared})).status, 201);
  // And a re-application of the first file is now refused in turn.
  EXPECT_EQ(Act(gcadre_, file, "reapply").status, 409);
}

TEST_P(FilesTest, SixMonthsAboveTheLineMakeAnExitCandidate) {
  const int64_t file = NewFile(7);
  ASSERT_NO_FATAL_FAILURE(ToUpperReview(file));
  ASSERT_EQ(Act(ccadre_, file, "approve").status, 200);
  auto conn = db().Acquire();
  const auth::Actor a = ActorFor("gcadre");
  const Date today = *ParseDate("2026-11-28");
  // 低保 is 1,000 yuan; five months above it, one gap, then six in a row.
  for (const char* month : {"2026-01", "2026-02", "2026-04", "2026-05", "2026-06"}) {
    auto r = hardship::RecordMonth(*conn, a, file, month, 150'000, today);
    ASSERT_TRUE(r.has_value()) << r.error().message_en;
    EXPECT_FALSE(r->exit_candidate) << month;
  }
  EXPECT_EQ(Act(gcadre_, file, "exit_out").status, 409);
  auto sixth = hardship::RecordMonth(*conn, a, file, "2026-07", 150'000, today);
  EXPECT_FALSE(sixth->exit_candidate);  // the gap in March breaks the run
  auto seventh = hardship::RecordMonth(*conn, a, file, "2026-08", 150'000, today);
  auto eighth = hardship::RecordMonth(*conn, a, file, "2026-09", 150'000, today);
  EXPECT_TRUE(eighth->exit_candidate);  // April to September
  // A month at or below the line ends it again.
  auto below = hardship::RecordMonth(*conn, a, file, "2026-10", 100'000, today);
  EXPECT_FALSE(below->exit_candidate);
  auto again = hardship::RecordMonth(*conn, a, file, "2026-10", 120'000, today);
  EXPECT_TRUE(again->exit_candidate);
  EXPECT_FALSE(hardship::RecordMonth(*conn, a, file, "2026-12", 120'000, today));  // future
  Reply queue = Call("GET", "/api/v1/hardship/files?queue=exit_candidates", "", &ccadre_);
  EXPECT_EQ(queue.json.at("total").as_int64(), 1);
  Reply out = Act(gcadre_, file, "exit_out");
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(out.json.at("state").as_string(), "monitoring");
  EXPECT_EQ(out.json.at("exit_kind").as_string(), "out_of_hardship");
}

TEST_P(FilesTest, AWorkerRegistersAppliesAndSeesOnlyTheirOwnFile) {
  const std::string id = IdNumber(10);
  AddMember(grassroots_, "孙小美", id, "13912345678");
  Reply wrong = Call("POST", "/api/v1/workers/register",
                     R"({"name":"孙小美","id_number":")" + id +
                         R"(","phone":"13900000001","password":"long-enough-pass"})");
  EXPECT_EQ(wrong.status, 400);
  Reply ok = Call("POST", "/api/v1/workers/register",
                  R"({"name":"孙小美","id_number":")" + id +
                      R"(","phone":"139 1234-5678","password":"long-enough-pass"})");
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json.at("username").as_string(), "13912345678");
  EXPECT_EQ(Call("POST", "/api/v1/workers/register",
                 R"({"name":"孙小美","id_number":")" + id +
                     R"(","phone":"13912345678","password":"long-enough-pass"})")
                .status,
            409);
  Reply login = Call("POST", "/api/v1/session",
                     R"({"username":"13912345678","password":"long-enough-pass"})");
  ASSERT_EQ(login.status, 200) << login.body;
  Browser worker;
  const std::string cookie = login.Header("Set-Cookie");
  worker.cookie = cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
  worker.csrf = std::string(login.json.at("csrf_token").as_string());
  EXPECT_EQ(Call("GET", "/api/v1/me/hardship", "", &worker).status, 404);
  Reply applied = Call(
      "POST", "/api/v1/me/hardship",
      json::serialize(json::object{{"declaration", Declaration(900'000, {}, "孙小美")}}), &worker);
  ASSERT_EQ(applied.status, 201) << applied.body;
  EXPECT_EQ(applied.json.at("holder_id_number").as_string(), id);  // their own, unmasked
  const int64_t file = applied.json.at("id").as_int64();
  Reply mine = Call("GET", "/api/v1/me/hardship", "", &worker);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json.at("events").as_array().size(), 1u);
  // The worker cannot take steps, nor read another household's file, nor list files.
  EXPECT_EQ(Act(worker, file, "check").status, 403);
  const int64_t other = NewFile(11);
  EXPECT_EQ(Call("GET", "/api/v1/hardship/files/" + std::to_string(other), "", &worker).status,
            404);
  EXPECT_EQ(Call("GET", "/api/v1/hardship/files", "", &worker).status, 403);
  // The cadre sees the worker's file masked unless they may unmask.
  Reply masked = Call("GET", "/api/v1/hardship/files/" + std::to_string(file), "", &gcadre_);
  EXPECT_EQ(masked.json.at("holder_id_number").as_string(), MaskResidentId(id));
  EXPECT_EQ(masked.json.at("declaration").at("bank").at("account").as_string(),
            "***************2020");
  EXPECT_EQ(
      Call("GET", "/api/v1/hardship/files/" + std::to_string(file) + "?unmask=1", "", &gcadre_)
          .status,
      403);
  Reply unmasked =
      Call("GET", "/api/v1/hardship/files/" + std::to_string(file) + "?unmask=1", "", &ccadre_);
  EXPECT_EQ(unmasked.json.at("holder_id_number").as_string(), id);
  auto conn = db().Acquire();
  EXPECT_EQ(
      conn->Scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'hardship.unmask'")->AsInt(), 1);
}

TEST_P(FilesTest, TheDeclarationIsCheckedFieldByField) {
  const int64_t member = AddMember(grassroots_, "周全", IdNumber(20));
  auto field = [&](json::object d) {
    Reply r = Apply(gcadre_, member, d);
    EXPECT_EQ(r.status, 400) << r.body;
    return r.status == 400 ? std::string(r.json.at("error").at("field").as_string()) : "";
  };
  json::object bad_id = Declaration(1'000'000);
  bad_id["people"] = json::array{
      json::object{{"name", "甲"}, {"relation", "child"}, {"id_number", "330106198001010010"}}};
  EXPECT_EQ(field(bad_id), "people[0].id_number");
  json::object bad_cause = Declaration(1'000'000);
  bad_cause["primary_cause"] = "laziness";
  EXPECT_EQ(field(bad_cause), "primary_cause");
  EXPECT_EQ(field(Declaration(1'000'000, {}, "别人")), "bank.holder_name");
  json::object negative = Declaration(1'000'000);
  negative["incomes"] = json::array{json::object{{"kind", "wage"}, {"amount_fen", -5}}};
  EXPECT_EQ(field(negative), "incomes[0].amount_fen");
  json::object kind = Declaration(1'000'000);
  kind["expenses"] = json::array{json::object{{"kind", "luxury"}, {"amount_fen", 5}}};
  EXPECT_EQ(field(kind), "expenses[0].kind");
  json::object too_many = Declaration(1'000'000);
  too_many["secondary_causes"] = json::array{"low_income", "disability", "schooling", "other"};
  EXPECT_EQ(field(too_many), "secondary_causes");
  EXPECT_EQ(field(Declaration(1'000'000, {IdNumber(20)})), "people");  // the holder twice
  Reply no_decl = Call("POST", "/api/v1/hardship/files", R"({"member_id":1})", &gcadre_);
  EXPECT_EQ(no_decl.status, 400);
  // A member of another county is not found for this cadre.
  const int64_t elsewhere = AddMember(other_grassroots_, "吴用", IdNumber(21));
  EXPECT_EQ(Apply(gcadre_, elsewhere, Declaration(1'000'000)).status, 404);
}

TEST_P(FilesTest, TheNoticeBoardShowsMaskedNamesOnly) {
  const int64_t member = AddMember(grassroots_, "欧阳晓峰", IdNumber(30));
  Reply r = Apply(gcadre_, member, Declaration(1'000'000));
  const int64_t file = r.json.at("id").as_int64();
  Act(gcadre_, file, "check");
  Act(gcadre_, file, "visit", {{"consent", true}});
  Act(gcadre_, file, "verify");
  ASSERT_EQ(Act(gcadre_, file, "start_notice").status, 200);
  Reply board = Call("GET", "/api/v1/public/notices/" + std::to_string(county_));  // no login
  ASSERT_EQ(board.status, 200) << board.body;
  ASSERT_EQ(board.json.at("entries").as_array().size(), 1u);
  EXPECT_EQ(board.json.at("entries").at(0).at("masked_name").as_string(), "欧**峰");
  EXPECT_EQ(board.body.find("欧阳晓峰"), std::string::npos);
  EXPECT_EQ(board.body.find(IdNumber(30)), std::string::npos);
  EXPECT_EQ(Call("GET", "/api/v1/public/notices/999999").status, 404);
}

TEST_P(FilesTest, StoredAssessmentsReplayToTheSameResult) {
  const int64_t file = NewFile(40);
  ASSERT_NO_FATAL_FAILURE(ToUpperReview(file));
  // A later policy does not change what the stored assessment replays to.
  hardship::Policy p;
  p.region_code = "330000";
  p.effective_from = "2021-01-01";
  p.dibao_monthly_fen = 200'000;
  p.min_wage_monthly_fen = 249'000;
  {
    auto conn = db().Acquire();
    ASSERT_TRUE(hardship::SetPolicy(*conn, {}, p).has_value());
  }
  Reply list =
      Call("GET", "/api/v1/hardship/files/" + std::to_string(file) + "/assessments", "", &gcadre_);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json.at("items").as_array().size(), 1u);
  const auto& a = list.json.at("items").at(0);
  EXPECT_TRUE(a.at("replay_matches").as_bool());
  EXPECT_EQ(a.at("policy_version").as_int64(), 1);
  EXPECT_FALSE(a.at("result").at("explanation").as_array().empty());
}

TEST_P(FilesTest, WhatIfEqualsReassessmentAndChangesNothing) {
  auto conn = db().Acquire();
  ASSERT_TRUE(app::GenerateDemoMembers(*conn, 3, 400).has_value());
  auto made = app::GenerateDemoHouseholds(*conn, 3, 300);
  ASSERT_TRUE(made.has_value());
  ASSERT_GT(*made, 200);
  auto snapshot = [&] {
    std::map<int64_t, std::string> out;
    for (const auto& r : conn->Query("SELECT id, COALESCE(category, '-') FROM hardship_files")) {
      out[r.Int(0)] = r.Text(1);
    }
    return out;
  };
  const auto before = snapshot();
  const int64_t job = jobs::Create(*conn, "hardship_whatif", std::nullopt, "test");
  hardship::WhatIfRequest request;
  request.change.dibao_monthly_fen = 140'000;
  request.today = TodayInShanghai();
  hardship::RunWhatIf(db(), nullptr, job, request);
  auto done = jobs::Get(*conn, job);
  ASSERT_EQ(done->state, "done") << done->message.value_or("");
  EXPECT_EQ(done->counters.processed_rows, done->counters.total_rows);
  EXPECT_EQ(snapshot(), before);  // nothing changed
  std::map<int64_t, std::string> predicted;
  for (const auto& r : conn->Query(
           "SELECT file_id, to_category FROM hardship_whatif_rows WHERE job_id = ?", {job})) {
    predicted[r.Int(0)] = r.Text(1);
  }
  EXPECT_GT(predicted.size(), 0u);
  json::value result = json::parse(*done->result);
  EXPECT_EQ(result.at("changed").as_int64(), static_cast<int64_t>(predicted.size()));
  // Now make the change for real and review every filed household.
  hardship::Policy p = *hardship::PolicyFor(*conn, "330000", FormatDate(TodayInShanghai()));
  p.dibao_monthly_fen = 140'000;
  p.effective_from = FormatDate(TodayInShanghai());
  ASSERT_TRUE(hardship::SetPolicy(*conn, {}, p).has_value());
  int reviewed = 0;
  for (const auto& r :
       conn->Query("SELECT id, category FROM hardship_files WHERE state IN ('filed', 'aided')")) {
    auto f = hardship::ReviewFile(*conn, {}, r.Int(0), std::nullopt, TodayInShanghai());
    ASSERT_TRUE(f.has_value()) << f.error().message_en;
    const std::string expected = predicted.contains(r.Int(0)) ? predicted[r.Int(0)] : r.Text(1);
    EXPECT_EQ(*f->category, expected) << "file " << r.Int(0);
    ++reviewed;
  }
  EXPECT_GT(reviewed, 50);
}

TEST_P(FilesTest, QueuesFindTheirFiles) {
  auto conn = db().Acquire();
  const int64_t due = NewFile(50);
  const int64_t fresh = NewFile(51);
  const std::string today = FormatDate(TodayInShanghai());
  conn->Exec(
      "UPDATE hardship_files SET state = 'filed', next_review_due = ?, updated_at = "
      "'2024-01-01T00:00:00.000Z' WHERE id = ?",
      {FormatDate(TodayInShanghai().AddDays(-3)), due});
  conn->Exec("UPDATE hardship_files SET state = 'notice', notice_end = ? WHERE id = ?",
             {today, fresh});
  auto ids = [&](const std::string& queue) {
    Reply r = Call("GET", "/api/v1/hardship/files?queue=" + queue, "", &ccadre_);
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<int64_t> out;
    for (const auto& f : r.json.at("items").as_array()) out.insert(f.at("id").as_int64());
    return out;
  };
  EXPECT_EQ(ids("overdue"), std::set<int64_t>{due});
  EXPECT_EQ(ids("review_due"), std::set<int64_t>{due});
  EXPECT_EQ(ids("stale"), std::set<int64_t>{due});
  EXPECT_EQ(ids("never_aided"), std::set<int64_t>{due});
  EXPECT_EQ(ids("notice_ending"), std::set<int64_t>{fresh});
  EXPECT_EQ(ids("tasks"), std::set<int64_t>{fresh});
  Reply counts = Call("GET", "/api/v1/hardship/queues", "", &ccadre_);
  EXPECT_EQ(counts.json.at("queues").at("overdue").as_int64(), 1);
  EXPECT_EQ(counts.json.at("states").at("filed").as_int64(), 1);
  // A sibling county sees none of them.
  Reply other = Call("GET", "/api/v1/hardship/files?queue=all", "", &other_);
  EXPECT_EQ(other.json.at("total").as_int64(), 0);
  EXPECT_EQ(Call("GET", "/api/v1/hardship/files?queue=bogus", "", &ccadre_).status, 400);
  // Search by the holder's name in pinyin initials.
  Reply found = Call("GET", "/api/v1/hardship/files?q=w50m", "", &ccadre_);
  EXPECT_EQ(found.json.at("total").as_int64(), 1) << found.body;
}

TEST_P(FilesTest, AttachmentsAreContentAddressedTypeCheckedAndAudited) {
  const int64_t file = NewFile(60);
  const std::string path = "/api/v1/hardship/files/" + std::to_string(file) + "/attachments";
  const std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + std::string(2000, '\x01');
  const std::map<std::string, std::string> as_png{{"content-type", "image/png"}};
  Reply added = Call("POST", path + "?name=%E6%8E%88%E6%9D%83%E4%B9%A6.png&kind=consent", png,
                     &gcadre_, as_png);
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.json.at("name").as_string(), "授权书.png");
  EXPECT_EQ(added.json.at("content_type").as_string(), "image/png");
  EXPECT_EQ(added.json.at("size").as_int64(), 2008);
  // The same bytes again: a second attachment, one stored blob.
  ASSERT_EQ(Call("POST", path + "?name=copy.png&kind=other", png, &gcadre_, as_png).status, 201);
  auto conn = db().Acquire();
  EXPECT_EQ(conn->Scalar("SELECT COUNT(*) FROM blobs")->AsInt(), 1);
  // A text file named .png, an unknown kind, a missing name, and an outsider are refused.
  Reply text = Call("POST", path + "?name=fake.png&kind=consent", "not an image", &gcadre_, as_png);
  EXPECT_EQ(text.status, 415) << text.body;
  EXPECT_EQ(Call("POST", path + "?name=a.png&kind=selfie", png, &gcadre_, as_png).status, 400);
  EXPECT_EQ(Call("POST", path + "?kind=consent", png, &gcadre_, as_png).status, 400);
  EXPECT_EQ(Call("POST", path + "?name=a.png", png, &other_, as_png).status, 404);
  EXPECT_EQ(Call("POST", path + "?name=a.png", png, &viewer_, as_png).status, 403);
  EXPECT_EQ(Call("POST", path + "?name=big.pdf",
                 "%PDF-" + std::string(hardship::kMaxAttachmentBytes, 'x'), &gcadre_,
                 {{"content-type", "application/pdf"}})
                .status,
            413);
  Reply list = Call("GET", path, "", &viewer_);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json.at("items").as_array().size(), 2u);
  const std::string one =
      "/api/v1/hardship/attachments/" + std::to_string(added.json.at("id").as_int64());
  Reply got = Call("GET", one, "", &ccadre_);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, png);
  EXPECT_NE(got.Header("Content-Disposition").find("%E6%8E%88%E6%9D%83%E4%B9%A6.png"),
            std::string::npos);
  EXPECT_EQ(Call("GET", one, "", &other_).status, 404);
  EXPECT_EQ(conn->Scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'hardship.attachment.view'")
                ->AsInt(),
            1);
}

TEST_P(FilesTest, NextActionsAreTheStepsThisCallerMayTake) {
  const int64_t file = NewFile(70);
  ASSERT_NO_FATAL_FAILURE(ToUpperReview(file));
  auto actions = [&](const Browser& b) {
    Reply r = Call("GET", "/api/v1/hardship/files/" + std::to_string(file), "", &b);
    std::vector<std::string> out;
    for (const auto& v : r.json.at("next_actions").as_array()) out.emplace_back(v.as_string());
    return out;
  };
  EXPECT_EQ(actions(gcadre_), std::vector<std::string>{});
  EXPECT_EQ(actions(ccadre_), (std::vector<std::string>{"approve", "return"}));
  EXPECT_EQ(actions(viewer_), std::vector<std::string>{});
  ASSERT_EQ(Act(ccadre_, file, "approve").status, 200);
  // Filed, no six months on record: aid, relief or closing, but not 脱困.
  EXPECT_EQ(actions(gcadre_), (std::vector<std::string>{"record_aid", "relieve", "close"}));
  // Non-cash help says what it was; the file is then under aid.
  EXPECT_EQ(Act(gcadre_, file, "record_aid").status, 400);
  ASSERT_EQ(Act(gcadre_, file, "record_aid", {{"reason", "介绍到社区超市就业"}}).status, 200);
  EXPECT_EQ(StateOf(file), "aided");
}

TEST_P(FilesTest, AnEditOfAMaskedViewKeepsTheStoredValues) {
  const std::string child = IdNumber(801, 2012);
  const int64_t member = AddMember(grassroots_, "郑和", IdNumber(800));
  Reply r = Apply(gcadre_, member, Declaration(1'000'000, {child}, "郑和"));
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string path = "/api/v1/hardship/files/" + std::to_string(r.json.at("id").as_int64());
  // What a cadre without the unmask permission sees, sent back with one change.
  json::object seen = Call("GET", path, "", &gcadre_).json.at("declaration").as_object();
  EXPECT_EQ(seen.at("people").at(0).at("id_number").as_string(), MaskResidentId(child));
  seen["notes"] = "入户核实：住房为租住";
  Reply patched =
      Call("PATCH", path, json::serialize(json::object{{"declaration", seen}}), &gcadre_);
  ASSERT_EQ(patched.status, 200) << patched.body;
  auto conn = db().Acquire();
  const std::string stored =
      conn->Scalar("SELECT data FROM hardship_files WHERE id = ?", {r.json.at("id").as_int64()})
          ->AsText();
  EXPECT_NE(stored.find(child), std::string::npos);
  EXPECT_NE(stored.find("6222020202020202020"), std::string::npos);
  EXPECT_NE(stored.find("住房为租住"), std::string::npos);
  // A mask that is not the stored value's must be typed in full.
  seen["people"].as_array()[0].as_object()["id_number"] = "110105********1234";
  Reply wrong = Call("PATCH", path, json::serialize(json::object{{"declaration", seen}}), &gcadre_);
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.json.at("error").at("field").as_string(), "people[0].id_number");
  // A new application never takes masks.
  const int64_t other = AddMember(grassroots_, "冯七", IdNumber(802));
  EXPECT_EQ(Apply(gcadre_, other, seen).status, 400);
}

TEST_P(FilesTest, APolicyChangeNeedsOnlyTheFieldsThatChange) {
  Reply r =
      Call("POST", "/api/v1/hardship/policies",
           R"({"region_code":"330000","effective_from":"2026-12-01","dibao_monthly_fen":120000})",
           &ccadre_);
  EXPECT_EQ(r.status, 403);  // a county union cannot set its province's policy
  AddUser("prov", OrgId("浙江省总工会"), "cadre_admin");
  Browser prov = Login("prov");
  r = Call("POST", "/api/v1/hardship/policies",
           R"({"region_code":"330000","effective_from":"2026-12-01","dibao_monthly_fen":120000})",
           &prov);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json.at("dibao_monthly_fen").as_int64(), 120'000);
  EXPECT_EQ(r.json.at("min_wage_monthly_fen").as_int64(), 249'000);  // kept from version 1
  EXPECT_EQ(r.json.at("version").as_int64(), 2);
}

ZJ_INSTANTIATE_ENGINES(FilesTest);

}  // namespace
}  // namespace zj

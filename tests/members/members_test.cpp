#include <gtest/gtest.h>

#include "base/resident_id.h"
#include "members/service.h"
#include "support/test_app.h"

namespace zj {
namespace {

using members::State;
using testing::AppTest;
using testing::Browser;

// A valid ID number born on the given date in region 330106, with sequence seq.
std::string MakeId(const std::string& birth_yyyymmdd, int seq) {
  char body[18];
  std::snprintf(body, sizeof body, "330106%s%03d", birth_yyyymmdd.c_str(), seq % 1000);
  std::string id(body, 17);
  return id + ResidentIdCheckChar(id);
}

class MembersTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    LoadDemo(60);
    province_ = OrgId("浙江省总工会");
    xihu_ = OrgId("西湖区总工会");
    shangcheng_ = OrgId("上城区总工会");
    AddUser("prov", province_, "cadre_admin");
    AddUser("xihu", xihu_, "cadre_admin");
    AddUser("shangcheng", shangcheng_, "cadre_admin");
    AddUser("xihu_clerk", xihu_, "cadre");
    prov_ = Login("prov");
    xihu_cadre_ = Login("xihu");
  }

  // A member made at the command line (all scope) and driven into the given state.
  int64_t MemberIn(State state, int seq, int64_t org) {
    auto conn = db().Acquire();
    members::MemberInput in;
    in.org_id = org;
    in.name = "测试" + std::to_string(seq);
    in.id_number = MakeId("19800101", seq);
    in.provisional = state == State::kProvisional;
    auto m = members::CreateMember(*conn, {}, in);
    EXPECT_TRUE(m.has_value()) << m.error().message_en;
    const int64_t id = m->id;
    auto act = [&](const char* action, std::optional<std::string> reason = {}) {
      auto r = members::Act(*conn, {}, id, action, reason, std::nullopt);
      EXPECT_TRUE(r.has_value()) << action << ": " << r.error().message_en;
    };
    switch (state) {
      case State::kApplied:
      case State::kProvisional:
        break;
      case State::kActive:
        act("approve");
        break;
      case State::kRejected:
        act("reject", "材料不全");
        break;
      case State::kRetained:
        act("approve");
        act("retain", "retired");
        break;
      case State::kWithdrawn:
        act("approve");
        act("withdraw", "本人申请");
        break;
      case State::kExpelled:
        act("approve");
        act("expel", "严重违纪");
        break;
      case State::kTransferPending: {
        act("approve");
        auto t = members::RequestTransfer(*conn, {}, id, shangcheng_, "调动");
        EXPECT_TRUE(t.has_value());
        break;
      }
    }
    return id;
  }

  std::string StateOf(int64_t id) {
    auto conn = db().Acquire();
    return conn->Scalar("SELECT state FROM members WHERE id = ?", {id})->AsText();
  }

  testing::Reply CreateVia(const Browser& b, const std::string& id_number, int64_t org,
                           const std::string& name = "张三明") {
    return Call("POST", "/api/v1/members",
                R"({"org_id":)" + std::to_string(org) + R"(,"name":")" + name +
                    R"(","id_number":")" + id_number + R"(","phone":"13812345678"})",
                &b);
  }

  int64_t province_ = 0, xihu_ = 0, shangcheng_ = 0;
  Browser prov_, xihu_cadre_;
};

TEST_P(MembersTest, EveryTransitionIsAllowedExactlyWhereTheTableSaysSo) {
  const std::vector<State> states = {State::kApplied,     State::kActive,          State::kRejected,
                                     State::kProvisional, State::kTransferPending, State::kRetained,
                                     State::kWithdrawn,   State::kExpelled};
  int seq = 1;
  for (const auto& t : members::Transitions()) {
    for (State s : states) {
      const int64_t id = MemberIn(s, seq++, xihu_);
      auto r = Call(
          "POST", "/api/v1/members/" + std::to_string(id) + "/actions/" + std::string(t.action),
          std::string(R"({"reason":")") + (t.action == "retain" ? "retired" : "原因") + R"("})",
          &prov_);
      const bool allowed = std::find(t.from.begin(), t.from.end(), s) != t.from.end();
      if (allowed) {
        EXPECT_EQ(r.status, 200) << t.action << " from " << members::StateName(s) << ": " << r.body;
        EXPECT_EQ(StateOf(id), members::StateName(t.to));
      } else {
        EXPECT_EQ(r.status, 409) << t.action << " from " << members::StateName(s) << ": " << r.body;
        EXPECT_EQ(StateOf(id), members::StateName(s));
      }
    }
  }
  EXPECT_EQ(Call("POST",
                 "/api/v1/members/" + std::to_string(MemberIn(State::kActive, seq++, xihu_)) +
                     "/actions/teleport",
                 "", &prov_)
                .status,
            404);
}

TEST_P(MembersTest, ApprovalNeedsTheApprovePermission) {
  const int64_t id = MemberIn(State::kApplied, 1, xihu_);
  Browser clerk = Login("xihu_clerk");
  auto r = Call("POST", "/api/v1/members/" + std::to_string(id) + "/actions/approve", "", &clerk);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(StateOf(id), "applied");
}

TEST_P(MembersTest, ApprovalSetsMembershipDateAndCardAndRecordsWhoWhenWhy) {
  const int64_t id = MemberIn(State::kApplied, 1, xihu_);
  auto r =
      Call("POST", "/api/v1/members/" + std::to_string(id) + "/actions/approve", "", &xihu_cadre_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.json.at("member_since").is_null());
  EXPECT_TRUE(r.json.at("card_number").as_string().starts_with("ZJ33"));
  auto detail = Call("GET", "/api/v1/members/" + std::to_string(id), "", &xihu_cadre_);
  const auto& events = detail.json.at("events").as_array();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events.at(1).at("actor").as_string(), "xihu");
  EXPECT_EQ(events.at(1).at("from_state").as_string(), "applied");
  EXPECT_EQ(events.at(1).at("to_state").as_string(), "active");
}

TEST_P(MembersTest, OnePersonOneRecordAcrossOrgs) {
  const std::string id = MakeId("19900215", 11);
  ASSERT_EQ(CreateVia(xihu_cadre_, id, xihu_).status, 201);
  Browser sc = Login("shangcheng");
  auto again = CreateVia(sc, id, shangcheng_);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(again.ErrorMessage().find("西湖区总工会"), std::string::npos) << again.body;
}

TEST_P(MembersTest, SomeoneWhoLeftJoinsAgainElsewhereOnTheSameRecord) {
  const int64_t id = MemberIn(State::kWithdrawn, 12, xihu_);
  const std::string id_number = MakeId("19800101", 12);
  Browser sc = Login("shangcheng");
  // The name must be the one the ID was registered under.
  auto wrong = CreateVia(sc, id_number, shangcheng_, "李四");
  EXPECT_EQ(wrong.status, 409) << wrong.body;
  EXPECT_EQ(wrong.json.at("error").at("field").as_string(), "name") << wrong.body;
  auto back = CreateVia(sc, id_number, shangcheng_, "测试12");
  ASSERT_EQ(back.status, 201) << back.body;
  EXPECT_EQ(back.json.at("id").as_int64(), id);  // one person, one record
  EXPECT_EQ(back.json.at("state").as_string(), "applied");
  EXPECT_EQ(back.json.at("org_id").as_int64(), shangcheng_);
  EXPECT_TRUE(back.json.at("member_since").is_null());
  auto detail = Call("GET", "/api/v1/members/" + std::to_string(id), "", &sc);
  ASSERT_EQ(detail.status, 200) << detail.body;
  const auto& events = detail.json.at("events").as_array();
  EXPECT_EQ(events.back().at("action").as_string(), "rejoin");
  EXPECT_EQ(events.back().at("from_state").as_string(), "withdrawn");
  // The union they left no longer sees them.
  EXPECT_EQ(Call("GET", "/api/v1/members/" + std::to_string(id), "", &xihu_cadre_).status, 404);
  // An expelled member cannot simply join again.
  MemberIn(State::kExpelled, 13, xihu_);
  EXPECT_EQ(CreateVia(sc, MakeId("19800101", 13), shangcheng_, "测试13").status, 409);
}

TEST_P(MembersTest, BadIdNumbersAreRefusedWithTheirReason) {
  std::string bad = MakeId("19800101", 5);
  bad.back() = bad.back() == '0' ? '1' : '0';
  auto check = CreateVia(xihu_cadre_, bad, xihu_);
  EXPECT_EQ(check.status, 400);
  EXPECT_EQ(check.json.at("error").at("field").as_string(), "id_number");
  auto sci = CreateVia(xihu_cadre_, "3.30106E+17", xihu_);
  EXPECT_EQ(sci.status, 400);
  EXPECT_NE(sci.ErrorMessage().find("科学计数法"), std::string::npos) << sci.body;
  auto phone = Call("POST", "/api/v1/members",
                    R"({"org_id":)" + std::to_string(xihu_) + R"(,"name":"王五","id_number":")" +
                        MakeId("19800101", 6) + R"(","phone":"12345"})",
                    &xihu_cadre_);
  EXPECT_EQ(phone.json.at("error").at("field").as_string(), "phone");
}

TEST_P(MembersTest, TransferNeedsReleaseThenAcceptanceAndKeepsTheMembershipDate) {
  const int64_t id = MemberIn(State::kActive, 1, xihu_);
  auto before = Call("GET", "/api/v1/members/" + std::to_string(id), "", &prov_);
  auto t = Call("POST", "/api/v1/members/" + std::to_string(id) + "/transfers",
                R"({"to_org_id":)" + std::to_string(shangcheng_) + R"(,"reason":"工作调动"})",
                &xihu_cadre_);
  ASSERT_EQ(t.status, 201) << t.body;
  const std::string tid = std::to_string(t.json.at("id").as_int64());
  Browser sc = Login("shangcheng");
  auto early = Call("POST", "/api/v1/transfers/" + tid + "/accept", "", &sc);
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(Call("POST", "/api/v1/transfers/" + tid + "/release", "", &sc).status, 403);
  auto queue_in = Call("GET", "/api/v1/transfers?direction=in", "", &sc);
  ASSERT_EQ(queue_in.json.at("items").as_array().size(), 1u);
  EXPECT_EQ(Call("POST", "/api/v1/transfers/" + tid + "/release", "", &xihu_cadre_).status, 200);
  auto accepted = Call("POST", "/api/v1/transfers/" + tid + "/accept", "", &sc);
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  auto after = Call("GET", "/api/v1/members/" + std::to_string(id), "", &prov_);
  EXPECT_EQ(after.json.at("org_id").as_int64(), shangcheng_);
  EXPECT_EQ(after.json.at("state").as_string(), "active");
  EXPECT_EQ(after.json.at("member_since"), before.json.at("member_since"));
  // The old union no longer sees the member.
  EXPECT_EQ(Call("GET", "/api/v1/members/" + std::to_string(id), "", &xihu_cadre_).status, 404);
}

TEST_P(MembersTest, RejectedTransferLeavesTheMemberWhereTheyWere) {
  const int64_t id = MemberIn(State::kTransferPending, 1, xihu_);
  auto conn = db().Acquire();
  const int64_t tid =
      conn->Scalar("SELECT id FROM member_transfers WHERE member_id = ?", {id})->AsInt();
  Browser sc = Login("shangcheng");
  auto r = Call("POST", "/api/v1/transfers/" + std::to_string(tid) + "/reject",
                R"({"reason":"不在本单位工作"})", &sc);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(StateOf(id), "active");
  EXPECT_EQ(conn->Scalar("SELECT org_id FROM members WHERE id = ?", {id})->AsInt(), xihu_);
}

TEST_P(MembersTest, SearchByNameScriptPinyinInitialsIdTailAndPhone) {
  ASSERT_EQ(CreateVia(xihu_cadre_, MakeId("19850612", 21), xihu_, "欧阳锋").status, 201);
  const std::string id = MakeId("19850612", 22);
  ASSERT_EQ(CreateVia(xihu_cadre_, id, xihu_, "黄药师").status, 201);
  auto names = [&](const std::string& q) {
    auto r = Call("GET", "/api/v1/members?q=" + q, "", &xihu_cadre_);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    for (const auto& m : r.json.at("items").as_array()) out.emplace_back(m.at("name").as_string());
    return out;
  };
  EXPECT_EQ(names("歐陽"), std::vector<std::string>{"欧阳锋"});
  EXPECT_EQ(names("ouyang"), std::vector<std::string>{"欧阳锋"});
  EXPECT_EQ(names("hys"), std::vector<std::string>{"黄药师"});
  EXPECT_EQ(names(id.substr(12)), std::vector<std::string>{"黄药师"});
  EXPECT_EQ(names(id.substr(14)), std::vector<std::string>{"黄药师"});
  EXPECT_EQ(names(id), std::vector<std::string>{"黄药师"});
  EXPECT_EQ(names("13812345678").size(), 2u);
}

TEST_P(MembersTest, ListsAreMaskedAndUnmaskingIsPermittedAndAudited) {
  auto created = CreateVia(xihu_cadre_, MakeId("19850612", 31), xihu_, "周伯通");
  ASSERT_EQ(created.status, 201);
  const std::string mid = std::to_string(created.json.at("id").as_int64());
  auto list = Call("GET", "/api/v1/members?q=zbt", "", &xihu_cadre_);
  const auto& item = list.json.at("items").at(0);
  EXPECT_NE(item.at("id_number").as_string().find("********"), std::string::npos);
  EXPECT_EQ(item.at("phone").as_string(), "138****5678");
  auto full = Call("GET", "/api/v1/members/" + mid + "?unmask=1", "", &xihu_cadre_);
  ASSERT_EQ(full.status, 200);
  EXPECT_EQ(full.json.at("id_number").as_string(), MakeId("19850612", 31));
  Browser clerk = Login("xihu_clerk");
  EXPECT_EQ(Call("GET", "/api/v1/members/" + mid + "?unmask=1", "", &clerk).status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/members?q=zbt&unmask=1", "", &clerk).status, 403);
  auto full_list = Call("GET", "/api/v1/members?q=zbt&unmask=1", "", &xihu_cadre_);
  EXPECT_EQ(full_list.json.at("items").at(0).at("phone").as_string(), "13812345678");
  EXPECT_FALSE(full_list.json.at("items").at(0).at("masked").as_bool());
  auto conn = db().Acquire();
  EXPECT_EQ(conn->Scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'member.unmask' AND "
                         "entity_id = ?",
                         {mid})
                ->AsInt(),
            1);
  EXPECT_EQ(conn->Scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'member.unmask' AND "
                         "entity_id = 'list'")
                ->AsInt(),
            1);
}

TEST_P(MembersTest, ASiblingCountyCannotSeeOrChangeOurMembers) {
  auto created = CreateVia(xihu_cadre_, MakeId("19850612", 41), xihu_, "郭靖");
  const std::string mid = std::to_string(created.json.at("id").as_int64());
  Browser sc = Login("shangcheng");
  EXPECT_EQ(Call("GET", "/api/v1/members/" + mid, "", &sc).status, 404);
  EXPECT_EQ(Call("PATCH", "/api/v1/members/" + mid, R"({"phone":"13900000000"})", &sc).status, 404);
  EXPECT_EQ(Call("POST", "/api/v1/members/" + mid + "/actions/approve", "", &sc).status, 404);
  EXPECT_TRUE(
      Call("GET", "/api/v1/members?q=guojing", "", &sc).json.at("items").as_array().empty());
  EXPECT_EQ(Call("GET", "/api/v1/members?org_id=" + std::to_string(xihu_), "", &sc).status, 404);
}

ZJ_INSTANTIATE_ENGINES(MembersTest);

}  // namespace
}  // namespace zj

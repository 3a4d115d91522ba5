#include <gtest/gtest.h>
#include <iconv.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "auth/service.h"
#include "base/resident_id.h"
#include "io/table_reader.h"
#include "io/xlsx_writer.h"
#include "jobs/jobs.h"
#include "members/export.h"
#include "members/import_job.h"
#include "support/test_app.h"

namespace zj {
namespace {

using testing::AppTest;

std::string ValidId(int seq, const std::string& region = "330106") {
  char body[18];
  std::snprintf(body, sizeof body, "%s1985%02d%02d%03d", region.c_str(), 1 + seq % 12, 1 + seq % 28,
                seq % 1000);
  std::string id(body, 17);
  return id + ResidentIdCheckChar(id);
}

const char* kHeader =
    "姓名,身份证号,手机号,所属工会,民族,学历,技能等级,户籍类型,是否农民工,就业形态,工作单位,"
    "单位统一社会信用代码,入会日期,会员卡号,会籍状态\n";

std::string Row(const std::string& name, const std::string& id, const std::string& org,
                const std::string& phone = "13900001111") {
  return name + "," + id + "," + phone + "," + org +
         ",汉族,本科,高级工,城镇,否,标准劳动关系,某公司,,2020-05-01,,在会\n";
}

std::string ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string in = utf8, out(utf8.size() * 2 + 16, '\0');
  char* ip = in.data();
  char* op = out.data();
  size_t il = in.size(), ol = out.size();
  iconv(cd, &ip, &il, &op, &ol);
  iconv_close(cd);
  out.resize(out.size() - ol);
  return out;
}

class ImportTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    LoadDemo(40);
    xihu_ = OrgId("西湖区总工会");
    shangcheng_ = OrgId("上城区总工会");
    AddUser("prov", OrgId("浙江省总工会"), "cadre_admin");
    AddUser("xihu", xihu_, "cadre_admin");
  }

  std::shared_ptr<const auth::Principal> As(const std::string& username) {
    auto conn = db().Acquire();
    auto id = conn->Scalar("SELECT id FROM users WHERE username = ?", {username})->AsInt();
    return *auth::LoadPrincipal(*conn, id);
  }

  // Runs an import to the end and returns its job.
  jobs::Job Import(const std::string& bytes, const std::string& as = "prov", bool update = false,
                   bool cancel_first = false, int64_t batch_rows = 0) {
    int64_t job_id = 0;
    {
      auto conn = db().Acquire();
      job_id = jobs::Create(*conn, "member_import", std::nullopt, as);
      if (cancel_first) jobs::RequestCancel(*conn, job_id);
    }
    members::RunImportJob(db(), As(as), "test", job_id, bytes,
                          {.update = update, .batch_rows = batch_rows});
    auto conn = db().Acquire();
    return *jobs::Get(*conn, job_id);
  }

  std::vector<jobs::RowError> Errors(int64_t job_id) {
    std::vector<jobs::RowError> out;
    auto conn = db().Acquire();
    jobs::ForEachError(*conn, job_id, [&](const jobs::RowError& e) {
      if (e.row_number > 0) out.push_back(e);
    });
    return out;
  }

  int64_t Count(const std::string& sql) {
    auto conn = db().Acquire();
    return conn->Scalar(sql)->AsInt();
  }

  int64_t xihu_ = 0, shangcheng_ = 0;
};

TEST_P(ImportTest, GoodRowsAreKeptAndEachBadRowGetsItsReasons) {
  std::string bad_check = ValidId(3);
  bad_check.back() = bad_check.back() == '1' ? '2' : '1';
  // An ID already held by a member of another union.
  {
    auto conn = db().Acquire();
    members::MemberInput in;
    in.org_id = shangcheng_;
    in.name = "先来者";
    in.id_number = ValidId(9);
    ASSERT_TRUE(members::CreateMember(*conn, {}, in).has_value());
  }
  const std::string file =
      std::string(kHeader) + Row("甲", ValidId(1), "西湖区总工会") +
      Row("乙", ValidId(2), "西湖区总工会") + Row("丙", bad_check, "西湖区总工会") +
      Row("丁", "3.30106E+17", "西湖区总工会") + Row("戊", ValidId(5), "不存在的工会") +
      Row("己", ValidId(1), "西湖区总工会") +  // repeats row 2
      Row("庚", ValidId(9), "西湖区总工会") +  // held by 上城区
      Row("", "", "", "12") +                  // several problems
      "\n" + Row("辛", ValidId(8), "西湖区总工会");
  auto job = Import(file);
  EXPECT_EQ(job.state, "done") << job.message.value_or("");
  EXPECT_EQ(job.counters.accepted_rows, 3);
  EXPECT_EQ(job.counters.rejected_rows, 6);
  auto errors = Errors(job.id);
  ASSERT_EQ(errors.size(), 6u);
  auto reasons_of = [&](int64_t row) {
    for (const auto& e : errors) {
      if (e.row_number == row) {
        std::string all;
        for (const auto& r : e.reasons) all += r + "\n";
        return all;
      }
    }
    return std::string("(no such row)");
  };
  EXPECT_NE(reasons_of(4).find("校验位"), std::string::npos) << reasons_of(4);
  EXPECT_NE(reasons_of(5).find("科学计数法"), std::string::npos) << reasons_of(5);
  EXPECT_NE(reasons_of(6).find("不存在的工会"), std::string::npos) << reasons_of(6);
  EXPECT_NE(reasons_of(7).find("第 2 行"), std::string::npos) << reasons_of(7);
  EXPECT_NE(reasons_of(8).find("上城区总工会"), std::string::npos) << reasons_of(8);
  int problems = 0;
  for (const auto& e : errors) {
    if (e.row_number == 9) problems = static_cast<int>(e.reasons.size());
  }
  EXPECT_GE(problems, 3);  // name, ID, union, phone: one reason each
  EXPECT_EQ(Count("SELECT COUNT(*) FROM members WHERE org_id = " + std::to_string(xihu_)), 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM member_events WHERE action = 'import'"), 3);
}

TEST_P(ImportTest, ImportingTheSameFileAgainChangesNothing) {
  std::string file = kHeader;
  for (int i = 1; i <= 30; ++i) file += Row("成员" + std::to_string(i), ValidId(i), "西湖区总工会");
  auto first = Import(file);
  ASSERT_EQ(first.counters.accepted_rows, 30);
  const int64_t events = Count("SELECT COUNT(*) FROM member_events");
  const int64_t audit = Count("SELECT COUNT(*) FROM audit_log");
  auto second = Import(file);
  EXPECT_EQ(second.counters.accepted_rows, 0);
  EXPECT_EQ(second.counters.unchanged_rows, 30);
  EXPECT_EQ(second.counters.rejected_rows, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM members"), 30);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM member_events"), events);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), audit);
}

TEST_P(ImportTest, ActiveMembersGetCardNumbersAndACardHeldByAnotherIsRefused) {
  std::string withcard = kHeader;
  withcard += Row("持卡人", ValidId(1), "西湖区总工会");
  withcard.replace(withcard.rfind(",,在会"), 8, ",ZJ-CARD-1,在会");
  ASSERT_EQ(Import(withcard).counters.accepted_rows, 1);
  std::string file = kHeader;
  file += Row("新会员", ValidId(2), "西湖区总工会");              // active, no card given
  std::string clash = Row("撞卡者", ValidId(3), "西湖区总工会");  // someone else's card
  clash.replace(clash.rfind(",,在会"), 8, ",ZJ-CARD-1,在会");
  std::string applied = Row("申请人", ValidId(4), "西湖区总工会");  // not yet a member
  applied.replace(applied.rfind("在会"), 6, "申请中");
  auto job = Import(file + clash + applied);
  EXPECT_EQ(job.counters.accepted_rows, 2);
  EXPECT_EQ(job.counters.rejected_rows, 1);
  auto errors = Errors(job.id);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].row_number, 3);
  EXPECT_NE(errors[0].reasons.at(0).find("ZJ-CARD-1"), std::string::npos);
  auto conn = db().Acquire();
  const std::string card =
      conn->Scalar("SELECT card_number FROM members WHERE name = '新会员'")->AsText();
  const std::string id =
      std::to_string(conn->Scalar("SELECT id FROM members WHERE name = '新会员'")->AsInt());
  EXPECT_TRUE(card.starts_with("ZJ33")) << card;
  EXPECT_TRUE(card.ends_with(id)) << card;
  EXPECT_TRUE(conn->Scalar("SELECT card_number FROM members WHERE name = '申请人'")->IsNull());
  EXPECT_FALSE(conn->Scalar("SELECT 1 FROM members WHERE name = '撞卡者'").has_value());
}

TEST_P(ImportTest, TheUpdateOptionChangesExistingRecordsOfTheSameUnion) {
  Import(std::string(kHeader) + Row("甲", ValidId(1), "西湖区总工会", "13900001111"));
  auto job = Import(std::string(kHeader) + Row("甲", ValidId(1), "西湖区总工会", "13700002222"),
                    "prov", true);
  EXPECT_EQ(job.counters.updated_rows, 1);
  auto conn = db().Acquire();
  EXPECT_EQ(conn->Scalar("SELECT phone FROM members")->AsText(), "13700002222");
}

TEST_P(ImportTest, GbkAndBomFilesAreDetected) {
  const std::string utf8 = std::string(kHeader) + Row("欧阳锋", ValidId(1), "西湖区总工会");
  auto gbk = Import(ToGbk(utf8));
  EXPECT_EQ(gbk.counters.accepted_rows, 1) << gbk.message.value_or("");
  auto bom =
      Import("\xEF\xBB\xBF" + std::string(kHeader) + Row("黄药师", ValidId(2), "西湖区总工会"));
  EXPECT_EQ(bom.counters.accepted_rows, 1) << bom.message.value_or("");
  auto conn = db().Acquire();
  EXPECT_EQ(conn->Scalar("SELECT name FROM members WHERE name_initials = 'oyf'")->AsText(),
            "欧阳锋");
}

TEST_P(ImportTest, XlsxFilesImportLikeCsv) {
  const auto path =
      std::filesystem::temp_directory_path() / ("zj-import-" + std::to_string(getpid()) + ".xlsx");
  {
    io::XlsxWriter w(path.string());
    ASSERT_TRUE(w.AddSheet("会员"));
    std::vector<std::string> header(members::kFileColumns.begin(), members::kFileColumns.end());
    ASSERT_TRUE(w.WriteHeader(header));
    for (int i = 1; i <= 3; ++i) {
      std::vector<std::string> row(header.size());
      row[0] = "表格" + std::to_string(i);
      row[1] = ValidId(i);
      row[3] = "西湖区总工会";
      ASSERT_TRUE(w.WriteRow(row));
    }
    ASSERT_TRUE(w.Close());
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(path);
  auto job = Import(bytes);
  EXPECT_EQ(job.counters.accepted_rows, 3) << job.message.value_or("");
}

TEST_P(ImportTest, CancelStopsBetweenBatchesAndKeepsOnlyWholeBatches) {
  std::string file = kHeader;
  const int batch = 1000;
  const int rows = batch * 2 + 100;
  for (int i = 0; i < rows; ++i) {
    char body[18];
    std::snprintf(body, sizeof body, "3301061980%02d%02d%03d", 1 + (i / 28000) % 12,
                  1 + (i / 1000) % 28, i % 1000);
    std::string id(body, 17);
    file += Row("批量" + std::to_string(i), id + ResidentIdCheckChar(id), "西湖区总工会");
  }
  auto job = Import(file, "prov", false, /*cancel_first=*/true, batch);
  EXPECT_EQ(job.state, "cancelled");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM members"), batch);
  EXPECT_EQ(job.counters.total_rows, rows);
}

TEST_P(ImportTest, ALargeFirstLoadRebuildsTheSearchIndexesAtTheEnd) {
  std::string file = kHeader;
  const int rows = 50'000;
  for (int i = 0; i < rows; ++i) {
    char body[18];
    std::snprintf(body, sizeof body, "3301061980%02d%02d%03d", 1 + (i / 28000) % 12,
                  1 + (i / 1000) % 28, i % 1000);
    std::string id(body, 17);
    file += Row(i == 777 ? "欧阳锋" : "批量" + std::to_string(i), id + ResidentIdCheckChar(id),
                "西湖区总工会");
  }
  auto job = Import(file);
  ASSERT_EQ(job.state, "done") << job.message.value_or("");
  EXPECT_EQ(job.counters.accepted_rows, rows);
  // Every search index is back, and searching by initials finds the member through it.
  auto conn = db().Acquire();
  const std::string names =
      "('members_org', 'members_fold', 'members_pinyin', 'members_initials', 'members_id_rev', "
      "'members_phone')";
  const std::string catalog =
      GetParam() == db::Engine::kSqlite
          ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN " + names
          : "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname "
            "IN " +
                names;
  EXPECT_EQ(conn->Scalar(catalog)->AsInt(), 6);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM members WHERE name_initials >= 'oyf' AND name_initials < "
                  "'oyg'"),
            1);
}

TEST_P(ImportTest, ACountyCadreCannotImportIntoAnotherSubtree) {
  auto job = Import(std::string(kHeader) + Row("越界", ValidId(1), "上城区总工会") +
                        Row("本地", ValidId(2), "西湖区总工会"),
                    "xihu");
  EXPECT_EQ(job.counters.accepted_rows, 1);
  EXPECT_EQ(job.counters.rejected_rows, 1);
  EXPECT_NE(Errors(job.id).at(0).reasons.at(0).find("管辖范围"), std::string::npos);
}

TEST_P(ImportTest, ACountyCadreExportsOnlyTheirSubtreeMasked) {
  Import(std::string(kHeader) + Row("西湖人", ValidId(1), "西湖区总工会") +
         Row("上城人", ValidId(2, "330102"), "上城区总工会"));
  const auto path =
      std::filesystem::temp_directory_path() / ("zj-export-" + std::to_string(getpid()) + ".xlsx");
  auto xihu = As("xihu");
  auto conn = db().Acquire();
  auto rows = members::ExportMembers(*conn, {xihu.get(), "t"}, {}, false, path.string());
  ASSERT_TRUE(rows.has_value()) << rows.error().message_en;
  EXPECT_EQ(*rows, 1);
  auto reader = io::OpenTableFile(path.string());
  ASSERT_TRUE(reader.has_value());
  io::TableRow row;
  int64_t line = 0;
  ASSERT_TRUE(*(*reader)->Next(&row, &line));  // header
  ASSERT_TRUE(*(*reader)->Next(&row, &line));
  EXPECT_EQ(row.at(0), "西湖人");
  EXPECT_NE(row.at(1).find("********"), std::string::npos);
  std::filesystem::remove(path);
  // The sibling's subtree is out of reach by org filter too.
  members::MemberFilter f;
  f.org_id = shangcheng_;
  EXPECT_FALSE(
      members::ExportMembers(*conn, {xihu.get(), "t"}, f, false, path.string()).has_value());
}

TEST_P(ImportTest, TheImportRouteRunsAJobWithProgressAndAnErrorReport) {
  auto cadre = Login("prov");
  const std::string file = std::string(kHeader) + Row("甲", ValidId(1), "西湖区总工会") +
                           Row("乙", "12345", "西湖区总工会");
  auto started =
      Call("POST", "/api/v1/members/import", file, &cadre, {{"content-type", "text/csv"}});
  ASSERT_EQ(started.status, 202) << started.body;
  EXPECT_TRUE(started.json.as_object().contains("accepted_rows")) << started.body;
  const std::string id = std::to_string(started.json.at("id").as_int64());
  testing::Reply job;
  for (int i = 0; i < 100; ++i) {
    job = Call("GET", "/api/v1/jobs/" + id, "", &cadre);
    if (job.json.at("state").as_string() == "done") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(job.json.at("state").as_string(), "done") << job.body;
  EXPECT_DOUBLE_EQ(job.json.at("progress").as_double(), 1.0);
  EXPECT_EQ(job.json.at("rejected_rows").as_int64(), 1);
  auto report = Call("GET", "/api/v1/jobs/" + id + "/errors.xlsx", "", &cadre);
  EXPECT_EQ(report.status, 200);
  EXPECT_EQ(report.body.substr(0, 2), "PK");
  // The report: the file's own header after 行号 and 原因, then the rejected row.
  auto reader = io::OpenTable(report.body);
  ASSERT_TRUE(reader.has_value());
  io::TableRow row;
  int64_t line = 0;
  ASSERT_TRUE(*(*reader)->Next(&row, &line));
  ASSERT_GE(row.size(), 4u);
  EXPECT_EQ(row[0], "行号");
  EXPECT_EQ(row[2], "姓名");
  ASSERT_TRUE(*(*reader)->Next(&row, &line));
  EXPECT_EQ(row[0], "3");
  EXPECT_EQ(row[2], "乙");
  auto missing = Call("POST", "/api/v1/members/import", "名字,号码\n张三,1\n", &cadre,
                      {{"content-type", "text/csv"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.ErrorMessage().find("身份证号"), std::string::npos) << missing.body;
  auto other = Login("xihu");
  EXPECT_EQ(Call("GET", "/api/v1/jobs/" + id, "", &other).status, 404);
}

ZJ_INSTANTIATE_ENGINES(ImportTest);

}  // namespace
}  // namespace zj

// Imports account for every row. Random good files with one fault injected at a random row, in
// every format (UTF-8, UTF-8 with a byte order mark, GBK, XLSX), on both engines: the row with a
// fault is rejected naming its own row, every other row goes in, and added + updated + unchanged
// + rejected equals the file's data rows. A fault that makes the rest unreadable writes nothing.
// Then the hostile files a county office sends, through the HTTP route.
#include <gtest/gtest.h>
#include <iconv.h>
#include <rapidcheck.h>

#include <filesystem>
#include <fstream>

#include "auth/service.h"
#include "base/resident_id.h"
#include "io/xlsx_writer.h"
#include "jobs/jobs.h"
#include "members/import_job.h"
#include "support/test_app.h"

namespace zj {
namespace {

using testing::AppTest;
using testing::Reply;

enum class Format { kUtf8, kBom, kGbk, kXlsx };
enum class Fault { kBadBytes, kLongCell, kManyColumns, kControl, kUnreadableRest };

const char* FormatName(Format f) {
  switch (f) {
    case Format::kUtf8:
      return "UTF-8";
    case Format::kBom:
      return "UTF-8 BOM";
    case Format::kGbk:
      return "GBK";
    case Format::kXlsx:
      return "XLSX";
  }
  return "";
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

// A valid, never repeated ID number.
std::string NextId() {
  static int seq = 0;
  ++seq;
  char body[18];
  std::snprintf(body, sizeof body, "3301061970%02d%02d%03d", 1 + seq / 28000 % 12,
                1 + seq / 1000 % 28, seq % 1000);
  std::string id(body, 17);
  return id + ResidentIdCheckChar(id);
}

const std::vector<std::string> kNames = {
    "张三明", "李四",  "王五（集团派驻）", "赵六", "欧阳晓峰", "钱七", "孙八", "周九",
    "吴十",   "郑十一"};

// A member file: a header and `rows` good rows over the unions given, as cells.
struct Table {
  std::vector<std::vector<std::string>> rows;  // the header first
  std::vector<std::string> ids;                // of the data rows, in order
};

Table GoodTable(int rows, const std::vector<std::string>& unions, unsigned seed) {
  Table t;
  t.rows.push_back({"姓名", "身份证号", "手机号", "所属工会", "工作单位", "入会日期"});
  for (int i = 0; i < rows; ++i) {
    const std::string id = NextId();
    t.ids.push_back(id);
    t.rows.push_back({kNames[(seed + i) % kNames.size()], id,
                      "139" + std::to_string(10000000 + (seed * 7919 + i) % 89999999),
                      unions[(seed + i) % unions.size()], "杭州（集团）有限公司", "2020-05-01"});
  }
  return t;
}

// A CSV cell quoted when it has to be.
std::string CsvCell(const std::string& cell) {
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string ToCsv(const Table& t) {
  std::string out;
  for (const auto& row : t.rows) {
    for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + CsvCell(row[i]);
    out += "\r\n";
  }
  return out;
}

std::string ToXlsx(const Table& t) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("zj_accounting_" + std::to_string(getpid()) + ".xlsx");
  {
    io::XlsxWriter w(path.string());
    EXPECT_TRUE(w.AddSheet("会员"));
    for (const auto& row : t.rows) EXPECT_TRUE(w.WriteRow(row));
    EXPECT_TRUE(w.Close());
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(path);
  return bytes;
}

class ImportAccountingTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    LoadDemo(30);
    AddUser("prov", OrgId("浙江省总工会"), "cadre_admin");
    auto conn = db().Acquire();
    for (const auto& r :
         conn->Query("SELECT name FROM orgs WHERE level = 'grassroots' ORDER BY id LIMIT 6")) {
      unions_.push_back(r.Text(0));
    }
    auto id = conn->Scalar("SELECT id FROM users WHERE username = 'prov'")->AsInt();
    prov_ = *auth::LoadPrincipal(*conn, id);
  }

  jobs::Job Import(std::string bytes) {
    int64_t job_id = 0;
    {
      auto conn = db().Acquire();
      job_id = jobs::Create(*conn, "member_import", std::nullopt, "prov");
    }
    members::RunImportJob(db(), prov_, "test", job_id, std::move(bytes), {});
    auto conn = db().Acquire();
    return *jobs::Get(*conn, job_id);
  }

  std::vector<jobs::RowError> Errors(int64_t job_id) {
    auto conn = db().Acquire();
    std::vector<jobs::RowError> out;
    jobs::ForEachError(*conn, job_id, [&](const jobs::RowError& e) {
      if (e.row_number != 0) out.push_back(e);
    });
    return out;
  }

  int64_t MembersAmong(const std::vector<std::string>& ids) {
    auto conn = db().Acquire();
    int64_t n = 0;
    for (const auto& id : ids) {
      n += conn->Scalar("SELECT COUNT(*) FROM members WHERE id_number = ?", {id})->AsInt();
    }
    return n;
  }

  std::vector<std::string> unions_;
  std::shared_ptr<const auth::Principal> prov_;
};

// Puts `fault` into data row `at` (0-based) of the table, for `format`: text-level faults are
// applied after encoding, by InjectBytes.
void InjectInCells(Table& t, int at, Fault fault, Format format) {
  auto& row = t.rows[at + 1];
  switch (fault) {
    case Fault::kLongCell:
      // 70,000 bytes; in XLSX 30,000 characters of three bytes each (Excel's cell limit is in
      // characters).
      row[4] = format == Format::kXlsx ? [] {
        std::string s;
        for (int i = 0; i < 30'000; ++i) s += "某";
        return s;
      }()
                                       : std::string(70'000, 'x');
      break;
    case Fault::kManyColumns:
      row.resize(300, "多");
      break;
    case Fault::kControl:
      // A bell (XLSX writers escape it as _x0007_; a NUL cannot pass through them at all).
      row[0] = row[0].substr(0, 3) + "\x07" + row[0].substr(3);
      break;
    case Fault::kBadBytes:
    case Fault::kUnreadableRest:
      row[0] = "@@FAULT@@" + row[0];  // replaced in the encoded bytes
      break;
  }
}

std::string Encode(const Table& t, Format format, Fault fault) {
  std::string bytes = format == Format::kXlsx ? ToXlsx(t) : ToCsv(t);
  if (format == Format::kGbk) bytes = ToGbk(bytes);
  if (format == Format::kBom) bytes = "\xEF\xBB\xBF" + bytes;
  const std::string mark = format == Format::kGbk ? ToGbk("@@FAULT@@") : "@@FAULT@@";
  const size_t at = bytes.find(mark);
  if (at == std::string::npos) return bytes;
  std::string with;
  if (fault == Fault::kBadBytes) {
    with = format == Format::kGbk ? std::string("\x81\x20", 2) : std::string("\x9A", 1);
  } else {
    with = "\"never closed";  // a quote that swallows the rest of the file
  }
  bytes.replace(at, mark.size(), with);
  return bytes;
}

TEST_P(ImportAccountingTest, EveryRowIsAddedOrRejectedWithOneFaultAtARandomRowInEveryFormat) {
  setenv("RC_PARAMS", "max_success=100 noshrink=1", 0);
  int run = 0;
  const bool ok = rc::check("every row accounted for", [&] {
    const int rows = *rc::gen::inRange(3, 90);
    const int at = *rc::gen::inRange(0, rows);
    const auto format = static_cast<Format>(*rc::gen::inRange(0, 4));
    auto fault = static_cast<Fault>(*rc::gen::inRange(0, 5));
    // XML is UTF-8 by definition and an XLSX has no quotes to leave open: a truncated one is
    // its unreadable rest, and bad bytes are not possible in it.
    if (format == Format::kXlsx && fault == Fault::kBadBytes) fault = Fault::kControl;
    Table t = GoodTable(rows, unions_, static_cast<unsigned>(++run));
    InjectInCells(t, at, fault, format);
    std::string bytes = Encode(t, format, fault);
    if (format == Format::kXlsx && fault == Fault::kUnreadableRest) {
      bytes.resize(bytes.size() * 2 / 3);
    }
    const jobs::Job job = Import(bytes);
    const jobs::Counters& k = job.counters;
    RC_LOG() << FormatName(format) << ", " << rows << " rows, fault " << static_cast<int>(fault)
             << " at data row " << at << ": " << job.state << " " << job.message.value_or("")
             << " total " << k.total_rows << " added " << k.accepted_rows << " rejected "
             << k.rejected_rows;
    if (fault == Fault::kUnreadableRest) {
      // Nothing at all: not even the rows before the fault.
      RC_ASSERT(job.state == std::string("failed"));
      RC_ASSERT(job.message.has_value());
      RC_ASSERT(MembersAmong(t.ids) == 0);
      return;
    }
    RC_ASSERT(job.state == std::string("done"));
    RC_ASSERT(k.total_rows == rows);
    RC_ASSERT(k.accepted_rows + k.updated_rows + k.unchanged_rows + k.rejected_rows == rows);
    RC_ASSERT(k.rejected_rows == 1);
    RC_ASSERT(k.accepted_rows == rows - 1);
    const auto errors = Errors(job.id);
    RC_ASSERT(errors.size() == 1u);
    RC_ASSERT(errors[0].row_number == at + 2);  // the header is row 1
    std::vector<std::string> good = t.ids;
    good.erase(good.begin() + at);
    RC_ASSERT(MembersAmong(good) == rows - 1);
    RC_ASSERT(MembersAmong({t.ids[static_cast<size_t>(at)]}) == 0);
  });
  EXPECT_TRUE(ok);
}

TEST_P(ImportAccountingTest, TextIsStoredAsTypedAndOnlyTheSearchKeysAreFolded) {
  Table t = GoodTable(1, unions_, 2);
  t.rows[1][0] = "王五（集团派驻）";
  t.rows[1][4] = "杭州（集团）有限公司";
  const jobs::Job job = Import(ToCsv(t));
  ASSERT_EQ(job.counters.accepted_rows, 1) << job.message.value_or("");
  auto conn = db().Acquire();
  auto row =
      conn->Query("SELECT name, employer, name_fold FROM members WHERE id_number = ?", {t.ids[0]});
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0].Text(0), "王五（集团派驻）");
  EXPECT_EQ(row[0].Text(1), "杭州（集团）有限公司");
  EXPECT_EQ(row[0].Text(2), "王五(集团派驻)");
}

TEST_P(ImportAccountingTest, AUnionIsNamedByItsCreditCodeAndHeadersByTheirUsualNames) {
  auto conn = db().Acquire();
  const auto org =
      conn->Query("SELECT id, name FROM orgs WHERE level = 'grassroots' ORDER BY id DESC LIMIT 1");
  conn->Exec("UPDATE orgs SET credit_code = '81330106MC0000001B' WHERE id = ?", {org[0].Int(0)});
  const std::string id = NextId();
  const std::string csv = "会员姓名,身份证号码,手机号码,工会统一社会信用代码\n孙八," + id +
                          ",13912345678,８１３３０１０６ＭＣ００００００１Ｂ\n";
  const jobs::Job job = Import(csv);
  ASSERT_EQ(job.state, "done") << job.message.value_or("");
  ASSERT_EQ(job.counters.accepted_rows, 1)
      << (Errors(job.id).empty() ? std::string() : Errors(job.id)[0].reasons.at(0));
  EXPECT_EQ(conn->Scalar("SELECT org_id FROM members WHERE id_number = ?", {id})->AsInt(),
            org[0].Int(0));
}

TEST_P(ImportAccountingTest, AnUnknownValueIsRefusedListingTheValuesThatAreAllowed) {
  const std::string csv =
      "姓名,身份证号,所属工会,会籍状态\n李四," + NextId() + "," + unions_[0] + ",正式会员\n";
  const jobs::Job job = Import(csv);
  const auto errors = Errors(job.id);
  ASSERT_EQ(errors.size(), 1u);
  const std::string zh(jobs::ReasonIn(errors[0].reasons.at(0), "zh"));
  EXPECT_NE(zh.find("正式会员"), std::string::npos) << zh;
  EXPECT_NE(zh.find("在会"), std::string::npos) << zh;
  EXPECT_NE(zh.find("保留会籍"), std::string::npos) << zh;
  EXPECT_EQ(zh.find("active"), std::string::npos) << zh;  // one language at a time
}

TEST_P(ImportAccountingTest, TheTemplateHasAnExampleRowThatIsNeverImportedAndItsInstructions) {
  AddUser("reader", OrgId("浙江省总工会"), "cadre_admin");
  const auto browser = Login("reader");
  Reply tpl = Call("GET", "/api/v1/members/import/template", "", &browser);
  ASSERT_EQ(tpl.status, 200);
  auto reader = io::OpenTable(tpl.body);
  ASSERT_TRUE(reader);
  io::TableRow row;
  int64_t line = 0;
  ASSERT_TRUE(*(*reader)->Next(&row, &line));
  EXPECT_EQ(row.at(0), "姓名");
  ASSERT_TRUE(*(*reader)->Next(&row, &line));
  EXPECT_TRUE(row.at(0).starts_with("示例")) << row.at(0);
  // Filled in and sent back with the example left in: the example is one rejected row.
  std::string csv = "姓名,身份证号,所属工会\n" + row.at(0) + "," + row.at(1) + "," + unions_[0] +
                    "\n张三," + NextId() + "," + unions_[0] + "\n";
  const jobs::Job job = Import(csv);
  EXPECT_EQ(job.counters.accepted_rows, 1);
  EXPECT_EQ(job.counters.rejected_rows, 1);
  EXPECT_NE(Errors(job.id).at(0).reasons.at(0).find("示例行"), std::string::npos);
}

TEST_P(ImportAccountingTest, ThePreviewChecksEveryRowAsTheImportWould) {
  AddUser("previewer", OrgId("浙江省总工会"), "cadre_admin");
  const auto browser = Login("previewer");
  Table t = GoodTable(5, unions_, 3);
  t.rows[3][1] = "330106197001010001";  // a wrong check digit: data row 3, sheet row 4
  Reply r = Call("POST", "/api/v1/members/import/preview", ToCsv(t) + "\r\n", &browser,
                 {{"content-type", "text/csv"}, {"accept-language", "en"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json.at("total_rows").as_int64(), 5);
  EXPECT_EQ(r.json.at("blank_rows").as_int64(), 1);
  EXPECT_EQ(r.json.at("would_add").as_int64(), 4);
  EXPECT_EQ(r.json.at("would_reject").as_int64(), 1);
  EXPECT_EQ(r.json.at("row_numbers").at(0).as_int64(), 2);  // as the sheet numbers them
  ASSERT_EQ(r.json.at("problems").as_array().size(), 1u);
  EXPECT_EQ(r.json.at("problems").at(0).at("row").as_int64(), 4);
  const std::string reason(r.json.at("problems").at(0).at("reasons").at(0).as_string());
  EXPECT_EQ(reason.find("校验"), std::string::npos) << reason;  // English only
  // Nothing was written.
  EXPECT_EQ(MembersAmong(t.ids), 0);
}

// The files a county office really sends, through the route: each answered with a clear
// message, the server still healthy, and nothing partial.
TEST_P(ImportAccountingTest, HostileFilesGetAClearAnswerAndLeaveNothingHalfWritten) {
  AddUser("importer", OrgId("浙江省总工会"), "cadre_admin");
  const auto browser = Login("importer");
  auto send = [&](const std::string& bytes) {
    Reply r = Call("POST", "/api/v1/members/import", bytes, &browser,
                   {{"content-type", "application/octet-stream"}});
    if (r.status == 202) {
      runner_->WaitIdle();
      r = Call("GET", "/api/v1/jobs/" + std::to_string(r.json.at("id").as_int64()), "", &browser);
    }
    EXPECT_EQ(Call("GET", "/healthz").status, 200);
    return r;
  };
  auto good = [&](int n) {
    Table t = GoodTable(n, unions_, 9);
    return std::pair{ToCsv(t), t.ids};
  };
  // Not a workbook, and a workbook cut short: refused whole.
  {
    Reply r = send("PK\x03\x04 this is no zip at all");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_FALSE(r.ErrorMessage().empty());
  }
  {
    Table t = GoodTable(300, unions_, 4);
    std::string xlsx = ToXlsx(t);
    xlsx.resize(xlsx.size() / 2);
    Reply r = send(xlsx);
    EXPECT_TRUE(r.status == 400 || (r.status == 200 && r.json.at("state").as_string() == "failed"))
        << r.body;
    EXPECT_EQ(MembersAmong(t.ids), 0);
  }
  // 300 good rows, then a quote never closed: nothing written.
  {
    auto [csv, ids] = good(300);
    Reply r = send(csv + "张三,\"never closed\n" + std::string(1000, 'x'));
    EXPECT_EQ(r.json.at("state").as_string(), "failed") << r.body;
    EXPECT_NE(std::string(r.json.at("message").as_string()).find("引号"), std::string::npos);
    EXPECT_EQ(MembersAmong(ids), 0);
  }
  // 300 good rows, then a line of 5 MB, a row of 10,000 columns and a NUL: three rejected rows.
  {
    auto [csv, ids] = good(300);
    csv += std::string(5 << 20, 'y') + "\n";
    for (int i = 0; i < 10'000; ++i) csv += "c,";
    csv += "\n";
    csv += std::string("张\0三,", 7) + NextId() + "," + unions_[0] + "\n";
    Reply r = send(csv);
    EXPECT_EQ(r.json.at("state").as_string(), "done") << r.body;
    EXPECT_EQ(r.json.at("total_rows").as_int64(), 303);
    EXPECT_EQ(r.json.at("accepted_rows").as_int64(), 300);
    EXPECT_EQ(r.json.at("rejected_rows").as_int64(), 3);
    EXPECT_EQ(MembersAmong(ids), 300);
  }
}

// The file of the report that started this: 15,000 GBK rows with two bad bytes at line 14,001.
TEST_P(ImportAccountingTest, TwoBadBytesAtLine14001OfAGbkFileLoseNoOtherRow) {
  Table t = GoodTable(15'000, unions_, 5);
  t.rows[14'000][0] = "@@FAULT@@" + t.rows[14'000][0];  // data row 14,000: line 14,001
  const jobs::Job job = Import(Encode(t, Format::kGbk, Fault::kBadBytes));
  ASSERT_EQ(job.state, "done") << job.message.value_or("");
  EXPECT_EQ(job.counters.total_rows, 15'000);
  EXPECT_EQ(job.counters.accepted_rows, 14'999);
  EXPECT_EQ(job.counters.rejected_rows, 1);
  const auto errors = Errors(job.id);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].row_number, 14'001);
}

ZJ_INSTANTIATE_ENGINES(ImportAccountingTest);

}  // namespace
}  // namespace zj

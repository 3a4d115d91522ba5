// The real server, sent four XLSX "zip bombs" at once: small files whose shared strings inflate to
// hundreds of megabytes. Each is refused with a clear 413, the server stays under 300 MB and
// healthy. (Before the process-wide budget, one such file took the server to 1.9 GB.)
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <zip.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app/demo.h"
#include "auth/service.h"
#include "db/migrate.h"

extern char** environ;

namespace zj {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// sharedStrings.xml made on the fly while libzip deflates it: `count` strings of 60,000 'A's.
struct BombStrings {
  int64_t count = 0;
  int64_t emitted = 0;  // strings written so far
  std::string pending;  // bytes of the current piece not yet handed out

  zip_int64_t Read(char* out, zip_uint64_t room) {
    zip_uint64_t n = 0;
    while (n < room) {
      if (pending.empty()) {
        if (emitted == 0) {
          pending = "<?xml version=\"1.0\"?><sst>";
        } else if (emitted > count) {
          break;
        }
        if (emitted == count) {
          pending += "</sst>";
        } else {
          pending += "<si><t>" + std::string(60'000, 'A') + "</t></si>";
        }
        ++emitted;
      }
      const size_t take = std::min<size_t>(pending.size(), room - n);
      std::memcpy(out + n, pending.data(), take);
      pending.erase(0, take);
      n += take;
    }
    return static_cast<zip_int64_t>(n);
  }
};

zip_int64_t BombSource(void* user, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
  auto* bomb = static_cast<BombStrings*>(user);
  switch (cmd) {
    case ZIP_SOURCE_OPEN:
      bomb->emitted = 0;
      bomb->pending.clear();
      return 0;
    case ZIP_SOURCE_READ:
      return bomb->Read(static_cast<char*>(data), len);
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_FREE:
      return 0;
    case ZIP_SOURCE_STAT: {
      auto* st = static_cast<zip_stat_t*>(data);
      zip_stat_init(st);
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                            ZIP_SOURCE_STAT, ZIP_SOURCE_FREE, -1);
    default:
      return -1;
  }
}

// A workbook of one row whose shared strings inflate to about `strings` × 60 KB.
std::string BombXlsx(const std::filesystem::path& dir, int64_t strings) {
  const std::string path = (dir / "bomb.xlsx").string();
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(zip, nullptr);
  const std::map<std::string, std::string> parts = {
      {"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"},
      {"xl/workbook.xml",
       "<?xml version=\"1.0\"?><workbook xmlns:r=\"http://schemas.openxmlformats.org/"
       "officeDocument/2006/relationships\"><sheets><sheet name=\"会员\" sheetId=\"1\" "
       "r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<?xml version=\"1.0\"?><Relationships><Relationship Id=\"rId1\" "
       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
       "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" "
       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
       "sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"},
      {"xl/worksheets/sheet1.xml",
       "<?xml version=\"1.0\"?><worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v>"
       "</c></row></sheetData></worksheet>"}};
  for (const auto& [name, content] : parts) {
    zip_source_t* s = zip_source_buffer(zip, content.data(), content.size(), 0);
    EXPECT_GE(zip_file_add(zip, name.c_str(), s, ZIP_FL_ENC_UTF_8), 0);
  }
  BombStrings bomb{strings};
  zip_source_t* s = zip_source_function(zip, BombSource, &bomb);
  EXPECT_GE(zip_file_add(zip, "xl/sharedStrings.xml", s, 0), 0);
  EXPECT_EQ(zip_close(zip), 0);
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct Answer {
  int status = 0;
  std::string headers, body;
};

Answer Http(unsigned short port, const std::string& method, const std::string& target,
            const std::string& body, const std::string& extra_headers) {
  asio::io_context ioc;
  tcp::socket s(ioc);
  boost::system::error_code ec;
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  if (ec) return {};
  const std::string request = method + " " + target +
                              " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + extra_headers +
                              "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  asio::write(s, asio::buffer(request), ec);
  std::string out;
  char buf[8192];
  for (;;) {
    size_t n = s.read_some(asio::buffer(buf), ec);
    if (ec) break;
    out.append(buf, n);
  }
  Answer a;
  if (out.size() > 12) a.status = std::atoi(out.substr(9, 3).c_str());
  const size_t split = out.find("\r\n\r\n");
  a.headers = out.substr(0, split);
  if (split != std::string::npos) a.body = out.substr(split + 4);
  return a;
}

int64_t StatusKb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(field + ":")) return std::atoll(line.c_str() + field.size() + 1);
  }
  return -1;
}

TEST(HostileUpload, FourXlsxBombsAtOnceAreRefusedAndTheServerStaysSmall) {
  const auto dir = std::filesystem::temp_directory_path() / ("zj_bomb_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string db_path = (dir / "demo.db").string();
  {
    auto database = db::Database::Open(db_path, 1);
    auto conn = database->Acquire();
    db::Migrate(*conn);
    app::DemoOptions o;
    o.grassroots = 10;
    o.with_users = false;
    ASSERT_TRUE(app::GenerateDemo(*conn, o).has_value());
    const int64_t province = conn->Scalar("SELECT id FROM orgs WHERE level = 'province'")->AsInt();
    ASSERT_TRUE(
        auth::CreateUser(*conn, nullptr, {"uploader", "上传者", province, "a-long-password-1"}));
    ASSERT_TRUE(auth::GrantRole(*conn, nullptr, "uploader", "cadre_admin",
                                auth::ScopeKind::kSubtree, province));
  }
  const std::string bomb = BombXlsx(dir, 4'000);  // 240 MB of text in about 250 KB
  ASSERT_LT(bomb.size(), 2u << 20);
  unsigned short port = 0;
  {
    asio::io_context ioc;
    tcp::acceptor probe(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }
  const std::string bin = std::string(ZJ_BINARY_DIR) + "/zhijia";
  const std::string listen = "127.0.0.1:" + std::to_string(port);
  std::vector<std::string> args = {bin, "serve", "--db", db_path, "--listen", listen};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, bin.c_str(), nullptr, nullptr, argv.data(), environ), 0);
  struct Stop {
    pid_t pid;
    ~Stop() {
      kill(pid, SIGTERM);
      int status = 0;
      waitpid(pid, &status, 0);
    }
  } stop{pid};
  for (int i = 0; i < 100 && Http(port, "GET", "/healthz", "", "").status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  Answer login = Http(port, "POST", "/api/v1/session",
                      R"({"username":"uploader","password":"a-long-password-1"})",
                      "Content-Type: application/json\r\n");
  ASSERT_EQ(login.status, 200) << login.body;
  const size_t at = login.headers.find("zj_session=");
  const std::string cookie = login.headers.substr(at, login.headers.find(';', at) - at);
  const std::string csrf(boost::json::parse(login.body).at("csrf_token").as_string());
  const int64_t before_kb = StatusKb(pid, "VmRSS");

  std::vector<std::thread> uploads;
  std::vector<Answer> answers(4);
  for (size_t i = 0; i < answers.size(); ++i) {
    uploads.emplace_back([&, i] {
      answers[i] = Http(port, "POST", "/api/v1/members/import/preview", bomb,
                        "Cookie: " + cookie + "\r\nX-CSRF-Token: " + csrf +
                            "\r\nContent-Type: application/vnd.openxmlformats-officedocument."
                            "spreadsheetml.sheet\r\n");
    });
  }
  for (auto& t : uploads) t.join();
  const int64_t peak_kb = StatusKb(pid, "VmHWM");
  for (const Answer& a : answers) {
    EXPECT_EQ(a.status, 413) << a.body;
    EXPECT_NE(a.body.find("MiB"), std::string::npos) << a.body;
  }
  EXPECT_EQ(Http(port, "GET", "/healthz", "", "").status, 200);
  std::cout << "server RSS before the uploads " << before_kb / 1024 << " MB, peak "
            << peak_kb / 1024 << " MB\n";
  EXPECT_LT(peak_kb, 300 * 1024);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace zj

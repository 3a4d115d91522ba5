#include "support/test_db.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "db/migrate.h"

namespace zj::testing {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string UniqueName(const char* prefix) {
  static std::atomic<int> counter{0};
  return std::string(prefix) + std::to_string(getpid()) + "_" + std::to_string(++counter);
}

}  // namespace

TestDatabase::TestDatabase(db::Engine engine) : engine_(engine) {
  if (engine == db::Engine::kSqlite) {
    sqlite_dir_ = (std::filesystem::temp_directory_path() / UniqueName("zhijia_test_")).string();
    std::filesystem::create_directories(sqlite_dir_);
    url_ = sqlite_dir_ + "/test.db";
  } else {
    const std::string base = Env("ZHIJIA_TEST_PG_URL");
    if (base.empty()) return;
    schema_ = UniqueName("t");
    auto admin = db::OpenPostgres(base);
    admin->ExecScript("CREATE SCHEMA " + schema_);
    url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           schema_;
  }
  db_ = db::Database::Open(url_, 8);
  auto conn = db_->Acquire();
  db::Migrate(*conn);
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (!schema_.empty()) {
    try {
      db::OpenPostgres(Env("ZHIJIA_TEST_PG_URL"))
          ->ExecScript("DROP SCHEMA " + schema_ + " CASCADE");
    } catch (...) {
    }
  }
  if (!sqlite_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(sqlite_dir_, ec);
  }
}

void EngineTest::SetUp() {
  test_db_ = std::make_unique<TestDatabase>(GetParam());
  if (!test_db_->available()) {
    if (!Env("ZHIJIA_TEST_REQUIRE_PG").empty()) {
      FAIL() << "ZHIJIA_TEST_PG_URL is not set but PostgreSQL tests are required";
    }
    GTEST_SKIP() << "no PostgreSQL server (set ZHIJIA_TEST_PG_URL; make test does)";
  }
}

std::string EngineName(const ::testing::TestParamInfo<db::Engine>& info) {
  return info.param == db::Engine::kSqlite ? "sqlite" : "postgres";
}

}  // namespace zj::testing

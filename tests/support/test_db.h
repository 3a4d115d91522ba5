#pragma once
// Test databases on both engines: a fresh SQLite file, or a fresh schema on the PostgreSQL server
// that scripts/test.sh started (ZHIJIA_TEST_PG_URL). Without that server the PostgreSQL cases
// are skipped, unless ZHIJIA_TEST_REQUIRE_PG is set (make test sets it), when they fail.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "db/database.h"

namespace zj::testing {

// A migrated, empty database of one engine; removed again in the destructor.
class TestDatabase {
 public:
  explicit TestDatabase(db::Engine engine);
  ~TestDatabase();
  // False when the engine is not available here (the test should skip).
  bool available() const { return db_ != nullptr; }
  db::Database& db() { return *db_; }
  const std::string& url() const { return url_; }

 private:
  db::Engine engine_;
  std::string url_;
  std::string schema_;
  std::string sqlite_dir_;
  std::unique_ptr<db::Database> db_;
};

// Base of tests that run once per engine.
class EngineTest : public ::testing::TestWithParam<db::Engine> {
 protected:
  void SetUp() override;
  void TearDown() override { test_db_.reset(); }
  db::Database& db() { return test_db_->db(); }

  std::unique_ptr<TestDatabase> test_db_;
};

std::string EngineName(const ::testing::TestParamInfo<db::Engine>& info);

}  // namespace zj::testing

#define ZJ_INSTANTIATE_ENGINES(suite)                                                             \
  INSTANTIATE_TEST_SUITE_P(Engines, suite,                                                        \
                           ::testing::Values(zj::db::Engine::kSqlite, zj::db::Engine::kPostgres), \
                           zj::testing::EngineName)

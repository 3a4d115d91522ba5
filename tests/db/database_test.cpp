#include "db/database.h"

#include <gtest/gtest.h>

#include <thread>

#include "base/error.h"
#include "db/migrate.h"
#include "support/test_db.h"

namespace zj::db {
namespace {

using zj::testing::EngineTest;

class DatabaseTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto c = db().Acquire();
    c->ExecScript(
        "CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, amount_fen BIGINT, "
        "ratio DOUBLE PRECISION)");
  }
};

TEST_P(DatabaseTest, ValuesRoundTripWithNullsAndChineseText) {
  auto c = db().Acquire();
  c->Exec("INSERT INTO t (id, name, amount_fen, ratio) VALUES (?, ?, ?, ?)",
          {1, "西湖區 'quoted' ? 工会", int64_t{9'007'199'254'740'993}, 0.25});
  c->Exec("INSERT INTO t (id, name, amount_fen, ratio) VALUES (?, ?, ?, ?)",
          {2, "空值", std::nullopt, std::nullopt});
  auto rows = c->Query("SELECT id, name, amount_fen, ratio FROM t ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Int(0), 1);
  EXPECT_EQ(rows[0].Text(1), "西湖區 'quoted' ? 工会");
  EXPECT_EQ(rows[0].Int(2), 9'007'199'254'740'993);
  EXPECT_DOUBLE_EQ(rows[0].Double(3), 0.25);
  EXPECT_TRUE(rows[1].IsNull(2));
  EXPECT_EQ(rows[1].OptText(3), std::nullopt);
}

TEST_P(DatabaseTest, UniqueViolationIsReportedAsSuch) {
  auto c = db().Acquire();
  c->Exec("INSERT INTO t (id, name) VALUES (?, ?)", {1, "a"});
  try {
    c->Exec("INSERT INTO t (id, name) VALUES (?, ?)", {2, "a"});
    FAIL() << "expected a unique violation";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::kUnique);
  }
}

TEST_P(DatabaseTest, TransactionRollsBackWhenTheBodyThrows) {
  auto c = db().Acquire();
  EXPECT_THROW(WithTransaction(*c,
                               [&] {
                                 c->Exec("INSERT INTO t (id, name) VALUES (?, ?)", {1, "a"});
                                 throw std::runtime_error("boom");
                               }),
               std::runtime_error);
  EXPECT_FALSE(c->InTransaction());
  EXPECT_EQ(c->Scalar("SELECT COUNT(*) FROM t")->AsInt(), 0);
}

TEST_P(DatabaseTest, RefusedResultRollsBackTheTransaction) {
  auto c = db().Acquire();
  zj::Result<int> r = WithTransaction(*c, [&]() -> zj::Result<int> {
    c->Exec("INSERT INTO t (id, name) VALUES (?, ?)", {1, "a"});
    return zj::Invalid("name", "不行", "no");
  });
  EXPECT_FALSE(r.has_value());
  EXPECT_EQ(c->Scalar("SELECT COUNT(*) FROM t")->AsInt(), 0);
}

TEST_P(DatabaseTest, BulkInsertLoadsEveryRowIncludingAwkwardText) {
  auto c = db().Acquire();
  std::vector<Params> rows;
  for (int i = 0; i < 10'000; ++i) {
    rows.push_back({i, "行\t" + std::to_string(i) + "\\n\n", i % 3 ? Value(i * 100) : Value()});
  }
  WithTransaction(*c, [&] { c->BulkInsert("t", {"id", "name", "amount_fen"}, rows); });
  EXPECT_EQ(c->Scalar("SELECT COUNT(*) FROM t")->AsInt(), 10'000);
  EXPECT_EQ(c->Scalar("SELECT name FROM t WHERE id = 7")->AsText(), "行\t7\\n\n");
  EXPECT_TRUE(c->Scalar("SELECT amount_fen FROM t WHERE id = 3")->IsNull());
}

TEST_P(DatabaseTest, InsertNewSkipsClashesAndSaysWhichRowsWentIn) {
  auto c = db().Acquire();
  c->Exec("INSERT INTO t (id, name) VALUES (5, 'taken by name'), (1000, 'row 7')");
  // 150 rows (several statements' worth): row 5 clashes on the id, row 7 on the name, row 100
  // repeats row 99's name within the load.
  auto name = [](size_t i) {
    return i == 100 ? std::string("row 99") : "row " + std::to_string(i);
  };
  std::vector<bool> in;
  WithTransaction(*c, [&] {
    in = c->InsertNew("t", {"id", "name", "amount_fen"}, 150, [&](size_t i, RowWriter& w) {
      w.Int(static_cast<int64_t>(i));
      w.Text(name(i));
      if (i % 2)
        w.Int(static_cast<int64_t>(i) * 10);
      else
        w.Null();
    });
  });
  ASSERT_EQ(in.size(), 150u);
  for (size_t i = 0; i < 150; ++i) EXPECT_EQ(in[i], i != 5 && i != 7 && i != 100) << i;
  EXPECT_EQ(c->Scalar("SELECT COUNT(*) FROM t")->AsInt(), 2 + 147);
  EXPECT_EQ(c->Scalar("SELECT amount_fen FROM t WHERE id = 149")->AsInt(), 1490);
  EXPECT_TRUE(c->Scalar("SELECT amount_fen FROM t WHERE id = 148")->IsNull());
  // A row with too few values is an error, not a shifted insert.
  EXPECT_THROW(
      WithTransaction(
          *c,
          [&] {
            c->BulkWrite("t", {"id", "name"}, 1, [](size_t, RowWriter& w) { w.Int(9000); });
          }),
      DbError);
}

TEST_P(DatabaseTest, PoolServesConcurrentWriters) {
  constexpr int kThreads = 4, kEach = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto c = db().Acquire();
        const int id = t * kEach + i;
        WithTransaction(*c, [&] {
          c->Exec("INSERT INTO t (id, name) VALUES (?, ?)", {id, "n" + std::to_string(id)});
        });
      }
    });
  }
  for (auto& th : threads) th.join();
  auto c = db().Acquire();
  EXPECT_EQ(c->Scalar("SELECT COUNT(*) FROM t")->AsInt(), kThreads * kEach);
}

TEST_P(DatabaseTest, MigrationsAreIdempotent) {
  auto c = db().Acquire();
  const int version = SchemaVersion(*c);
  EXPECT_EQ(version, EmbeddedMigrations().back().version);
  EXPECT_EQ(Migrate(*c), 0);
  EXPECT_EQ(SchemaVersion(*c), version);
}

TEST_P(DatabaseTest, AuditLogIsAppendOnly) {
  auto c = db().Acquire();
  c->Exec("INSERT INTO audit_log (at, actor, action, entity) VALUES (?, ?, ?, ?)",
          {"2026-01-01T00:00:00.000Z", "cli", "test", "x"});
  EXPECT_THROW(c->Exec("UPDATE audit_log SET actor = 'someone else'"), DbError);
  EXPECT_THROW(c->Exec("DELETE FROM audit_log"), DbError);
  EXPECT_EQ(c->Scalar("SELECT actor FROM audit_log")->AsText(), "cli");
}

TEST_P(DatabaseTest, PlaceholderInsideQuotedTextIsNotAParameter) {
  auto c = db().Acquire();
  auto rows = c->Query("SELECT 'a?b', ?", {5});
  EXPECT_EQ(rows[0].Text(0), "a?b");
  EXPECT_EQ(rows[0].Int(1), 5);
}

TEST_P(DatabaseTest, WrongParameterCountIsAnError) {
  auto c = db().Acquire();
  EXPECT_THROW(c->Query("SELECT ? + ?", {1}), DbError);
  // The connection stays usable afterwards.
  EXPECT_EQ(c->Scalar("SELECT 2")->AsInt(), 2);
}

ZJ_INSTANTIATE_ENGINES(DatabaseTest);

TEST(DatabaseOpen, UnreachablePostgresFailsWithAConnectionError) {
  try {
    Database::Open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
    FAIL() << "expected a connection error";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::kConnection);
  }
}

TEST(Migrations, DialectTokensAreRenderedPerEngine) {
  const std::string sql = "CREATE TABLE a (id {{ID}}, p {{PATH}});";
  EXPECT_NE(RenderMigration(sql, Engine::kSqlite).find("INTEGER PRIMARY KEY"), std::string::npos);
  EXPECT_NE(RenderMigration(sql, Engine::kPostgres).find("GENERATED BY DEFAULT AS IDENTITY"),
            std::string::npos);
  EXPECT_NE(RenderMigration(sql, Engine::kPostgres).find("COLLATE \"C\""), std::string::npos);
  const std::string blocks =
      "A;{{POSTGRES}}P1;{{END POSTGRES}}{{SQLITE}}S1;{{END SQLITE}}B;{{POSTGRES}}P2;{{END "
      "POSTGRES}}";
  EXPECT_EQ(RenderMigration(blocks, Engine::kPostgres), "A;P1;B;P2;");
  EXPECT_EQ(RenderMigration(blocks, Engine::kSqlite), "A;S1;B;");
}

}  // namespace
}  // namespace zj::db

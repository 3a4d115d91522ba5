// `zhijia demo` makes a working province for every one of the 31 provinces: its real cities and
// counties, unions, members, households, a policy, funds whose allocations fit what came in, and
// the demo users.
#include "app/demo.h"

#include <gtest/gtest.h>

#include "base/regions.h"
#include "funds/ledger.h"
#include "support/test_db.h"

namespace zj {
namespace {

void ExpectWorkingDemo(db::Engine engine, const std::string& province, bool with_users) {
  testing::TestDatabase test_db(engine);
  if (!test_db.available()) GTEST_SKIP() << "no PostgreSQL here";
  auto conn = test_db.db().Acquire();
  app::DemoOptions o;
  o.province = province;
  o.grassroots = 40;
  o.members = 200;
  o.households = 10;
  o.with_users = with_users;  // argon2id costs 0.1 s a user: only where names are awkward
  auto made = app::GenerateDemo(*conn, o);
  ASSERT_TRUE(made.has_value()) << province << ": " << made.error().message_en;
  EXPECT_GT(made->orgs, 40) << province;
  EXPECT_EQ(made->members, 200) << province;
  if (with_users) EXPECT_GE(made->users.size(), 4u) << province;
  // Every county has a fund with money in it, and the ledger holds.
  const int64_t counties =
      conn->Scalar("SELECT COUNT(*) FROM orgs WHERE level = 'county'")->AsInt();
  const int64_t funded = conn->Scalar(
                                 "SELECT COUNT(*) FROM fund_accounts f JOIN orgs o ON o.id = "
                                 "f.org_id WHERE o.level = 'county' AND f.credits_posted > 0")
                             ->AsInt();
  EXPECT_EQ(funded, counties) << province;
  EXPECT_TRUE(funds::Verify(*conn).ok()) << province;
  // A second run into the same database is refused cleanly, changing nothing.
  const int64_t orgs = conn->Scalar("SELECT COUNT(*) FROM orgs")->AsInt();
  auto again = app::GenerateDemo(*conn, o);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(conn->Scalar("SELECT COUNT(*) FROM orgs")->AsInt(), orgs);
}

TEST(Demo, EveryOneOfTheThirtyOneProvincesOnSqlite) {
  int provinces = 0;
  for (const Region* p : RegionChildren("")) {
    ExpectWorkingDemo(db::Engine::kSqlite, std::string(p->code.substr(0, 2)), false);
    ++provinces;
  }
  EXPECT_EQ(provinces, 31);
}

// Users are named from pinyin: long autonomous prefectures (湘西土家族苗族自治州) and
// minority place names must still give valid, distinct usernames.
TEST(Demo, UsersForProvincesWithAutonomousPrefectures) {
  for (const char* province : {"43", "53"}) {
    ExpectWorkingDemo(db::Engine::kSqlite, province, true);
  }
}

TEST(Demo, TheProvincesWithTheMostCountiesOnPostgres) {
  for (const char* province : {"13", "41", "44"}) {  // Hebei, Henan, Guangdong
    ExpectWorkingDemo(db::Engine::kPostgres, province, false);
  }
}

}  // namespace
}  // namespace zj

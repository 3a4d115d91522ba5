// `zhijia demo --households N`: hardship files over the demo members, spread over the workflow
// states the way a province's files are (most filed or under aid), each assessed against the
// province's policy so that queues, what-if runs and reviews have real figures to work on.
#include <boost/json.hpp>
#include <map>
#include <random>
#include <unordered_set>

#include "app/demo.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/resident_id.h"
#include "hardship/assessment.h"
#include "hardship/file.h"
#include "hardship/file_service.h"
#include "hardship/policy_service.h"

namespace zj::app {
namespace json = boost::json;

Result<void> EnsureDemoPolicy(db::Connection& conn, const std::string& province) {
  const std::string region = province + "0000";
  ZJ_ASSIGN_OR_RETURN(auto history, hardship::PolicyHistory(conn, region));
  if (!history.empty()) return {};
  hardship::Policy p;
  p.region_code = region;
  p.effective_from = "2020-01-01";
  p.dibao_monthly_fen = 115000;     // 1,150 yuan per person per month
  p.min_wage_monthly_fen = 249000;  // 2,490 yuan
  ZJ_TRY(hardship::SetPolicy(conn, auth::Actor{.request_id = "demo"}, p));
  return {};
}

Result<int64_t> GenerateDemoHouseholds(db::Connection& conn, uint64_t seed, int64_t n) {
  auto members = conn.Query(
      "SELECT m.id, m.org_id, o.path, o.region_code, m.province_code, m.name, m.id_number, "
      "m.phone FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.state = 'active' AND NOT "
      "EXISTS (SELECT 1 FROM hardship_files f WHERE f.holder_member_id = m.id) ORDER BY m.id "
      "LIMIT ?",
      {n});
  if (members.empty()) return int64_t{0};
  ZJ_TRY(EnsureDemoPolicy(conn, members[0].Text(4)));
  std::mt19937_64 rng(seed ^ 0x68617264736869ull);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const Date today = TodayInShanghai();
  const std::string now = NowIso();
  static const std::vector<std::string> kColumns = {"id",
                                                    "province_code",
                                                    "org_id",
                                                    "org_path",
                                                    "region_code",
                                                    "holder_member_id",
                                                    "holder_name",
                                                    "holder_id_number",
                                                    "state",
                                                    "category",
                                                    "per_head_monthly_fen",
                                                    "policy_region",
                                                    "policy_version",
                                                    "filed_level",
                                                    "data",
                                                    "consent_at",
                                                    "notice_start",
                                                    "notice_end",
                                                    "filed_at",
                                                    "last_reviewed_at",
                                                    "next_review_due",
                                                    "last_aided_at",
                                                    "exit_candidate",
                                                    "applied_by",
                                                    "created_at",
                                                    "updated_at"};
  static const char* kCauses[] = {"own_illness",  "dependant_illness", "disability",
                                  "unemployment", "low_income",        "schooling",
                                  "work_injury",  "enterprise_closure"};
  std::map<std::string, hardship::Policy> policies;
  std::unordered_set<std::string> used;  // every ID number already taken
  for (const auto& r : conn.Query("SELECT id_number FROM members")) used.insert(r.Text(0));
  for (const auto& r : conn.Query("SELECT id_number FROM hardship_file_people")) {
    used.insert(r.Text(0));
  }
  const int64_t first_id =
      conn.Scalar("SELECT COALESCE(MAX(id), 0) FROM hardship_files")->AsInt() + 1;
  std::vector<db::Params> rows, people;
  int64_t made = 0;
  auto flush = [&] {
    db::WithTransaction(conn, [&] {
      conn.BulkInsert("hardship_files", kColumns, rows);
      conn.BulkInsert("hardship_file_people", {"file_id", "id_number", "is_open"}, people);
    });
    rows.clear();
    people.clear();
  };
  for (const auto& m : members) {
    const std::string region = m.Text(3);
    auto it = policies.find(region);
    if (it == policies.end()) {
      ZJ_ASSIGN_OR_RETURN(auto p, hardship::PolicyFor(conn, region, FormatDate(today)));
      it = policies.emplace(region, p).first;
    }
    hardship::FileData d;
    d.phone = m.OptText(7);
    const int size = uniform(1, 4);
    d.holder_working = uniform(0, 9) != 0;
    d.holder_able_to_work = uniform(0, 4) != 0;
    const std::string holder_id = m.Text(6);
    for (int i = 1; i < size; ++i) {
      hardship::Person p;
      const bool spouse = i == 1 && uniform(0, 2) != 0;
      p.relation = spouse ? "spouse" : "child";
      p.name = m.Text(5).substr(0, 3) + (spouse ? "某" : "小") + std::to_string(i);
      do {
        char body[18];
        std::snprintf(body, sizeof body, "%s%04d%02d%02d%03d", holder_id.substr(0, 6).c_str(),
                      spouse ? uniform(1965, 1995) : uniform(2005, 2018), uniform(1, 12),
                      uniform(1, 28), uniform(1, 999));
        p.id_number.assign(body, 17);
        p.id_number += ResidentIdCheckChar(p.id_number);
      } while (!used.insert(p.id_number).second);
      p.working = spouse && uniform(0, 1) == 0;
      p.able_to_work = p.working;
      d.people.push_back(std::move(p));
    }
    // Per-head income mostly under the relative line (2 × 低保), one household in ten above it.
    const int64_t dibao = it->second.dibao_monthly_fen;
    const int64_t per_head =
        uniform(0, 9) == 0 ? dibao * uniform(21, 40) / 10 : dibao * uniform(2, 19) / 10;
    d.incomes.push_back({"wage", per_head * size * 12, std::nullopt});
    if (uniform(0, 2) == 0) {
      d.expenses.push_back({"medical", uniform(1000, 20000) * int64_t{100}, std::nullopt});
    }
    d.homes = uniform(0, 9) == 0 ? 0 : 1;
    d.primary_cause = kCauses[uniform(0, 7)];
    d.housing_type = uniform(0, 2) ? "own" : "rented";
    d.hukou_type = uniform(0, 1) ? "urban" : "rural";
    const hardship::Household h = hardship::ToHousehold(d, true, false);
    const hardship::Assessment a = hardship::Assess(h, it->second);
    const std::string category(hardship::CategoryName(a.category));
    const bool eligible = category == "deep" || category == "relative" || category == "accident";
    const int roll = uniform(0, 99);
    std::string state = !eligible   ? (roll < 80 ? "rejected" : "verified")
                        : roll < 45 ? "filed"
                        : roll < 75 ? "aided"
                        : roll < 80 ? "monitoring"
                        : roll < 85 ? "applied"
                        : roll < 90 ? "verified"
                        : roll < 95 ? "notice"
                                    : "upper_review";
    const bool filed = state == "filed" || state == "aided" || state == "monitoring";
    const Date filed_on = today.AddDays(-uniform(30, 1500));
    const Date reviewed = today.AddDays(-uniform(0, 420));
    const Date notice_start = today.AddDays(-uniform(0, 6));
    const bool open = state != "rejected";
    const std::string id_number = m.Text(6);
    rows.push_back(
        {first_id + made,
         m.Text(4),
         m.Int(1),
         m.Text(2),
         region,
         m.Int(0),
         m.Text(5),
         id_number,
         state,
         state == "applied" ? db::Value() : db::Value(category),
         state == "applied" ? db::Value() : db::Value(a.figures.per_head_monthly_fen),
         it->second.region_code,
         it->second.version,
         filed ? db::Value("local") : db::Value(),
         json::serialize(hardship::FileDataToJson(d)),
         state == "applied" ? db::Value() : db::Value(now),
         state == "notice" ? db::Value(FormatDate(notice_start)) : db::Value(),
         state == "notice" ? db::Value(FormatDate(notice_start.AddDays(7))) : db::Value(),
         filed ? db::Value(FormatDate(filed_on)) : db::Value(),
         filed ? db::Value(FormatDate(reviewed)) : db::Value(),
         filed ? db::Value(FormatDate(hardship::AddMonths(reviewed, 12))) : db::Value(),
         state == "aided" ? db::Value(FormatDate(today.AddDays(-uniform(0, 300)))) : db::Value(),
         0,
         "demo",
         now,
         filed ? FormatIso(std::chrono::system_clock::now() -
                           std::chrono::hours(24 * uniform(0, 500)))
               : now});
    people.push_back({first_id + made, id_number, open ? 1 : 0});
    for (const auto& p : d.people) people.push_back({first_id + made, p.id_number, open ? 1 : 0});
    ++made;
    if (rows.size() == 5000) flush();
  }
  if (!rows.empty()) flush();
  db::WithTransaction(conn, [&] {
    conn.SyncIdSequence("hardship_files");
    conn.Exec(
        "INSERT INTO hardship_events (file_id, at, actor, action, to_state, reason) SELECT id, "
        "created_at, 'demo', 'import', state, '演示数据' FROM hardship_files WHERE id >= ?",
        {first_id});
  });
  // As an operator would after a bulk load: statistics, and on PostgreSQL the visibility map, so
  // that the queues' counts are index-only scans before autovacuum first comes round.
  if (conn.engine() == db::Engine::kPostgres) {
    conn.ExecScript("VACUUM ANALYZE hardship_files");
  } else {
    conn.RefreshStatistics("hardship_files");
  }
  return made;
}

}  // namespace zj::app

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

namespace {

const std::vector<std::string> kFileColumns = {"id",
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
constexpr std::array<const char*, 8> kCauses = {"own_illness",  "dependant_illness", "disability",
                                                "unemployment", "low_income",        "schooling",
                                                "work_injury",  "enterprise_closure"};

// The dice of the demo households: each one's people (with ID numbers not yet taken), incomes,
// circumstances and where in the workflow it stands.
class HouseholdDice {
 public:
  HouseholdDice(uint64_t seed, std::unordered_set<std::string> taken)
      : rng_(seed ^ 0x68617264736869ull), taken_(std::move(taken)) {}

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  // A household of one to four for the member `m` (id_number, name, phone), its per-head income
  // mostly under the relative line (2 × 低保), one household in ten above it.
  hardship::FileData Household(const db::Row& m, int64_t dibao) {
    hardship::FileData d;
    d.phone = m.OptText(7);
    const int size = Uniform(1, 4);
    d.holder_working = Uniform(0, 9) != 0;
    d.holder_able_to_work = Uniform(0, 4) != 0;
    for (int i = 1; i < size; ++i) d.people.push_back(Relative(m.Text(5), m.Text(6), i));
    const int64_t per_head =
        Uniform(0, 9) == 0 ? dibao * Uniform(21, 40) / 10 : dibao * Uniform(2, 19) / 10;
    d.incomes.push_back({"wage", per_head * size * 12, std::nullopt});
    if (Uniform(0, 2) == 0) {
      d.expenses.push_back({"medical", Uniform(1000, 20000) * int64_t{100}, std::nullopt});
    }
    d.homes = Uniform(0, 9) == 0 ? 0 : 1;
    d.primary_cause = kCauses[static_cast<size_t>(Uniform(0, 7))];
    d.housing_type = Uniform(0, 2) ? "own" : "rented";
    d.hukou_type = Uniform(0, 1) ? "urban" : "rural";
    return d;
  }

  // Where an eligible household stands (most filed or aided), or an ineligible one (rejected).
  std::string State(bool eligible) {
    const int roll = Uniform(0, 99);
    if (!eligible) return roll < 80 ? "rejected" : "verified";
    constexpr std::array<std::pair<int, const char*>, 7> kBelow = {{{45, "filed"},
                                                                    {75, "aided"},
                                                                    {80, "monitoring"},
                                                                    {85, "applied"},
                                                                    {90, "verified"},
                                                                    {95, "notice"},
                                                                    {100, "upper_review"}}};
    for (const auto& [below, state] : kBelow) {
      if (roll < below) return state;
    }
    return "upper_review";
  }

 private:
  hardship::Person Relative(const std::string& holder_name, const std::string& holder_id, int i) {
    hardship::Person p;
    const bool spouse = i == 1 && Uniform(0, 2) != 0;
    p.relation = spouse ? "spouse" : "child";
    p.name = holder_name.substr(0, 3) + (spouse ? "某" : "小") + std::to_string(i);
    do {
      char body[18];
      std::snprintf(body, sizeof body, "%s%04d%02d%02d%03d", holder_id.substr(0, 6).c_str(),
                    spouse ? Uniform(1965, 1995) : Uniform(2005, 2018), Uniform(1, 12),
                    Uniform(1, 28), Uniform(1, 999));
      p.id_number.assign(body, 17);
      p.id_number += ResidentIdCheckChar(p.id_number);
    } while (!taken_.insert(p.id_number).second);
    p.working = spouse && Uniform(0, 1) == 0;
    p.able_to_work = p.working;
    return p;
  }

  std::mt19937_64 rng_;
  std::unordered_set<std::string> taken_;  // every ID number already used
};

// One household's file as a row of kFileColumns, with the dates its state implies.
struct FileRowInput {
  int64_t id = 0;
  const db::Row* member = nullptr;  // id, org_id, path, region_code, province_code, name, id
  const hardship::Policy* policy = nullptr;
  const hardship::FileData* data = nullptr;
  std::string state, category;
  int64_t per_head_monthly_fen = 0;
};

db::Params FileRow(const FileRowInput& in, HouseholdDice& dice, Date today,
                   const std::string& now) {
  const db::Row& m = *in.member;
  const std::string& state = in.state;
  const bool filed = state == "filed" || state == "aided" || state == "monitoring";
  const bool assessed = state != "applied";
  const Date filed_on = today.AddDays(-dice.Uniform(30, 1500));
  const Date reviewed = today.AddDays(-dice.Uniform(0, 420));
  const Date notice_start = today.AddDays(-dice.Uniform(0, 6));
  auto when = [](bool yes, const std::string& value) {
    return yes ? db::Value(value) : db::Value();
  };
  return {in.id,
          m.Text(4),
          m.Int(1),
          m.Text(2),
          m.Text(3),
          m.Int(0),
          m.Text(5),
          m.Text(6),
          state,
          when(assessed, in.category),
          assessed ? db::Value(in.per_head_monthly_fen) : db::Value(),
          in.policy->region_code,
          in.policy->version,
          when(filed, "local"),
          json::serialize(hardship::FileDataToJson(*in.data)),
          when(assessed, now),
          when(state == "notice", FormatDate(notice_start)),
          when(state == "notice", FormatDate(notice_start.AddDays(7))),
          when(filed, FormatDate(filed_on)),
          when(filed, FormatDate(reviewed)),
          when(filed, FormatDate(hardship::AddMonths(reviewed, 12))),
          when(state == "aided", FormatDate(today.AddDays(-dice.Uniform(0, 300)))),
          0,
          "demo",
          now,
          filed ? FormatIso(std::chrono::system_clock::now() -
                            std::chrono::hours(24 * dice.Uniform(0, 500)))
                : now};
}

std::unordered_set<std::string> TakenIdNumbers(db::Connection& conn) {
  std::unordered_set<std::string> taken;
  for (const auto& r : conn.Query("SELECT id_number FROM members")) taken.insert(r.Text(0));
  for (const auto& r : conn.Query("SELECT id_number FROM hardship_file_people")) {
    taken.insert(r.Text(0));
  }
  return taken;
}

// After the bulk load: the id sequence, each file's first event, and — as an operator would —
// statistics, and on PostgreSQL the visibility map, so that the queues' counts are index-only
// scans before autovacuum first comes round.
void FinishLoad(db::Connection& conn, int64_t first_id) {
  db::WithTransaction(conn, [&] {
    conn.SyncIdSequence("hardship_files");
    conn.Exec(
        "INSERT INTO hardship_events (file_id, at, actor, action, to_state, reason) SELECT id, "
        "created_at, 'demo', 'import', state, '演示数据' FROM hardship_files WHERE id >= ?",
        {first_id});
  });
  if (conn.engine() == db::Engine::kPostgres) {
    conn.ExecScript("VACUUM ANALYZE hardship_files");
  } else {
    conn.RefreshStatistics("hardship_files");
  }
}

}  // namespace

Result<int64_t> GenerateDemoHouseholds(db::Connection& conn, uint64_t seed, int64_t n) {
  auto members = conn.Query(
      "SELECT m.id, m.org_id, o.path, o.region_code, m.province_code, m.name, m.id_number, "
      "m.phone FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.state = 'active' AND NOT "
      "EXISTS (SELECT 1 FROM hardship_files f WHERE f.holder_member_id = m.id) ORDER BY m.id "
      "LIMIT ?",
      {n});
  if (members.empty()) return int64_t{0};
  ZJ_TRY(EnsureDemoPolicy(conn, members[0].Text(4)));
  HouseholdDice dice(seed, TakenIdNumbers(conn));
  const Date today = TodayInShanghai();
  const std::string now = NowIso();
  std::map<std::string, hardship::Policy> policies;
  const int64_t first_id =
      conn.Scalar("SELECT COALESCE(MAX(id), 0) FROM hardship_files")->AsInt() + 1;
  std::vector<db::Params> rows, people;
  auto flush = [&] {
    db::WithTransaction(conn, [&] {
      conn.BulkInsert("hardship_files", kFileColumns, rows);
      conn.BulkInsert("hardship_file_people", {"file_id", "id_number", "is_open"}, people);
    });
    rows.clear();
    people.clear();
  };
  int64_t made = 0;
  for (const auto& m : members) {
    auto it = policies.find(m.Text(3));
    if (it == policies.end()) {
      ZJ_ASSIGN_OR_RETURN(auto p, hardship::PolicyFor(conn, m.Text(3), FormatDate(today)));
      it = policies.emplace(m.Text(3), p).first;
    }
    const hardship::FileData d = dice.Household(m, it->second.dibao_monthly_fen);
    const hardship::Assessment a =
        hardship::Assess(hardship::ToHousehold(d, true, false), it->second);
    const std::string category(hardship::CategoryName(a.category));
    const bool eligible = category == "deep" || category == "relative" || category == "accident";
    const int64_t id = first_id + made++;
    FileRowInput in{
        id, &m, &it->second, &d, dice.State(eligible), category, a.figures.per_head_monthly_fen};
    rows.push_back(FileRow(in, dice, today, now));
    const int open = in.state != "rejected" ? 1 : 0;
    people.push_back({id, m.Text(6), open});
    for (const auto& p : d.people) people.push_back({id, p.id_number, open});
    if (rows.size() == 5000) flush();
  }
  if (!rows.empty()) flush();
  FinishLoad(conn, first_id);
  return made;
}

}  // namespace zj::app

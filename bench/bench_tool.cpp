// Helpers for the benchmarks in bench/*.sh: data generation and in-process latency figures.
//   zhijia_bench gen-members --db DB --rows N --out FILE   a member CSV with valid, unique IDs
//                                                         naming the grassroots unions of DB
//   zhijia_bench search --db DB --queries N               p50/p99 of member searches as a
//                                                         provincial cadre, in milliseconds
//   zhijia_bench whatif --db DB                            what-if over every open household
//                                                         file: seconds, and a plain scan of the
//                                                         same files through the store
//   zhijia_bench review-queue --db DB --queries N --as U   p50/p99 of the review-due queue
//   zhijia_bench ledger --db DB --batches N               transfers/s posted in linked batches
//                                                         of 8,000, and rows/s of inserting the
//                                                         same rows into a bare table
#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <unordered_set>

#include "auth/service.h"
#include "base/clock.h"
#include "base/resident_id.h"
#include "db/database.h"
#include "db/migrate.h"
#include "funds/ledger.h"
#include "funds/simulate.h"
#include "hardship/file_service.h"
#include "hardship/whatif.h"
#include "jobs/jobs.h"
#include "members/service.h"

namespace {

int GenMembers(const std::string& url, int64_t rows, const std::string& out_path) {
  auto db = zj::db::Database::Open(url);
  auto conn = db->Acquire();
  auto orgs = conn->Query(
      "SELECT name, region_code FROM orgs WHERE level = 'grassroots' AND status = 'active' "
      "ORDER BY id");
  if (orgs.empty()) {
    std::cerr << "no grassroots unions in " << url << "\n";
    return 1;
  }
  // Names must identify one union: skip names that occur twice.
  std::map<std::string, int> seen;
  for (const auto& o : orgs) ++seen[o.Text(0)];
  std::vector<std::pair<std::string, std::string>> usable;
  for (const auto& o : orgs) {
    if (seen[o.Text(0)] == 1) usable.emplace_back(o.Text(0), o.Text(1));
  }
  static const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                    "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
  static const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
                                 "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平"};
  std::mt19937_64 rng(42);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::unordered_set<std::string> ids;
  std::ofstream out(out_path);
  out << "姓名,身份证号,手机号,所属工会,民族,学历,技能等级,户籍类型,是否农民工,就业形态,工作单位,"
         "单位统一社会信用代码,入会日期,会员卡号,会籍状态\n";
  for (int64_t i = 0; i < rows; ++i) {
    const auto& org = usable[static_cast<size_t>(uniform(0, static_cast<int>(usable.size()) - 1))];
    std::string id;
    do {
      char body[18];
      std::snprintf(body, sizeof body, "%s%04d%02d%02d%03d", org.second.c_str(),
                    uniform(1962, 2004), uniform(1, 12), uniform(1, 28), uniform(1, 999));
      id.assign(body, 17);
      id += zj::ResidentIdCheckChar(id);
    } while (!ids.insert(id).second);
    out << kSurnames[uniform(0, 19)] << kGiven[uniform(0, 19)] << kGiven[uniform(0, 19)] << ','
        << id << ",1" << uniform(30, 99) << uniform(10000000, 99999999) << ',' << org.first
        << ",汉族,本科,高级工,城镇,否,标准劳动关系,某某公司,,2020-05-01,,在会\n";
  }
  return 0;
}

int Search(const std::string& url, int queries) {
  auto db = zj::db::Database::Open(url);
  auto conn = db->Acquire();
  auto user = conn->Scalar("SELECT id FROM users ORDER BY id LIMIT 1");
  if (!user) {
    std::cerr << "no user in " << url << "\n";
    return 1;
  }
  auto principal = zj::auth::LoadPrincipal(*conn, user->AsInt());
  const zj::members::Actor actor{principal->get(), "bench"};
  auto samples = conn->Query(
      "SELECT name, name_initials, id_number, phone FROM members "
      "ORDER BY id LIMIT 200");
  std::vector<std::string> qs;
  for (const auto& s : samples) {
    qs.push_back(s.Text(0));             // full name
    qs.push_back(s.Text(1));             // pinyin initials
    qs.push_back(s.Text(2).substr(12));  // last 6 of the ID
    qs.push_back(s.Text(3));             // phone
  }
  std::vector<double> ms;
  std::array<std::vector<double>, 4> by_shape;  // name, initials, ID tail, phone
  for (int i = 0; i < queries; ++i) {
    zj::members::MemberFilter f;
    f.query = qs[static_cast<size_t>(i) % qs.size()];
    const auto start = std::chrono::steady_clock::now();
    auto r = zj::members::SearchMembers(*conn, actor, f);
    const double t =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    ms.push_back(t);
    by_shape[static_cast<size_t>(i) % qs.size() % 4].push_back(t);
    if (!r) {
      std::cerr << "search failed: " << r.error().message_en << "\n";
      return 1;
    }
  }
  std::sort(ms.begin(), ms.end());
  std::printf("p50 %.3f\np99 %.3f\n", ms[ms.size() / 2], ms[ms.size() * 99 / 100]);
  // Which shape of query is slow: the p99 of each.
  const char* kShapes[] = {"name", "initials", "id-tail", "phone"};
  for (size_t k = 0; k < by_shape.size(); ++k) {
    auto& v = by_shape[k];
    if (v.empty()) continue;
    std::sort(v.begin(), v.end());
    std::printf("p99 of %s queries %.3f\n", kShapes[k], v[v.size() * 99 / 100]);
  }
  return 0;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

int WhatIf(const std::string& url) {
  auto db = zj::db::Database::Open(url);
  auto conn = db->Acquire();
  zj::db::Migrate(*conn);
  // Baseline: reading every open file through the store, as the what-if does, assessing nothing.
  // Twice, keeping the faster, so that a cold cache does not flatter the what-if.
  auto scan = [&] {
    const auto start = std::chrono::steady_clock::now();
    int64_t n = 0, after = 0;
    for (;;) {
      auto batch = zj::hardship::store::OpenFilesAfter(*conn, zj::auth::DataScope::All(),
                                                       std::nullopt, after, 2000);
      if (batch.empty()) break;
      n += static_cast<int64_t>(batch.size());
      after = batch.back().id;
    }
    return std::pair{n, Seconds(start)};
  };
  const auto [scanned, first_s] = scan();
  const double scan_s = std::min(first_s, scan().second);
  const int64_t job = zj::db::WithTransaction(
      *conn, [&] { return zj::jobs::Create(*conn, "hardship_whatif", std::nullopt, "bench"); });
  zj::hardship::WhatIfRequest request;
  request.change.dibao_monthly_fen = 130'000;
  request.today = zj::TodayInShanghai();
  const auto start = std::chrono::steady_clock::now();
  zj::hardship::RunWhatIf(*db, nullptr, job, request);
  const double whatif_s = Seconds(start);
  auto done = zj::jobs::Get(*conn, job);
  if (!done || done->state != "done") {
    std::cerr << "what-if did not finish: " << (done ? done->state : "gone") << "\n";
    return 1;
  }
  std::printf("households %lld\nassessed %lld\nchanged %lld\nwhatif_s %.3f\nscan_s %.3f\n",
              static_cast<long long>(scanned), static_cast<long long>(done->counters.accepted_rows),
              static_cast<long long>(done->counters.updated_rows), whatif_s, scan_s);
  return 0;
}

int ReviewQueue(const std::string& url, int queries, const std::string& as) {
  auto db = zj::db::Database::Open(url);
  auto conn = db->Acquire();
  auto user = conn->Scalar("SELECT id FROM users WHERE username = ?", {as});
  if (!user) {
    std::cerr << "no user " << as << "\n";
    return 1;
  }
  auto principal = zj::auth::LoadPrincipal(*conn, user->AsInt());
  const zj::auth::Actor actor{principal->get(), "bench"};
  // The workbench's first screen: the review-due queue, page by page, and its overdue part.
  std::vector<double> ms;
  for (int i = 0; i < queries; ++i) {
    zj::hardship::store::FileFilter f;
    f.queue = i % 2 ? zj::hardship::store::Queue::kReviewDue : zj::hardship::store::Queue::kOverdue;
    f.page = 1 + i % 5;
    const auto start = std::chrono::steady_clock::now();
    auto r = zj::hardship::ListHardshipFiles(*conn, actor, f, std::nullopt);
    ms.push_back(Seconds(start) * 1000);
    if (!r) {
      std::cerr << "queue failed: " << r.error().message_en << "\n";
      return 1;
    }
    if (i == 0) std::printf("due %lld\n", static_cast<long long>(r->second));
  }
  std::sort(ms.begin(), ms.end());
  std::printf("p50 %.3f\np99 %.3f\n", ms[ms.size() / 2], ms[ms.size() * 99 / 100]);
  return 0;
}

int Ledger(const std::string& url, int batches) {
  auto db = zj::db::Database::Open(url);
  auto conn = db->Acquire();
  zj::db::Migrate(*conn);
  const auto acct = zj::funds::EnsureSimulationAccounts(*conn);
  constexpr int kBatch = 8000;
  std::mt19937_64 rng(7);
  // Each batch: 8,000 donations into the upper fund, or allocations down to the lower ones.
  auto make = [&](int b) {
    std::vector<zj::funds::TransferRequest> batch;
    batch.reserve(kBatch);
    for (int i = 0; i < kBatch; ++i) {
      zj::funds::TransferRequest r;
      r.tid = zj::funds::NewTransferId();
      r.amount_fen = std::uniform_int_distribution<int64_t>(1, 10'000)(rng);
      if (b % 2 == 0) {
        r.debit_account_id = acct.income;
        r.credit_account_id = acct.upper;
        r.source = "donation";
      } else {
        r.debit_account_id = acct.upper;
        r.credit_account_id = i % 2 ? acct.lower : acct.lower_out;
        r.amount_fen /= 2;
        r.amount_fen += 1;
        r.purpose = "allocation";
        r.source = "upper_allocation";
      }
      batch.push_back(std::move(r));
    }
    return batch;
  };
  std::vector<std::vector<zj::funds::TransferRequest>> work;
  for (int b = 0; b < batches; ++b) work.push_back(make(b));
  auto start = std::chrono::steady_clock::now();
  int64_t posted = 0;
  for (const auto& batch : work) {
    auto r = zj::funds::Apply(*conn, batch, "bench");
    if (!r) {
      std::cerr << "batch refused: " << r.error().error.message_en << "\n";
      return 1;
    }
    posted += static_cast<int64_t>(r->size());
  }
  const double ledger_s = Seconds(start);
  // Baseline: the same rows into a bare table with the transfers' columns, in the same batches.
  conn->ExecScript(
      "DROP TABLE IF EXISTS bench_bare; CREATE TABLE bench_bare (tid TEXT, kind TEXT, "
      "debit_account_id BIGINT, credit_account_id BIGINT, amount_fen BIGINT, purpose TEXT, "
      "source TEXT, created_by TEXT, created_at TEXT)");
  start = std::chrono::steady_clock::now();
  for (const auto& batch : work) {
    zj::db::WithTransaction(*conn, [&] {
      for (const auto& r : batch) {
        conn->Exec(
            "INSERT INTO bench_bare (tid, kind, debit_account_id, credit_account_id, amount_fen, "
            "purpose, source, created_by, created_at) VALUES (?, 'posted', ?, ?, ?, ?, ?, "
            "'bench', ?)",
            {r.tid + "x", r.debit_account_id, r.credit_account_id, r.amount_fen, r.purpose,
             r.source, zj::NowIso()});
      }
    });
  }
  const double bare_s = Seconds(start);
  conn->ExecScript("DROP TABLE bench_bare");
  // The floor: the engine alone copying the posted transfers, in the same batches, into a table
  // with the ledger's indexes (no checks, no client work). No ledger stores faster than this.
  conn->ExecScript(
      "DROP TABLE IF EXISTS bench_floor; CREATE TABLE bench_floor AS SELECT * FROM "
      "fund_transfers WHERE 1 = 0; CREATE UNIQUE INDEX bench_floor_tid ON bench_floor (tid); "
      "CREATE INDEX bench_floor_debit ON bench_floor (debit_account_id, id); "
      "CREATE INDEX bench_floor_credit ON bench_floor (credit_account_id, id); "
      "CREATE UNIQUE INDEX bench_floor_resolution ON bench_floor (pending_id) WHERE pending_id "
      "IS NOT NULL");
  const int64_t first = conn->Scalar("SELECT MIN(id) FROM fund_transfers")->AsInt();
  start = std::chrono::steady_clock::now();
  for (int b = 0; b < batches; ++b) {
    zj::db::WithTransaction(*conn, [&] {
      conn->Exec("INSERT INTO bench_floor SELECT * FROM fund_transfers WHERE id >= ? AND id < ?",
                 {first + int64_t{b} * kBatch, first + int64_t{b + 1} * kBatch});
    });
  }
  const double floor_s = Seconds(start);
  conn->ExecScript("DROP TABLE bench_floor");
  const auto v = zj::funds::Verify(*conn);
  std::printf("transfers %lld\nledger_s %.3f\nbare_s %.3f\nfloor_s %.3f\nverified %d\n",
              static_cast<long long>(posted), ledger_s, bare_s, floor_s, v.ok() ? 1 : 0);
  return v.ok() ? 0 : 3;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"zhijia benchmark helpers"};
  app.require_subcommand(1);
  std::string db, out;
  int64_t rows = 1'000'000;
  int queries = 1000;
  auto* gen = app.add_subcommand("gen-members", "Write a member CSV");
  gen->add_option("--db", db)->required();
  gen->add_option("--rows", rows);
  gen->add_option("--out", out)->required();
  auto* search = app.add_subcommand("search", "Member search latency");
  search->add_option("--db", db)->required();
  search->add_option("--queries", queries);
  auto* whatif = app.add_subcommand("whatif", "What-if throughput over every household file");
  whatif->add_option("--db", db)->required();
  std::string as;
  auto* queue = app.add_subcommand("review-queue", "Review-due queue latency");
  queue->add_option("--db", db)->required();
  queue->add_option("--queries", queries);
  queue->add_option("--as", as)->required();
  int batches = 10;
  auto* ledger = app.add_subcommand("ledger", "Ledger throughput in batches of 8,000");
  ledger->add_option("--db", db)->required();
  ledger->add_option("--batches", batches);
  CLI11_PARSE(app, argc, argv);
  if (gen->parsed()) return GenMembers(db, rows, out);
  if (ledger->parsed()) return Ledger(db, batches);
  if (whatif->parsed()) return WhatIf(db);
  if (queue->parsed()) return ReviewQueue(db, queries, as);
  return Search(db, queries);
}

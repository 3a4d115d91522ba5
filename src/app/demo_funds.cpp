// The demo province's assistance funds: income accounts for each source, the province union's
// fund fed by the central and local budgets and donations, and a fund for every county union fed
// by allocations from the province — so that aid can be requested and approved at once.
#include <map>

#include "app/demo.h"
#include "funds/ledger.h"

namespace zj::app {

Result<int64_t> GenerateDemoFunds(db::Connection& conn) {
  if (funds::FindAccount(conn, "income:central_budget")) return int64_t{0};
  auto province = conn.Query("SELECT id FROM orgs WHERE level = 'province' ORDER BY id LIMIT 1");
  if (province.empty()) return int64_t{0};
  std::map<std::string, int64_t> income;
  for (const char* source : {"central_budget", "local_budget", "donation", "interest"}) {
    ZJ_ASSIGN_OR_RETURN(auto a, funds::CreateAccount(conn, {.code = std::string("income:") + source,
                                                            .kind = funds::AccountKind::kIncome,
                                                            .name = std::string("收入：") + source,
                                                            .source = std::string(source)}));
    income[source] = a.id;
  }
  const std::vector<std::string> uses = {"living",       "medical", "school",
                                         "job_training", "legal",   "campaign_gift"};
  std::vector<std::string> province_uses = uses;
  province_uses.push_back("allocation");
  ZJ_ASSIGN_OR_RETURN(
      auto top, funds::CreateAccount(
                    conn, {.code = "fund:" + std::to_string(province[0].Int(0)) + ":1",
                           .kind = funds::AccountKind::kFund,
                           .name = "省总工会困难职工帮扶资金",
                           .org_id = province[0].Int(0),
                           .sources = {"central_budget", "local_budget", "donation", "interest"},
                           .purposes = province_uses}));
  std::vector<funds::TransferRequest> batch;
  auto move = [&](int64_t from, int64_t to, int64_t fen, std::optional<std::string> source,
                  std::optional<std::string> purpose) {
    funds::TransferRequest r;
    r.tid = funds::NewTransferId();
    r.debit_account_id = from;
    r.credit_account_id = to;
    r.amount_fen = fen;
    r.source = std::move(source);
    r.purpose = std::move(purpose);
    batch.push_back(std::move(r));
  };
  const std::vector<std::pair<std::string, int64_t>> incomes = {{"central_budget", 800'000'000},
                                                                {"local_budget", 600'000'000},
                                                                {"donation", 90'000'000},
                                                                {"interest", 1'234'567}};
  int64_t total = 0;
  for (const auto& [source, fen] : incomes) {
    move(income[source], top.id, fen, source, std::nullopt);
    total += fen;
  }
  // Four fifths go down to the counties, whatever their number (Hebei has 168, Guangdong 122):
  // each gets 90–100% of an equal share, so the province's fund is never allocated out.
  const auto county_rows =
      conn.Query("SELECT id, name FROM orgs WHERE level = 'county' ORDER BY id");
  const int64_t share = county_rows.empty() ? 0 : total * 4 / 5 / std::ssize(county_rows);
  int64_t counties = 0;
  for (const auto& county : county_rows) {
    ZJ_ASSIGN_OR_RETURN(
        auto fund,
        funds::CreateAccount(conn, {.code = "fund:" + std::to_string(county.Int(0)) + ":1",
                                    .kind = funds::AccountKind::kFund,
                                    .name = county.Text(1) + "困难职工帮扶资金",
                                    .org_id = county.Int(0),
                                    .sources = {"upper_allocation", "donation"},
                                    .purposes = uses,
                                    .levels = {"local", "provincial"}}));
    move(top.id, fund.id, share / 100 * (90 + county.Int(0) % 11), "upper_allocation",
         "allocation");
    ++counties;
  }
  auto applied = funds::Apply(conn, batch, "demo");
  if (!applied) return std::unexpected(applied.error().error);
  return counties;
}

}  // namespace zj::app

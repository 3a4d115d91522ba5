#include "funds/aid_store.h"

namespace zj::funds::aid_store {
namespace {

constexpr const char* kSelect =
    "SELECT a.id, a.file_id, a.holder_name, a.org_id, o.name, a.org_path, a.fund_account_id, "
    "a.payable_account_id, a.kind, a.amount_fen, a.year, a.self_paid_fen, a.approval_level, "
    "a.state, a.pending_tid, a.settle_tid, a.bank, a.bank_account, a.account_holder, a.reason, "
    "a.requested_by, a.decided_by, a.decided_at, a.created_at, fa.name, a.decision_reason, "
    "a.province_code FROM aid_records a JOIN orgs o ON o.id = a.org_id "
    "JOIN fund_accounts fa ON fa.id = a.fund_account_id ";

Aid ToAid(const db::Row& r) {
  Aid a;
  a.id = r.Int(0);
  a.file_id = r.Int(1);
  a.holder_name = r.Text(2);
  a.org_id = r.Int(3);
  a.org_name = r.Text(4);
  a.org_path = r.Text(5);
  a.fund_account_id = r.Int(6);
  a.payable_account_id = r.Int(7);
  a.kind = r.Text(8);
  a.amount_fen = r.Int(9);
  a.year = static_cast<int>(r.Int(10));
  a.self_paid_fen = r.OptInt(11);
  a.approval_level = r.Text(12);
  a.state = r.Text(13);
  a.pending_tid = r.Text(14);
  a.settle_tid = r.OptText(15);
  a.bank = r.Text(16);
  a.bank_account = r.Text(17);
  a.account_holder = r.Text(18);
  a.reason = r.OptText(19);
  a.requested_by = r.Text(20);
  a.decided_by = r.OptText(21);
  a.decided_at = r.OptText(22);
  a.created_at = r.Text(23);
  a.fund_name = r.Text(24);
  a.decision_reason = r.OptText(25);
  a.province_code = r.Text(26);
  return a;
}

std::vector<Aid> Select(db::Connection& c, const std::string& rest, const db::Params& params) {
  std::vector<Aid> out;
  for (const auto& r : c.Query(std::string(kSelect) + rest, params)) out.push_back(ToAid(r));
  return out;
}

constexpr const char* kRunSelect =
    "SELECT id, fund_account_id, items, total_fen, batch_tid, created_by, created_at FROM "
    "payment_runs ";

PaymentRun ToRun(const db::Row& r) {
  return {r.Int(0), r.Int(1), r.Int(2), r.Int(3), r.Text(4), r.Text(5), r.Text(6)};
}

}  // namespace

std::optional<Aid> Get(db::Connection& c, int64_t id) {
  auto found = Select(c, "WHERE a.id = ?", {id});
  if (found.empty()) return std::nullopt;
  return std::move(found[0]);
}

int64_t Insert(db::Connection& c, const Aid& aid) {
  return c
      .Query(
          "INSERT INTO aid_records (file_id, holder_name, province_code, org_id, org_path, "
          "fund_account_id, payable_account_id, kind, amount_fen, year, self_paid_fen, "
          "approval_level, state, pending_tid, bank, bank_account, account_holder, reason, "
          "requested_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?, ?) RETURNING id",
          {aid.file_id,
           aid.holder_name,
           aid.province_code,
           aid.org_id,
           aid.org_path,
           aid.fund_account_id,
           aid.payable_account_id,
           aid.kind,
           aid.amount_fen,
           aid.year,
           aid.self_paid_fen,
           aid.approval_level,
           aid.state,
           aid.pending_tid,
           aid.bank,
           aid.bank_account,
           aid.account_holder,
           aid.reason,
           aid.requested_by,
           aid.created_at})
      .at(0)
      .Int(0);
}

std::map<std::string, int64_t> YearTotals(db::Connection& c, int64_t file_id, int year) {
  std::map<std::string, int64_t> out;
  for (const auto& row :
       c.Query("SELECT kind, SUM(amount_fen) FROM aid_records WHERE file_id = ? AND year = ? AND "
               "state <> 'rejected' GROUP BY kind",
               {file_id, year})) {
    out[row.Text(0)] += row.Int(1);
  }
  return out;
}

void SetDecision(db::Connection& c, int64_t id, std::string_view state,
                 const std::string& settle_tid, const std::string& by, const std::string& at,
                 const std::optional<std::string>& reason) {
  c.Exec(
      "UPDATE aid_records SET state = ?, settle_tid = ?, decided_by = ?, decided_at = ?, "
      "decision_reason = ? WHERE id = ?",
      {std::string(state), settle_tid, by, at, reason, id});
}

std::vector<Aid> Queue(db::Connection& c, const auth::DataScope& scope, int max_rank,
                       int64_t limit) {
  db::Params params;
  std::string where = "WHERE a.state = 'awaiting_approval' AND " +
                      scope.OrgCondition("a.org_path", "a.org_id", params) + " AND " +
                      scope.OrgCondition("fa.org_path", "fa.org_id", params) +
                      " AND a.approval_level IN (";
  for (int rank = 0; rank <= max_rank && rank < static_cast<int>(kApprovalLevels.size()); ++rank) {
    where += rank == 0 ? "?" : ", ?";
    params.emplace_back(std::string(kApprovalLevels[static_cast<size_t>(rank)]));
  }
  params.emplace_back(limit);
  return Select(c, where + ") ORDER BY a.id LIMIT ?", params);
}

std::vector<Aid> Due(db::Connection& c, int64_t fund_account_id) {
  return Select(c,
                "WHERE a.fund_account_id = ? AND a.state = 'posted' AND a.payment_run_id IS NULL "
                "ORDER BY a.id LIMIT ?",
                {fund_account_id, kMaxRunItems});
}

std::vector<Aid> OfFile(db::Connection& c, int64_t file_id) {
  return Select(c, "WHERE a.file_id = ? ORDER BY a.id", {file_id});
}

std::vector<Aid> PostedBetween(db::Connection& c, int64_t fund_account_id,
                               const std::string& from_utc, const std::string& to_utc) {
  return Select(c,
                "WHERE a.fund_account_id = ? AND a.state = 'posted' AND a.decided_at >= ? AND "
                "a.decided_at < ? ORDER BY a.decided_at, a.id",
                {fund_account_id, from_utc, to_utc});
}

std::vector<NoticeLine> PostedUnder(db::Connection& c, const std::string& path, int year,
                                    int64_t limit) {
  std::vector<NoticeLine> out;
  for (const auto& r :
       c.Query("SELECT a.holder_name, o.name, a.kind, a.amount_fen, a.decided_at FROM "
               "aid_records a JOIN orgs o ON o.id = a.org_id WHERE a.state = 'posted' AND "
               "a.year = ? AND a.org_path >= ? AND a.org_path < ? ORDER BY a.decided_at, a.id "
               "LIMIT ?",
               {year, path, auth::PathRangeEnd(path), limit})) {
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3), r.Text(4)});
  }
  return out;
}

int64_t InsertRun(db::Connection& c, const PaymentRun& run, int64_t org_id,
                  const std::string& org_path) {
  return c
      .Query(
          "INSERT INTO payment_runs (fund_account_id, org_id, org_path, items, total_fen, "
          "batch_tid, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {run.fund_account_id, org_id, org_path, run.items, run.total_fen, run.batch_tid,
           run.created_by, run.created_at})
      .at(0)
      .Int(0);
}

void AssignRun(db::Connection& c, int64_t run_id, const std::vector<int64_t>& aid_ids) {
  for (int64_t id : aid_ids) {
    c.Exec("UPDATE aid_records SET payment_run_id = ? WHERE id = ?", {run_id, id});
  }
}

std::optional<PaymentRun> GetRun(db::Connection& c, int64_t id) {
  auto rows = c.Query(std::string(kRunSelect) + "WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return ToRun(rows[0]);
}

std::vector<PaymentRun> RunsOf(db::Connection& c, int64_t fund_account_id) {
  std::vector<PaymentRun> out;
  for (const auto& r :
       c.Query(std::string(kRunSelect) + "WHERE fund_account_id = ? ORDER BY id DESC",
               {fund_account_id})) {
    out.push_back(ToRun(r));
  }
  return out;
}

std::vector<Aid> OfRun(db::Connection& c, int64_t run_id) {
  return Select(c, "WHERE a.payment_run_id = ? ORDER BY a.id", {run_id});
}

}  // namespace zj::funds::aid_store

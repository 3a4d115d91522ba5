#include "funds/payment_run.h"

#include <boost/json.hpp>

#include "auth/audit.h"
#include "base/clock.h"
#include "base/money.h"
#include "funds/aid.h"
#include "funds/ledger.h"
#include "io/xlsx_writer.h"

namespace zj::funds {
namespace {

Result<int64_t> ClearingAccount(db::Connection& c, const Account& fund) {
  const std::string code = "bank:" + fund.code;
  if (auto found = FindAccount(c, code)) return found->id;
  Account a;
  a.code = code;
  a.kind = AccountKind::kClearing;
  a.name = "银行代发：" + fund.name;
  a.org_id = fund.org_id;
  ZJ_ASSIGN_OR_RETURN(auto made, CreateAccountWithin(c, a));
  return made.id;
}

PaymentRun ToRun(const db::Row& r) {
  return {r.Int(0), r.Int(1), r.Int(2), r.Int(3), r.Text(4), r.Text(5), r.Text(6)};
}

constexpr const char* kSelect =
    "SELECT id, fund_account_id, items, total_fen, batch_tid, created_by, created_at FROM "
    "payment_runs ";

}  // namespace

Result<PaymentRun> CreatePaymentRun(db::Connection& c, const auth::Actor& a,
                                    int64_t fund_account_id) {
  ZJ_ASSIGN_OR_RETURN(auto fund, FundInScope(c, a, fund_account_id, kFundsWrite));
  const std::string actor = a.principal ? a.principal->username : "cli";
  return db::WithTransaction(c, [&]() -> Result<PaymentRun> {
    auto due = c.Query(
        std::string("SELECT a.id, a.payable_account_id, a.amount_fen, a.file_id FROM aid_records "
                    "a WHERE ") +
            kDueAid,
        {fund_account_id});
    if (due.empty()) {
      return Fail(ErrorCode::kConflict, "该资金没有待发放的已批准帮扶",
                  "The fund has no approved aid waiting to be paid", "fund_account_id");
    }
    ZJ_ASSIGN_OR_RETURN(auto clearing, ClearingAccount(c, fund));
    std::vector<TransferRequest> batch;
    PaymentRun run;
    for (const auto& r : due) {
      TransferRequest t;
      t.tid = NewTransferId();
      t.debit_account_id = r.Int(1);
      t.credit_account_id = clearing;
      t.amount_fen = r.Int(2);
      t.aid_id = r.Int(0);
      t.household_file_id = r.Int(3);
      t.memo = "payment run";
      run.total_fen += t.amount_fen;
      batch.push_back(std::move(t));
    }
    auto applied = ApplyWithin(c, batch, actor);
    if (!applied) return std::unexpected(applied.error().error);
    run.fund_account_id = fund_account_id;
    run.items = static_cast<int64_t>(due.size());
    run.batch_tid = batch.front().tid;
    run.created_by = actor;
    run.created_at = NowIso();
    run.id = c.Query(
                  "INSERT INTO payment_runs (fund_account_id, org_id, org_path, items, total_fen, "
                  "batch_tid, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {fund_account_id, fund.org_id, fund.org_path, run.items, run.total_fen,
                   run.batch_tid, run.created_by, run.created_at})
                 .at(0)
                 .Int(0);
    for (const auto& r : due) {
      c.Exec("UPDATE aid_records SET payment_run_id = ? WHERE id = ?", {run.id, r.Int(0)});
    }
    auto e = auth::AuditBy(a.principal, "funds.payment_run", "payment_run", std::to_string(run.id),
                           a.request_id);
    e.org_path = fund.org_path;
    e.detail = boost::json::serialize(
        boost::json::object{{"items", run.items}, {"total_fen", run.total_fen}});
    auth::Audit(c, e);
    return run;
  });
}

Result<std::vector<PaymentRun>> PaymentRuns(db::Connection& c, const auth::Actor& a,
                                            int64_t fund_account_id) {
  ZJ_TRY(FundInScope(c, a, fund_account_id, kFundsRead));
  std::vector<PaymentRun> out;
  for (const auto& r : c.Query(std::string(kSelect) + "WHERE fund_account_id = ? ORDER BY id DESC",
                               {fund_account_id})) {
    out.push_back(ToRun(r));
  }
  return out;
}

Result<int64_t> WriteBankFile(db::Connection& c, const auth::Actor& a, int64_t run_id,
                              const std::string& path) {
  auto rows = c.Query(std::string(kSelect) + "WHERE id = ?", {run_id});
  if (rows.empty()) {
    return Fail(ErrorCode::kNotFound, "发放批次 " + std::to_string(run_id) + " 不存在",
                "No payment run " + std::to_string(run_id), "id");
  }
  const PaymentRun run = ToRun(rows[0]);
  ZJ_ASSIGN_OR_RETURN(auto fund, FundInScope(c, a, run.fund_account_id, kFundsWrite));
  io::XlsxWriter out(path);
  ZJ_TRY(out.AddSheet("代发明细"));
  const std::vector<double> widths = {6, 12, 26, 20, 14, 30};
  ZJ_TRY(out.SetColumnWidths(widths));
  const std::vector<int> money = {4};
  ZJ_TRY(out.SetMoneyColumns(money));
  const std::vector<std::string> header = {"序号", "户名", "账号", "开户行", "金额（元）", "摘要"};
  out.WriteHeader(header);
  int64_t n = 0;
  for (const auto& r :
       c.Query("SELECT account_holder, bank_account, bank, amount_fen, kind, file_id, id FROM "
               "aid_records WHERE payment_run_id = ? ORDER BY id",
               {run_id})) {
    const std::vector<std::string> cells = {std::to_string(++n),
                                            r.Text(0),
                                            r.Text(1),
                                            r.Text(2),
                                            FormatMoney(r.Int(3)),
                                            "困难职工帮扶 " + std::string(PurposeLabel(r.Text(4))) +
                                                " 档案" + std::to_string(r.Int(5)) + " 记录" +
                                                std::to_string(r.Int(6))};
    ZJ_TRY(out.WriteRow(cells));
  }
  ZJ_TRY(out.Close());
  db::WithTransaction(c, [&] {
    auto e = auth::AuditBy(a.principal, "funds.bank_file", "payment_run", std::to_string(run_id),
                           a.request_id);
    e.org_path = fund.org_path;
    auth::Audit(c, e);
  });
  return n;
}

}  // namespace zj::funds

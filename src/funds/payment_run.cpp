#include "funds/payment_run.h"

#include <boost/json.hpp>

#include "auth/audit.h"
#include "base/clock.h"
#include "base/money.h"
#include "funds/aid_service.h"
#include "funds/aid_store.h"
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

}  // namespace

Result<PaymentRun> CreatePaymentRun(db::Connection& c, const auth::Actor& a,
                                    int64_t fund_account_id) {
  ZJ_ASSIGN_OR_RETURN(auto fund, FundInScope(c, a, fund_account_id, kFundsWrite));
  const std::string actor = a.principal ? a.principal->username : "cli";
  return db::WithTransaction(c, [&]() -> Result<PaymentRun> {
    const std::vector<Aid> due = aid_store::Due(c, fund_account_id);
    if (due.empty()) {
      return Fail(ErrorCode::kConflict, "该资金没有待发放的已批准帮扶",
                  "The fund has no approved aid waiting to be paid", "fund_account_id");
    }
    ZJ_ASSIGN_OR_RETURN(auto clearing, ClearingAccount(c, fund));
    std::vector<TransferRequest> batch;
    PaymentRun run;
    std::vector<int64_t> paid;
    for (const Aid& aid : due) {
      TransferRequest t;
      t.tid = NewTransferId();
      t.debit_account_id = aid.payable_account_id;
      t.credit_account_id = clearing;
      t.amount_fen = aid.amount_fen;
      t.aid_id = aid.id;
      t.household_file_id = aid.file_id;
      paid.push_back(aid.id);
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
    run.id = aid_store::InsertRun(c, run, *fund.org_id, fund.org_path);
    aid_store::AssignRun(c, run.id, paid);
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
  return aid_store::RunsOf(c, fund_account_id);
}

Result<int64_t> WriteBankFile(db::Connection& c, const auth::Actor& a, int64_t run_id,
                              const std::string& path) {
  auto found = aid_store::GetRun(c, run_id);
  if (!found) {
    return Fail(ErrorCode::kNotFound, "发放批次 " + std::to_string(run_id) + " 不存在",
                "No payment run " + std::to_string(run_id), "id");
  }
  const PaymentRun& run = *found;
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
  for (const Aid& aid : aid_store::OfRun(c, run_id)) {
    const std::vector<std::string> cells = {std::to_string(++n),
                                            aid.account_holder,
                                            aid.bank_account,
                                            aid.bank,
                                            FormatMoney(aid.amount_fen),
                                            "困难职工帮扶 " + std::string(PurposeLabel(aid.kind)) +
                                                " 档案" + std::to_string(aid.file_id) + " 记录" +
                                                std::to_string(aid.id)};
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

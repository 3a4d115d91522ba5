#include "funds/transfer_service.h"

#include <algorithm>

namespace zj::funds {
namespace {

std::unexpected<Error> NotInScope(const Account& acct, const char* field) {
  return Fail(
      ErrorCode::kNotFound, "账户 " + std::to_string(acct.id) + " 不存在或不在您的管辖范围内",
      "Account " + std::to_string(acct.id) + " does not exist or is outside your scope", field);
}

// Whether the scope covers the account's org (an account without an org: only the whole tree).
bool Covers(const auth::DataScope& scope, const Account& acct) {
  if (!acct.org_id) return scope.IsAll();
  return scope.Contains(acct.org_path, *acct.org_id);
}

}  // namespace

Authorize RightsOf(const auth::Actor& a) {
  return [read = a.ScopeFor(kFundsRead), write = a.ScopeFor(kFundsWrite)](
             const Account& debit, const Account& credit, const Transfer* pending) -> Result<void> {
    for (const auto& [acct, field] :
         {std::pair{&debit, "debit_account_id"}, std::pair{&credit, "credit_account_id"}}) {
      if (acct->kind == AccountKind::kIncome) continue;  // covered by the fund it faces
      if (!Covers(read, *acct) && !Covers(write, *acct)) return NotInScope(*acct, field);
      if (!Covers(write, *acct)) {
        return Fail(
            ErrorCode::kForbidden, "您对账户“" + acct->name + "”只有查看权限，不能动用其中的资金",
            "You may only read the account '" + acct->name + "', not move its money", field);
      }
    }
    if (credit.kind != AccountKind::kFund) {
      return Fail(ErrorCode::kForbidden,
                  "资金只能通过帮扶申请及审批付给困难家庭、通过发放批次交银行代发，不能直接转账",
                  "Money reaches a household only through an aid request and its approval, and "
                  "the bank only through a payment run; not by a direct transfer",
                  "credit_account_id");
    }
    if (pending && pending->aid_id) {
      return Fail(ErrorCode::kForbidden,
                  "这笔预留属于帮扶申请（编号 " + std::to_string(*pending->aid_id) +
                      "），只能通过审批或不予批准完成",
                  "This reservation belongs to aid " + std::to_string(*pending->aid_id) +
                      "; only its approval or refusal finishes it",
                  "pending_tid");
    }
    return {};
  };
}

Result<Applied> TransferAs(db::Connection& c, const auth::Actor& a, const TransferRequest& r) {
  if (a.ScopeFor(kFundsWrite).IsEmpty()) {
    return Fail(ErrorCode::kForbidden, "您没有动用帮扶资金的权限",
                "You may not move assistance funds");
  }
  const std::string actor = a.principal ? a.principal->username : "cli";
  return ApplyOne(c, r, actor, RightsOf(a));
}

Result<Applied> RecordIncome(db::Connection& c, const auth::Actor& a, int64_t fund_id,
                             const Income& in) {
  if (a.ScopeFor(kFundsWrite).IsEmpty()) {
    return Fail(ErrorCode::kForbidden, "您没有登记资金收入的权限",
                "You may not record income into a fund");
  }
  if ((in.source == "donation" || in.source == "unit_contribution") && !in.counterparty) {
    return Invalid("counterparty", "捐赠或单位拨付须登记捐赠人（单位）",
                   "A donation or a unit's contribution records who gave it");
  }
  TransferRequest r;
  r.tid = in.tid.value_or(NewTransferId());
  r.credit_account_id = fund_id;
  r.amount_fen = in.amount_fen;
  r.source = in.source;
  r.counterparty = in.counterparty;
  r.memo = in.memo;
  if (in.source == "upper_allocation") {
    if (!in.from_account_id) {
      return Invalid("from_account_id", "上级下拨须指明上级资金账户",
                     "An allocation names the upper union's fund");
    }
    r.debit_account_id = *in.from_account_id;
    r.purpose = "allocation";
  } else {
    if (std::find(kSources.begin(), kSources.end(), in.source) == kSources.end()) {
      return Invalid("source", "未知资金来源“" + in.source + "”",
                     "Unknown source '" + in.source + "'");
    }
    const std::string code = "income:" + in.source;
    auto income = FindAccount(c, code);
    if (!income) {
      Account acct;
      acct.code = code;
      acct.kind = AccountKind::kIncome;
      acct.name = "收入：" + std::string(SourceLabel(in.source));
      acct.source = in.source;
      ZJ_ASSIGN_OR_RETURN(auto made, CreateAccount(c, acct));
      income = made;
    }
    r.debit_account_id = income->id;
  }
  return TransferAs(c, a, r);
}

}  // namespace zj::funds

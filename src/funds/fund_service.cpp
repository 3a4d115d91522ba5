#include "funds/fund_service.h"

#include <set>

#include "auth/audit.h"
#include "auth/permissions.h"
#include "funds/ledger_store.h"
#include "orgs/service.h"

namespace zj::funds {
namespace {

// The ids on the paths of the caller's subtrees ("/1/2/15/" → 1, 2, 15): the unions above and
// at the top of its scope.
std::vector<int64_t> UnionsAbove(const auth::DataScope& scope) {
  std::set<int64_t> ids;
  for (const auto& path : scope.subtree_paths()) {
    int64_t n = 0;
    bool digits = false;
    for (char ch : path) {
      if (ch >= '0' && ch <= '9') {
        n = n * 10 + (ch - '0');
        digits = true;
      } else if (digits) {
        ids.insert(n);
        n = 0;
        digits = false;
      }
    }
  }
  return {ids.begin(), ids.end()};
}

void AuditAccount(db::Connection& c, const auth::Actor& a, const char* action,
                  const Account& acct) {
  db::WithTransaction(c, [&] {
    auto e =
        auth::AuditBy(a.principal, action, "fund_account", std::to_string(acct.id), a.request_id);
    e.org_path = acct.org_path;
    auth::Audit(c, e);
  });
}

}  // namespace

bool MayTouch(const auth::Actor& a, const char* permission, const Account& acct) {
  const auth::DataScope scope = a.ScopeFor(permission);
  if (!acct.org_id) return scope.IsAll();
  return scope.Contains(acct.org_path, *acct.org_id);
}

Result<Account> AccountInScope(db::Connection& c, const auth::Actor& a, int64_t id,
                               const char* permission) {
  auto acct = GetAccount(c, id);
  if (!acct || !MayTouch(a, kFundsRead, *acct)) {
    return Fail(ErrorCode::kNotFound, "账户 " + std::to_string(id) + " 不存在或不在您的管辖范围内",
                "Account " + std::to_string(id) + " does not exist or is outside your scope", "id");
  }
  if (!MayTouch(a, permission, *acct)) return auth::NoRight(permission);
  return *acct;
}

Result<std::vector<ListedFund>> ListFunds(db::Connection& c, const auth::Actor& a,
                                          bool include_upper, std::optional<int64_t> within_org) {
  const auth::DataScope scope = a.ScopeFor(kFundsRead);
  if (scope.IsEmpty()) return auth::NoRight(kFundsRead);
  std::optional<std::string> within;
  if (within_org) {
    auto org = orgs::FindOrg(c, auth::DataScope::All(), *within_org);
    if (!org) return Invalid("org_id", "组织不存在", "No such org");
    within = org->path;
  }
  std::vector<ListedFund> out;
  for (auto& [acct, org_name] :
       store::Funds(c, scope, include_upper ? UnionsAbove(scope) : std::vector<int64_t>{}, within,
                    kFundListLimit)) {
    const bool upper = !MayTouch(a, kFundsRead, acct);
    out.push_back({std::move(acct), std::move(org_name), upper});
  }
  return out;
}

Result<Account> OpenAccount(db::Connection& c, const auth::Actor& a, const NewAccount& n) {
  Account acct;
  acct.name = n.name;
  if (n.kind == "income") {
    if (!a.ScopeFor(kFundsWrite).IsAll()) return auth::NoRight(kFundsWrite);
    if (!n.source || n.source->empty()) {
      return Invalid("source", "请填写收入来源", "Give the source of the income");
    }
    acct.kind = AccountKind::kIncome;
    acct.source = *n.source;
    acct.code = "income:" + *n.source;
  } else if (n.kind == "fund") {
    if (!n.org_id) return Invalid("org_id", "请选择资金所属工会", "Choose the union of the fund");
    auto org = orgs::FindOrg(c, auth::DataScope::All(), *n.org_id);
    if (!org || !a.ScopeFor(kFundsWrite).Contains(org->path, org->id)) {
      return Fail(ErrorCode::kNotFound, "组织不存在或不在您的管辖范围内",
                  "The org does not exist or is outside your scope", "org_id");
    }
    acct.kind = AccountKind::kFund;
    acct.org_id = org->id;
    acct.sources = n.sources;
    acct.purposes = n.purposes;
    acct.levels = n.levels;
    acct.code = "fund:" + std::to_string(org->id) + ":" +
                std::to_string(store::CountAccountsOf(c, org->id) + 1);
  } else {
    return Invalid("kind", "账户类别应为 fund 或 income", "The kind is fund or income");
  }
  ZJ_ASSIGN_OR_RETURN(auto made, CreateAccount(c, acct));
  AuditAccount(c, a, "funds.account", made);
  return made;
}

Result<Account> Retire(db::Connection& c, const auth::Actor& a, int64_t id,
                       const std::string& reason) {
  ZJ_ASSIGN_OR_RETURN(auto acct, AccountInScope(c, a, id, kFundsWrite));
  if (acct.kind == AccountKind::kIncome && !a.ScopeFor(kFundsWrite).IsAll()) {
    return auth::NoRight(kFundsWrite);
  }
  const bool already = acct.retired_at.has_value();
  ZJ_ASSIGN_OR_RETURN(auto retired, RetireAccount(c, id, reason));
  if (!already) AuditAccount(c, a, "funds.account.retire", retired);
  return retired;
}

}  // namespace zj::funds

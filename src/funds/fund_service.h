#pragma once
// The fund accounts a cadre works with: listing the funds in scope (and those above it that its
// households may be aided from), opening a fund or an income account, retiring one. Rights are
// checked here; the ledger (ledger.h) keeps the money's rules.
#include <optional>
#include <string>
#include <vector>

#include "auth/actor.h"
#include "base/error.h"
#include "db/database.h"
#include "funds/ledger.h"
#include "funds/model.h"

namespace zj::funds {

// How many funds one list shows at most.
inline constexpr int64_t kFundListLimit = 500;

struct ListedFund {
  Account account;
  std::string org_name;
  bool upper = false;  // a fund of a union above the caller's scope (read-only to them)
};

// The funds in the caller's funds:read scope; with `include_upper` also those of the unions
// above it; with `within_org`, only those in that org's subtree.
Result<std::vector<ListedFund>> ListFunds(db::Connection& c, const auth::Actor& a,
                                          bool include_upper, std::optional<int64_t> within_org);

struct NewAccount {
  std::string name;
  std::string kind = "fund";          // fund | income
  std::optional<std::string> source;  // income: where the money comes from
  std::optional<int64_t> org_id;      // fund: the union that holds it
  std::vector<std::string> sources, purposes, levels;
};
// Opens a fund in an org of the caller's funds:write scope, or (national scope only) an income
// account. Audited.
Result<Account> OpenAccount(db::Connection& c, const auth::Actor& a, const NewAccount& n);
// Retires an account (no new money in or out; its history stays). Audited once.
Result<Account> Retire(db::Connection& c, const auth::Actor& a, int64_t id,
                       const std::string& reason);

// Whether the actor holds the permission over the account (an account without an org — an
// income account — needs it everywhere).
bool MayTouch(const auth::Actor& a, const char* permission, const Account& acct);
// The account if the caller may read it and holds `permission` over it: 404 if it is missing or
// out of sight, 403 if seen without the right.
Result<Account> AccountInScope(db::Connection& c, const auth::Actor& a, int64_t id,
                               const char* permission);

}  // namespace zj::funds

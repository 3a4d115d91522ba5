#pragma once
// The SQL of the funds ledger (fund_accounts, fund_transfers) and nothing else: no rules here —
// ledger.h decides what may be written, this reads and writes it. Account kinds are stored as
// fund, income and payable; a clearing account is a payable without a household.
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "db/database.h"
#include "funds/ledger_model.h"

namespace zj::funds::store {

std::optional<Account> GetAccount(db::Connection& c, int64_t id);
std::optional<Account> FindAccount(db::Connection& c, const std::string& code);
// These accounts by id, in chunks; with `lock`, locked for the transaction in id order on
// PostgreSQL (SQLite's write transaction already excludes every other writer).
std::map<int64_t, Account> GetAccounts(db::Connection& c, const std::vector<int64_t>& ids,
                                       bool lock = false);
// Inserts the account (its org_path as given) and returns its id.
int64_t InsertAccount(db::Connection& c, const Account& a, const std::string& created_at);
void SetBalances(db::Connection& c, const Account& a);
void SetRetired(db::Connection& c, int64_t id, const std::string& at, const std::string& reason);
int64_t CountAccountsOf(db::Connection& c, int64_t org_id);

// The fund accounts in scope, and those of the orgs `also` (the unions above it), optionally
// within an org's subtree, in tree order, at most `limit`; each with its org's name.
std::vector<std::pair<Account, std::string>> Funds(db::Connection& c, const auth::DataScope& scope,
                                                   const std::vector<int64_t>& also,
                                                   const std::optional<std::string>& within_path,
                                                   int64_t limit);

// Transfers by client id, those that exist.
std::map<std::string, Transfer> TransfersByTid(db::Connection& c,
                                               const std::vector<std::string>& tids);
std::optional<Transfer> FindTransfer(db::Connection& c, const std::string& tid);
// Which of these pending transfers are already posted or voided.
std::set<int64_t> Resolved(db::Connection& c, const std::vector<int64_t>& pending_ids);
// Ids for `n` new transfers, each above `after`: from the sequence on PostgreSQL, past the
// largest id on SQLite (inside the write transaction that inserts them).
std::vector<int64_t> NewTransferIds(db::Connection& c, size_t n, int64_t after);
void InsertTransfers(db::Connection& c, const std::vector<Transfer>& transfers);

std::vector<Transfer> TransfersOf(db::Connection& c, int64_t account_id, int64_t limit,
                                  int64_t offset);
int64_t CountTransfersOf(db::Connection& c, int64_t account_id);
// The posted sums of a fund's report for [from, to).
FundReport ReportSums(db::Connection& c, const Account& fund, const std::string& from,
                      const std::string& to);
// Client ids of reservations that expired before `now` and are still open.
std::vector<std::string> ExpiredPending(db::Connection& c, const std::string& now);

// For Verify, in the read snapshot it opens: every transfer's kind, accounts, amount and whether
// it is a reservation finished since; every account; the transfers in a direction kMoves lacks.
struct TransferRow {
  TransferKind kind = TransferKind::kPosted;
  int64_t debit = 0, credit = 0, amount_fen = 0;
  bool resolved = false;
};
void BeginSnapshot(db::Connection& c);
void EndSnapshot(db::Connection& c);
void ForEachTransfer(db::Connection& c, const std::function<void(const TransferRow&)>& fn);
std::vector<Account> AllAccounts(db::Connection& c);
std::vector<int64_t> MisdirectedTransfers(db::Connection& c);

// For the gauges: the posted imbalance and the overdrawn accounts, and the misdirected
// transfers after `after_id` with the largest id seen.
std::pair<int64_t, int64_t> ImbalanceAndOverdrawn(db::Connection& c);
std::pair<int64_t, int64_t> MisdirectedSince(db::Connection& c, int64_t after_id);

}  // namespace zj::funds::store

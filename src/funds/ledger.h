#pragma once
// The double-entry ledger of earmarked assistance funds (DOMAIN.md §5), usable without HTTP.
//
// Accounts: a fund account per org and fund, with the sources it may receive, the purposes it
// may pay and the file levels it may serve; an income account per source; a payable account per
// recipient household; a clearing account per fund for what its payment runs hand to the bank.
// Money moves only in the directions kMoves lists (income → fund, fund → fund, fund → payable,
// payable → clearing), and no account but an income account ever goes below zero. A transfer moves
// an amount in fen from a debit account to a credit account, once: its client-supplied 128-bit id
// makes a retry return the first result. Two-phase transfers reserve with kPending and finish with
// kPost or kVoid (expired reservations are voided). A batch is linked: all of it is applied, or
// none of it.
//
// Checked inside the same database transaction, on both engines: the direction of every transfer;
// a fund, payable or clearing account never pays out more than its posted credits; money leaves a
// fund only for a permitted purpose and a household in the fund's own subtree, filed at a permitted
// level and under aid; money enters a fund only from a permitted source. Transfers are never
// changed (a trigger refuses it): corrections are reversing transfers. Balances live on the account
// rows; Verify recomputes them.
#include <array>
#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "db/database.h"
#include "funds/ledger_model.h"

namespace zj::funds {

// Creates an account; fails on a code in use, an unknown org, purpose or source.
Result<Account> CreateAccount(db::Connection& c, Account a);
// As CreateAccount, inside a write transaction the caller opened.
Result<Account> CreateAccountWithin(db::Connection& c, Account a);
std::optional<Account> GetAccount(db::Connection& c, int64_t id);
// Retires a fund or income account with nothing on it and nothing reserved; refuses, saying
// what is left, otherwise. Its history stays; no transfer may touch it afterwards.
Result<Account> RetireAccount(db::Connection& c, int64_t id, const std::string& reason);
std::optional<Account> FindAccount(db::Connection& c, const std::string& code);
// These accounts, by id (those that exist), in one query per 500.
std::map<int64_t, Account> GetAccounts(db::Connection& c, const std::vector<int64_t>& ids);

// Who may make a transfer, asked for each transfer of a batch (retries included) with the accounts
// it touches and, for a post or void, the reservation it finishes, before any rule of the ledger:
// an error refuses the whole batch. The funds service passes the caller's rights; internal flows
// (aid, payment runs) that check their own pass none.
using Authorize = std::function<Result<void>(const Account& debit, const Account& credit,
                                             const Transfer* pending)>;

// Applies the transfers as one linked batch in one database transaction (retried when the
// database is busy). A transfer whose id was already applied with the same fields is returned as
// a duplicate and not applied again; the same id with other fields is refused.
std::expected<std::vector<Applied>, BatchError> Apply(db::Connection& c,
                                                      const std::vector<TransferRequest>& batch,
                                                      const std::string& actor,
                                                      const Authorize& authorize = nullptr);
Result<Applied> ApplyOne(db::Connection& c, const TransferRequest& request,
                         const std::string& actor, const Authorize& authorize = nullptr);
// As Apply, inside a write transaction the caller opened (so that other records join it).
// REQUIRES: c is in a write transaction; on an error the caller must roll it back.
std::expected<std::vector<Applied>, BatchError> ApplyWithin(
    db::Connection& c, const std::vector<TransferRequest>& batch, const std::string& actor,
    const Authorize& authorize = nullptr);
// The transfer with this client id, if any.
std::optional<Transfer> FindTransfer(db::Connection& c, const std::string& tid);

// The account's transfers, newest first (a statement page).
std::vector<Transfer> TransfersOf(db::Connection& c, int64_t account_id, int64_t limit,
                                  int64_t offset);
// How many transfers touch the account: the debits and the credits counted on their own indexes
// (a transfer never has the same account on both sides).
int64_t CountTransfersOf(db::Connection& c, int64_t account_id);

FundReport ReportFor(db::Connection& c, const Account& fund, const std::string& from,
                     const std::string& to);

// Voids every pending transfer that expired before `now` (ISO time) and is still open.
// Returns how many. Idempotent.
int64_t ExpirePending(db::Connection& c, const std::string& now, const std::string& actor);

// Recomputes every balance from the transfers, in one snapshot, and checks every invariant.
Verification Verify(db::Connection& c);

// Reads the health; as transfers never change, each is checked for its direction once, so a read
// costs the accounts and the transfers made since the last read. Thread-safe.
class HealthWatch {
 public:
  LedgerHealth Read(db::Connection& c);

 private:
  std::mutex mu_;
  int64_t checked_up_to_ = 0;  // the last transfer id checked
  int64_t misdirected_ = 0;    // found up to there
};

// A new random transfer id (32 hex digits), for callers that have none.
std::string NewTransferId();

}  // namespace zj::funds

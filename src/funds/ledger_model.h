#pragma once
// The types of the funds ledger (DOMAIN.md §5): accounts, the directions money may move,
// transfers, and what reports and checks return. Plain data; the rules are in ledger.h, the SQL
// in ledger_store.h.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace zj::funds {

// A clearing account is stored as a payable without a household (the schema's kinds predate it).
enum class AccountKind { kFund, kIncome, kPayable, kClearing };
std::string_view AccountKindName(AccountKind k);

// The directions money may move, as a table: a transfer whose (debit, credit) kinds are not here
// is refused by the ledger, counted by Verify and by the misdirected-transfers gauge.
struct Move {
  AccountKind debit;
  AccountKind credit;
  std::string_view zh;  // what the move is, in words
  std::string_view en;
};
inline constexpr std::array<Move, 4> kMoves = {{
    {AccountKind::kIncome, AccountKind::kFund, "资金收入", "income into a fund"},
    {AccountKind::kFund, AccountKind::kFund, "资金下拨", "allocation between funds"},
    {AccountKind::kFund, AccountKind::kPayable, "帮扶支出", "aid to a household"},
    {AccountKind::kPayable, AccountKind::kClearing, "银行代发", "payment through the bank"},
}};
// The move from an account of kind `debit` to one of kind `credit`; null when money may not move
// that way.
const Move* FindMove(AccountKind debit, AccountKind credit);

struct Account {
  int64_t id = 0;
  std::string code;  // unique, e.g. "fund:330106:hardship"
  AccountKind kind = AccountKind::kFund;
  std::string name;
  std::optional<int64_t> org_id;
  std::string org_path;
  std::vector<std::string> sources;          // fund: the sources it may receive
  std::vector<std::string> purposes;         // fund: the purposes it may pay
  std::vector<std::string> levels;           // fund: the file levels it may serve (empty: any)
  std::optional<std::string> source;         // income: which source it books
  std::optional<int64_t> household_file_id;  // payable: whose
  int64_t debits_posted = 0;
  int64_t credits_posted = 0;
  int64_t debits_pending = 0;
  int64_t credits_pending = 0;
  std::optional<std::string> retired_at;  // set once retired: no transfer touches it again
  std::optional<std::string> retired_reason;

  // What a fund, payable or clearing account may still pay out: posted credits less everything
  // debited or reserved. Never below zero.
  int64_t Available() const { return credits_posted - debits_posted - debits_pending; }
  // Posted balance on the account's normal side (credits for funds and payables).
  int64_t Balance() const {
    return kind == AccountKind::kIncome ? debits_posted - credits_posted
                                        : credits_posted - debits_posted;
  }
};

inline constexpr std::array<std::string_view, 7> kPurposes = {
    "living", "medical", "school", "job_training", "legal", "campaign_gift", "allocation"};
inline constexpr std::array<std::string_view, 6> kSources = {
    "upper_allocation",  "central_budget", "local_budget",
    "unit_contribution", "donation",       "interest"};

// The Chinese names of a purpose and of a source, for files people read (bank files, statements);
// an unknown code comes back as it is.
std::string_view PurposeLabel(std::string_view purpose);
std::string_view SourceLabel(std::string_view source);

enum class TransferKind { kPosted, kPending, kPost, kVoid };
std::string_view TransferKindName(TransferKind k);

struct TransferRequest {
  std::string tid;  // 128 bits as 32 hex digits, chosen by the client
  TransferKind kind = TransferKind::kPosted;
  int64_t debit_account_id = 0;            // kPost/kVoid: taken from the pending transfer
  int64_t credit_account_id = 0;           // kPost/kVoid: taken from the pending transfer
  int64_t amount_fen = 0;                  // kPost/kVoid: taken from the pending transfer
  std::optional<std::string> pending_tid;  // kPost/kVoid
  std::optional<std::string> purpose;      // required when a fund pays out
  std::optional<std::string> source;       // required when a fund receives
  std::optional<int64_t> household_file_id;
  std::optional<int64_t> aid_id;
  std::optional<int64_t> campaign_id;
  std::optional<std::string> expires_at;  // kPending: ISO time after which it can only be voided
  std::optional<std::string> memo;
  std::optional<std::string> counterparty;  // the donor or contributing unit of an income
};

struct Transfer {
  int64_t id = 0;
  std::string tid;
  TransferKind kind = TransferKind::kPosted;
  int64_t debit_account_id = 0;
  int64_t credit_account_id = 0;
  int64_t amount_fen = 0;
  std::optional<int64_t> pending_id;
  std::optional<std::string> purpose;
  std::optional<std::string> source;
  std::optional<int64_t> household_file_id;
  std::optional<int64_t> aid_id;
  std::optional<int64_t> campaign_id;
  std::optional<std::string> batch_tid;
  std::optional<std::string> expires_at;
  std::optional<std::string> memo;
  std::optional<std::string> counterparty;
  std::string created_by;
  std::string created_at;
};

struct Applied {
  Transfer transfer;
  bool duplicate = false;  // a retry: this id was applied before, with the same fields
};

// Why a linked batch was refused: which transfer, and the rule it broke.
struct BatchError {
  size_t index = 0;
  Error error;
};

// A fund's report for a period [from, to) (ISO dates): the opening balance, what came in by
// source, what went out by purpose, what is still reserved, and the closing balance.
struct FundReport {
  int64_t opening_fen = 0;
  std::vector<std::pair<std::string, int64_t>> income_by_source;
  std::vector<std::pair<std::string, int64_t>> spending_by_purpose;
  int64_t income_fen = 0;
  int64_t spending_fen = 0;
  int64_t closing_fen = 0;
  int64_t reserved_fen = 0;  // reservations open now
};
// An account whose stored balances differ from the recomputation from its transfers.
struct Mismatch {
  int64_t account_id = 0;
  std::string field;
  int64_t stored = 0;
  int64_t recomputed = 0;
};
struct Verification {
  int64_t accounts = 0;
  int64_t transfers = 0;
  std::vector<Mismatch> mismatches;
  bool totals_balance = true;        // Σ debits = Σ credits, posted and pending
  std::vector<int64_t> overdrawn;    // accounts (not income) paying out more than came in
  std::vector<int64_t> misdirected;  // transfers in a direction kMoves does not list
  bool ok() const {
    return mismatches.empty() && totals_balance && overdrawn.empty() && misdirected.empty();
  }
};
// The invariants as cheap counts, for the gauges an alert watches (each must stay 0): the posted
// imbalance of all accounts, the accounts overdrawn, the transfers in a forbidden direction.
struct LedgerHealth {
  int64_t imbalance_fen = 0;
  int64_t overdrawn_accounts = 0;
  int64_t misdirected_transfers = 0;
};
// "posted", "pending", "post", "void" back to the kind; nullopt for anything else.
std::optional<TransferKind> ParseTransferKind(std::string_view s);

}  // namespace zj::funds

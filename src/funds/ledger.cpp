#include "funds/ledger.h"

#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <set>

#include "base/clock.h"
#include "base/money.h"
#include "funds/ledger_store.h"
#include "hardship/file_service.h"
#include "orgs/service.h"

namespace zj::funds {
namespace json = boost::json;

namespace {

std::string_view KindZh(AccountKind k) {
  switch (k) {
    case AccountKind::kFund:
      return "专项资金账户";
    case AccountKind::kIncome:
      return "收入账户";
    case AccountKind::kPayable:
      return "应付帮扶款账户";
    case AccountKind::kClearing:
      return "银行代发账户";
  }
  return "账户";
}

// The directions of kMoves in words, for the refusal of any other.
std::pair<std::string, std::string> MovesInWords() {
  std::string zh, en;
  for (const Move& m : kMoves) {
    zh += (zh.empty() ? "" : "、") + std::string(KindZh(m.debit)) + "→" +
          std::string(KindZh(m.credit));
    en += (en.empty() ? "" : ", ") + std::string(AccountKindName(m.debit)) + " to " +
          std::string(AccountKindName(m.credit));
  }
  return {zh, en};
}

bool Contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

template <size_t N>
bool Known(const std::array<std::string_view, N>& names, std::string_view s) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

bool ValidTid(const std::string& tid) {
  return tid.size() == 32 && tid.find_first_not_of("0123456789abcdef") == std::string::npos &&
         tid != std::string(32, '0');
}

std::unexpected<Error> Refuse(ErrorCode code, std::string zh, std::string en,
                              std::string field = {}) {
  return Fail(code, std::move(zh), std::move(en), std::move(field));
}

// Whether a retry's fields are those of the transfer applied before.
bool SameAs(const TransferRequest& r, const Transfer& t, std::optional<int64_t> pending_id) {
  if (r.kind != t.kind) return false;
  if (r.kind == TransferKind::kPost || r.kind == TransferKind::kVoid) {
    return pending_id == t.pending_id;
  }
  return r.debit_account_id == t.debit_account_id && r.credit_account_id == t.credit_account_id &&
         r.amount_fen == t.amount_fen && r.purpose == t.purpose && r.source == t.source &&
         r.household_file_id == t.household_file_id;
}

// One linked batch, inside its transaction: everything it reads is read once (the transfers it
// names, its accounts — locked on PostgreSQL —, its households), every rule is checked in order
// against the balances as the batch has left them, then the new transfers go in with one bulk
// insert and each account's balances with one update. (Updating an account row once per transfer
// would leave PostgreSQL a chain of row versions to walk that grows with the batch.)
class BatchApplier {
 public:
  BatchApplier(db::Connection& c, const std::string& actor, const std::string& batch_tid,
               const Authorize& authorize)
      : c_(c), actor_(actor), batch_tid_(batch_tid), authorize_(authorize), now_(NowIso()) {}

  std::expected<std::vector<Applied>, BatchError> Run(const std::vector<TransferRequest>& batch) {
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!ValidTid(batch[i].tid)) {
        return std::unexpected(BatchError{
            i, Error{ErrorCode::kInvalidArgument, "转账编号应为 32 位十六进制小写字符（128 位）",
                     "A transfer id is 32 lower-case hex digits (128 bits)", "tid"}});
      }
    }
    Load(batch);
    std::vector<Applied> out;
    out.reserve(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      auto applied = One(batch[i]);
      if (!applied) return std::unexpected(BatchError{i, applied.error()});
      out.push_back(std::move(*applied));
    }
    Write();
    return out;
  }

 private:
  void Load(const std::vector<TransferRequest>& batch) {
    std::vector<std::string> tids;
    for (const auto& r : batch) {
      tids.push_back(r.tid);
      if (r.pending_tid) tids.push_back(*r.pending_tid);
    }
    by_tid_ = store::TransfersByTid(c_, tids);
    std::vector<int64_t> pending_ids;
    for (const auto& [tid, t] : by_tid_) {
      if (t.kind == TransferKind::kPending) pending_ids.push_back(t.id);
    }
    resolved_ = store::Resolved(c_, pending_ids);
    std::vector<int64_t> accounts, households;
    for (const auto& r : batch) {
      accounts.push_back(r.debit_account_id);
      accounts.push_back(r.credit_account_id);
      if (r.household_file_id) households.push_back(*r.household_file_id);
    }
    for (const auto& [tid, t] : by_tid_) {
      accounts.push_back(t.debit_account_id);
      accounts.push_back(t.credit_account_id);
    }
    // Locked in id order on PostgreSQL, so that concurrent batches queue instead of deadlocking.
    accounts_ = store::GetAccounts(c_, accounts, true);
    households_ = hardship::HouseholdFactsOf(c_, households);
  }

  Result<Applied> One(const TransferRequest& r) {
    std::optional<Transfer> pending;
    if (r.kind == TransferKind::kPost || r.kind == TransferKind::kVoid) {
      if (!r.pending_tid) {
        return Refuse(ErrorCode::kInvalidArgument, "确认或撤销须指明预留转账",
                      "A post or void names its pending transfer", "pending_tid");
      }
      auto it = by_tid_.find(*r.pending_tid);
      if (it == by_tid_.end() || it->second.kind != TransferKind::kPending) {
        return Refuse(ErrorCode::kNotFound, "预留转账 " + *r.pending_tid + " 不存在",
                      "No pending transfer " + *r.pending_tid, "pending_tid");
      }
      pending = it->second;
      ZJ_TRY(Authorized(pending->debit_account_id, pending->credit_account_id, &*pending));
    }
    if (auto it = by_tid_.find(r.tid); it != by_tid_.end()) {
      // A retry answers with the transfer made before: only to whoever may make it.
      ZJ_TRY(Authorized(it->second.debit_account_id, it->second.credit_account_id,
                        pending ? &*pending : nullptr));
      if (!SameAs(r, it->second, pending ? std::optional<int64_t>(pending->id) : std::nullopt)) {
        return Refuse(ErrorCode::kConflict, "转账编号 " + r.tid + " 已用于另一笔内容不同的转账",
                      "The transfer id " + r.tid + " was used for a different transfer", "tid");
      }
      return Applied{it->second, true};
    }
    Transfer t;
    t.id = NextId();
    t.tid = r.tid;
    t.kind = r.kind;
    t.purpose = r.purpose;
    t.source = r.source;
    t.household_file_id = r.household_file_id;
    t.aid_id = r.aid_id;
    t.campaign_id = r.campaign_id;
    t.memo = r.memo;
    t.counterparty = r.counterparty;
    t.created_by = actor_;
    t.created_at = now_;
    if (!batch_tid_.empty()) t.batch_tid = batch_tid_;
    if (pending) {
      if (resolved_.contains(pending->id)) {
        return Refuse(ErrorCode::kConflict, "该预留转账已确认或已撤销",
                      "The pending transfer is already posted or voided", "pending_tid");
      }
      if (r.kind == TransferKind::kPost && pending->expires_at && *pending->expires_at < now_) {
        return Refuse(
            ErrorCode::kConflict, "预留转账已于 " + *pending->expires_at + " 过期，只能撤销",
            "The pending transfer expired at " + *pending->expires_at + "; it can only be voided",
            "pending_tid");
      }
      t.debit_account_id = pending->debit_account_id;
      t.credit_account_id = pending->credit_account_id;
      t.amount_fen = pending->amount_fen;
      t.pending_id = pending->id;
      t.purpose = pending->purpose;
      t.source = pending->source;
      t.household_file_id = pending->household_file_id;
      Account& d = accounts_.at(t.debit_account_id);
      Account& k = accounts_.at(t.credit_account_id);
      d.debits_pending -= t.amount_fen;
      k.credits_pending -= t.amount_fen;
      if (r.kind == TransferKind::kPost) {
        d.debits_posted += t.amount_fen;
        k.credits_posted += t.amount_fen;
      }
      resolved_.insert(pending->id);
      return Keep(t);
    }
    if (r.amount_fen <= 0) {
      return Refuse(ErrorCode::kInvalidArgument, "金额应大于 0 分",
                    "The amount must be above 0 fen", "amount_fen");
    }
    if (r.debit_account_id == r.credit_account_id) {
      return Refuse(ErrorCode::kInvalidArgument, "借方与贷方不能是同一账户",
                    "The debit and credit accounts must differ", "credit_account_id");
    }
    auto d_it = accounts_.find(r.debit_account_id);
    auto k_it = accounts_.find(r.credit_account_id);
    if (d_it == accounts_.end() || k_it == accounts_.end()) {
      return Refuse(ErrorCode::kNotFound, "账户不存在", "No such account",
                    d_it == accounts_.end() ? "debit_account_id" : "credit_account_id");
    }
    Account& debit = d_it->second;
    Account& credit = k_it->second;
    ZJ_TRY(Authorized(debit.id, credit.id, nullptr));
    for (const Account* acct : {&debit, &credit}) {
      if (acct->retired_at) {
        return Refuse(ErrorCode::kConflict, "账户“" + acct->name + "”已停用，不能再记账",
                      "The account '" + acct->name + "' is retired; nothing may be booked to it",
                      acct == &debit ? "debit_account_id" : "credit_account_id");
      }
    }
    if (!FindMove(debit.kind, credit.kind)) {
      const auto [zh, en] = MovesInWords();
      return Refuse(ErrorCode::kForbidden,
                    "资金不能从" + std::string(KindZh(debit.kind)) + "转入" +
                        std::string(KindZh(credit.kind)) + "；只允许：" + zh,
                    "Money may not move from a " + std::string(AccountKindName(debit.kind)) +
                        " account to a " + std::string(AccountKindName(credit.kind)) +
                        " account; only " + en,
                    "credit_account_id");
    }
    ZJ_TRY(CheckEarmark(r, debit, credit));
    const bool reserve = r.kind == TransferKind::kPending;
    if (reserve && r.expires_at && *r.expires_at <= now_) {
      return Refuse(ErrorCode::kInvalidArgument, "预留的过期时间应晚于现在",
                    "A reservation must expire in the future", "expires_at");
    }
    // Only an income account (the outside world) pays out more than it received.
    if (debit.kind != AccountKind::kIncome && debit.Available() < r.amount_fen) {
      return Refuse(ErrorCode::kConflict,
                    "账户“" + debit.name + "”可用余额不足：可用 " + FormatMoney(debit.Available()) +
                        " 元，需 " + FormatMoney(r.amount_fen) + " 元",
                    "The account '" + debit.name + "' has CNY " + FormatMoney(debit.Available()) +
                        " available, less than CNY " + FormatMoney(r.amount_fen),
                    "amount_fen");
    }
    (reserve ? debit.debits_pending : debit.debits_posted) += r.amount_fen;
    (reserve ? credit.credits_pending : credit.credits_posted) += r.amount_fen;
    touched_.insert(debit.id);
    touched_.insert(credit.id);
    t.debit_account_id = debit.id;
    t.credit_account_id = credit.id;
    t.amount_fen = r.amount_fen;
    if (reserve) t.expires_at = r.expires_at;
    return Keep(t);
  }

  // The caller's right to move money between these accounts (loaded by Load).
  Result<void> Authorized(int64_t debit_id, int64_t credit_id, const Transfer* pending) {
    if (!authorize_) return {};
    auto d = accounts_.find(debit_id);
    auto k = accounts_.find(credit_id);
    if (d == accounts_.end() || k == accounts_.end()) {
      return Refuse(ErrorCode::kNotFound, "账户不存在", "No such account", "debit_account_id");
    }
    return authorize_(d->second, k->second, pending);
  }

  Applied Keep(const Transfer& t) {
    touched_.insert(t.debit_account_id);
    touched_.insert(t.credit_account_id);
    by_tid_.emplace(t.tid, t);
    fresh_.push_back(t);
    return Applied{t, false};
  }

  Result<void> CheckEarmark(const TransferRequest& r, const Account& debit, const Account& credit) {
    if (debit.kind == AccountKind::kFund) {
      if (!r.purpose) {
        return Refuse(ErrorCode::kInvalidArgument, "从专项资金账户付出须注明用途",
                      "A payment from a fund account needs a purpose", "purpose");
      }
      if (!Contains(debit.purposes, *r.purpose)) {
        return Refuse(ErrorCode::kForbidden,
                      "用途“" + *r.purpose + "”不在资金“" + debit.name + "”的专项用途内",
                      "The purpose '" + *r.purpose + "' is not one the fund '" + debit.name +
                          "' may pay (earmark)",
                      "purpose");
      }
      if (r.household_file_id) {
        auto it = households_.find(*r.household_file_id);
        if (it == households_.end()) {
          return Refuse(ErrorCode::kNotFound, "困难档案不存在", "No such hardship file",
                        "household_file_id");
        }
        const hardship::HouseholdFacts& h = it->second;
        if (!h.org_path.starts_with(debit.org_path)) {
          return Refuse(
              ErrorCode::kForbidden,
              "该困难家庭不在资金“" + debit.name + "”所属工会的管辖范围内，资金不得跨范围使用",
              "The household is outside the subtree of the fund '" + debit.name +
                  "'s union; earmarked money may not widen its scope",
              "household_file_id");
        }
        if (h.state != hardship::FileState::kFiled && h.state != hardship::FileState::kAided) {
          const std::string state(hardship::FileStateName(h.state));
          return Refuse(
              ErrorCode::kForbidden,
              "该家庭未建档或不在帮扶中（状态 " + state + "），不能发放帮扶资金",
              "The household is not filed and under aid (state " + state + "); no aid may be paid",
              "household_file_id");
        }
        if (!debit.levels.empty() && !Contains(debit.levels, h.level)) {
          return Refuse(
              ErrorCode::kForbidden,
              "资金“" + debit.name + "”只服务于指定级别的档案，该家庭的建档级别为“" + h.level + "”",
              "The fund '" + debit.name + "' serves files of other levels; this one is '" +
                  h.level + "'",
              "household_file_id");
        }
      } else if (*r.purpose != "allocation") {
        return Refuse(ErrorCode::kInvalidArgument, "帮扶支出须关联困难家庭档案",
                      "An aid payment must name the household file", "household_file_id");
      }
      if (credit.kind == AccountKind::kPayable && credit.household_file_id &&
          r.household_file_id != credit.household_file_id) {
        return Refuse(ErrorCode::kForbidden, "收款账户不属于该困难家庭",
                      "The payable account belongs to another household", "credit_account_id");
      }
    }
    if (credit.kind == AccountKind::kFund) {
      if (!r.source) {
        return Refuse(ErrorCode::kInvalidArgument, "存入专项资金账户须注明资金来源",
                      "Money into a fund account needs a source", "source");
      }
      if (!Contains(credit.sources, *r.source)) {
        return Refuse(
            ErrorCode::kForbidden, "资金“" + credit.name + "”不接受来源“" + *r.source + "”的资金",
            "The fund '" + credit.name + "' may not receive money from '" + *r.source + "'",
            "source");
      }
      if (debit.kind == AccountKind::kIncome && debit.source != r.source) {
        return Refuse(ErrorCode::kInvalidArgument, "资金来源与收入账户的来源不一致",
                      "The source differs from the income account's source", "source");
      }
    }
    return {};
  }

  // Transfer ids are taken before the insert, so that a reservation and its post can share a
  // batch: the engine's sequence on PostgreSQL, the next rowids under SQLite's write lock.
  int64_t NextId() {
    if (next_ids_.empty()) {
      next_ids_ = store::NewTransferIds(c_, 256, last_id_);
      std::reverse(next_ids_.begin(), next_ids_.end());
    }
    last_id_ = next_ids_.back();
    next_ids_.pop_back();
    return last_id_;
  }

  void Write() {
    store::InsertTransfers(c_, fresh_);
    for (int64_t id : touched_) store::SetBalances(c_, accounts_.at(id));
  }

  db::Connection& c_;
  const std::string& actor_;
  const std::string& batch_tid_;
  const Authorize& authorize_;
  const std::string now_;
  std::map<std::string, Transfer> by_tid_;  // read, and applied in this batch
  std::set<int64_t> resolved_;              // pending transfers already posted or voided
  std::map<int64_t, Account> accounts_;
  std::map<int64_t, hardship::HouseholdFacts> households_;
  std::set<int64_t> touched_;
  std::vector<Transfer> fresh_;
  std::vector<int64_t> next_ids_;
  int64_t last_id_ = 0;
};

// Thrown inside the transaction to roll the whole batch back.
struct BatchRefused {
  BatchError error;
};

}  // namespace

Result<Account> CreateAccountWithin(db::Connection& c, Account a) {
  if (a.code.empty() || a.code.size() > 100) {
    return Invalid("code", "账户代码必填，最多 100 个字符", "An account code is 1-100 characters");
  }
  for (const auto& p : a.purposes) {
    if (!Known(kPurposes, p)) {
      return Invalid("purposes", "未知用途“" + p + "”", "Unknown purpose '" + p + "'");
    }
  }
  for (const auto& s : a.sources) {
    if (!Known(kSources, s)) {
      return Invalid("sources", "未知资金来源“" + s + "”", "Unknown source '" + s + "'");
    }
  }
  if ((a.kind == AccountKind::kPayable) != a.household_file_id.has_value()) {
    return Invalid("household_file_id", "应付帮扶款账户须且只有它须关联困难家庭档案",
                   "A payable account, and only a payable account, names its household");
  }
  if (a.kind == AccountKind::kIncome && (!a.source || !Known(kSources, *a.source))) {
    return Invalid("source", "收入账户须注明来源", "An income account names its source");
  }
  if (FindAccount(c, a.code)) {
    return Fail(ErrorCode::kConflict, "账户代码 " + a.code + " 已存在",
                "The account code " + a.code + " is taken", "code");
  }
  if (a.org_id) {
    auto org = orgs::FindOrg(c, auth::DataScope::All(), *a.org_id);
    if (!org) return Fail(ErrorCode::kNotFound, "组织不存在", "No such org", "org_id");
    a.org_path = org->path;
  }
  a.id = store::InsertAccount(c, a, NowIso());
  a.debits_posted = a.credits_posted = a.debits_pending = a.credits_pending = 0;
  return a;
}

Result<Account> CreateAccount(db::Connection& c, Account a) {
  return db::WithTransaction(c, [&]() -> Result<Account> { return CreateAccountWithin(c, a); });
}

std::optional<Account> GetAccount(db::Connection& c, int64_t id) {
  return store::GetAccount(c, id);
}

Result<Account> RetireAccount(db::Connection& c, int64_t id, const std::string& reason) {
  return db::WithTransaction(c, [&]() -> Result<Account> {
    auto locked = store::GetAccounts(c, {id}, true);
    if (locked.empty()) return Fail(ErrorCode::kNotFound, "账户不存在", "No such account", "id");
    Account a = locked.begin()->second;
    if (a.retired_at) return a;  // already: a retry changes nothing
    if (a.kind == AccountKind::kPayable) {
      return Fail(ErrorCode::kInvalidArgument, "只能停用专项资金账户或收入账户",
                  "Only a fund or an income account may be retired", "id");
    }
    if (a.debits_pending != 0 || a.credits_pending != 0) {
      return Fail(ErrorCode::kConflict,
                  "账户还有未确认的预留 " + FormatMoney(a.debits_pending + a.credits_pending) +
                      " 元（如待审批的帮扶），处理完毕后才能停用",
                  "The account still has CNY " + FormatMoney(a.debits_pending + a.credits_pending) +
                      " reserved (aid awaiting approval, say); settle it first",
                  "id");
    }
    if (a.Balance() != 0) {
      return Fail(ErrorCode::kConflict,
                  "账户余额为 " + FormatMoney(a.Balance()) +
                      " 元，请先将余额转出（如上缴或划转到其他资金），再停用",
                  "The account holds CNY " + FormatMoney(a.Balance()) +
                      "; transfer it out (back up the tree or to another fund) first",
                  "id");
    }
    a.retired_at = NowIso();
    a.retired_reason = reason;
    store::SetRetired(c, id, *a.retired_at, reason);
    return a;
  });
}

std::map<int64_t, Account> GetAccounts(db::Connection& c, const std::vector<int64_t>& ids) {
  return store::GetAccounts(c, ids);
}

std::optional<Account> FindAccount(db::Connection& c, const std::string& code) {
  return store::FindAccount(c, code);
}

std::expected<std::vector<Applied>, BatchError> Apply(db::Connection& c,
                                                      const std::vector<TransferRequest>& batch,
                                                      const std::string& actor,
                                                      const Authorize& authorize) {
  if (batch.empty()) {
    return std::unexpected(BatchError{
        0, Error{ErrorCode::kInvalidArgument, "没有转账", "The batch is empty", "transfers"}});
  }
  const std::string batch_tid = batch.size() > 1 ? batch.front().tid : "";
  // Two clients sending the same id at once: the second's insert meets the unique index; run
  // again, it finds the first's transfer and answers as a retry.
  for (int attempt = 0;; ++attempt) {
    try {
      return db::WithTransaction(c, [&]() -> std::vector<Applied> {
        BatchApplier applier(c, actor, batch_tid, authorize);
        auto applied = applier.Run(batch);
        if (!applied) throw BatchRefused{applied.error()};
        return std::move(*applied);
      });
    } catch (const BatchRefused& refused) {
      return std::unexpected(refused.error);
    } catch (const db::DbError& e) {
      if (e.kind() != db::DbError::Kind::kUnique || attempt >= 2) throw;
    }
  }
}

std::expected<std::vector<Applied>, BatchError> ApplyWithin(
    db::Connection& c, const std::vector<TransferRequest>& batch, const std::string& actor,
    const Authorize& authorize) {
  const std::string batch_tid = batch.size() > 1 ? batch.front().tid : "";
  BatchApplier applier(c, actor, batch_tid, authorize);
  return applier.Run(batch);
}

Result<Applied> ApplyOne(db::Connection& c, const TransferRequest& request,
                         const std::string& actor, const Authorize& authorize) {
  auto r = Apply(c, {request}, actor, authorize);
  if (!r) return std::unexpected(r.error().error);
  return r->front();
}

std::optional<Transfer> FindTransfer(db::Connection& c, const std::string& tid) {
  return store::FindTransfer(c, tid);
}

std::vector<Transfer> TransfersOf(db::Connection& c, int64_t account_id, int64_t limit,
                                  int64_t offset) {
  return store::TransfersOf(c, account_id, limit, offset);
}

int64_t CountTransfersOf(db::Connection& c, int64_t account_id) {
  return store::CountTransfersOf(c, account_id);
}

FundReport ReportFor(db::Connection& c, const Account& fund, const std::string& from,
                     const std::string& to) {
  FundReport r = store::ReportSums(c, fund, from, to);
  r.closing_fen = r.opening_fen + r.income_fen - r.spending_fen;
  r.reserved_fen = fund.debits_pending;
  return r;
}

int64_t ExpirePending(db::Connection& c, const std::string& now, const std::string& actor) {
  int64_t voided = 0;
  for (const std::string& pending : store::ExpiredPending(c, now)) {
    // The void's id is derived from the pending's, so that a second sweep changes nothing.
    const std::string seed = pending + ":expired";
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(seed.data()), seed.size());
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, digest, 16);
    TransferRequest r;
    r.tid = hex;
    r.kind = TransferKind::kVoid;
    r.pending_tid = pending;
    r.memo = "expired";
    if (auto applied = ApplyOne(c, r, actor); applied && !applied->duplicate) ++voided;
  }
  return voided;
}

Verification Verify(db::Connection& c) {
  // One snapshot for every read: a batch committing between reading the transfers and reading
  // the accounts (a client killed right after sending COMMIT, say) must not look like a mismatch.
  store::BeginSnapshot(c);
  struct EndSnapshot {
    db::Connection& c;
    ~EndSnapshot() {
      try {
        store::EndSnapshot(c);
      } catch (...) {
      }
    }
  } end_snapshot{c};
  Verification v;
  struct Sums {
    int64_t dp = 0, cp = 0, dq = 0, cq = 0;
  };
  std::map<int64_t, Sums> sums;
  // Posted: plain transfers and finished reservations; pending: reservations not yet finished.
  store::ForEachTransfer(c, [&](const store::TransferRow& t) {
    ++v.transfers;
    Sums& d = sums[t.debit];
    Sums& k = sums[t.credit];
    if (t.kind == TransferKind::kPosted || t.kind == TransferKind::kPost) {
      d.dp += t.amount_fen;
      k.cp += t.amount_fen;
    } else if (t.kind == TransferKind::kPending && !t.resolved) {
      d.dq += t.amount_fen;
      k.cq += t.amount_fen;
    }
  });
  Sums total_stored;
  for (const Account& a : store::AllAccounts(c)) {
    ++v.accounts;
    const Sums s = sums[a.id];
    auto check = [&](const char* field, int64_t stored, int64_t recomputed) {
      if (stored != recomputed) v.mismatches.push_back({a.id, field, stored, recomputed});
    };
    check("debits_posted", a.debits_posted, s.dp);
    check("credits_posted", a.credits_posted, s.cp);
    check("debits_pending", a.debits_pending, s.dq);
    check("credits_pending", a.credits_pending, s.cq);
    if (a.kind != AccountKind::kIncome && s.cp - s.dp - s.dq < 0) v.overdrawn.push_back(a.id);
    total_stored.dp += a.debits_posted;
    total_stored.cp += a.credits_posted;
    total_stored.dq += a.debits_pending;
    total_stored.cq += a.credits_pending;
  }
  v.totals_balance = total_stored.dp == total_stored.cp && total_stored.dq == total_stored.cq;
  v.misdirected = store::MisdirectedTransfers(c);
  return v;
}

LedgerHealth HealthWatch::Read(db::Connection& c) {
  std::lock_guard lock(mu_);
  LedgerHealth h;
  std::tie(h.imbalance_fen, h.overdrawn_accounts) = store::ImbalanceAndOverdrawn(c);
  // Transfers never change, so each is checked once: only those past the last one checked.
  const auto [found, up_to] = store::MisdirectedSince(c, checked_up_to_);
  misdirected_ += found;
  checked_up_to_ = up_to;
  h.misdirected_transfers = misdirected_;
  return h;
}

std::string NewTransferId() {
  // Time first, as in UUID version 7: 48 bits of Unix milliseconds, then 80 random bits. Ids made
  // close in time sort close together, so the unique index takes them near its end instead of
  // at random pages all over it.
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  for (int i = 0; i < 6; ++i) bytes[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

}  // namespace zj::funds

#include "funds/ledger.h"

#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <set>

#include "base/clock.h"
#include "base/money.h"

namespace zj::funds {
namespace json = boost::json;

std::string_view AccountKindName(AccountKind k) {
  switch (k) {
    case AccountKind::kFund:
      return "fund";
    case AccountKind::kIncome:
      return "income";
    case AccountKind::kPayable:
      return "payable";
    case AccountKind::kClearing:
      return "clearing";
  }
  return "fund";
}

const Move* FindMove(AccountKind debit, AccountKind credit) {
  for (const Move& m : kMoves) {
    if (m.debit == debit && m.credit == credit) return &m;
  }
  return nullptr;
}

std::string_view TransferKindName(TransferKind k) {
  switch (k) {
    case TransferKind::kPosted:
      return "posted";
    case TransferKind::kPending:
      return "pending";
    case TransferKind::kPost:
      return "post";
    case TransferKind::kVoid:
      return "void";
  }
  return "posted";
}

std::string_view PurposeLabel(std::string_view purpose) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, kPurposes.size()>
      kLabels = {{{"living", "生活救助"},
                  {"medical", "医疗救助"},
                  {"school", "助学"},
                  {"job_training", "就业培训"},
                  {"legal", "法律援助"},
                  {"campaign_gift", "送温暖慰问"},
                  {"allocation", "下拨下级资金"}}};
  for (const auto& [code, label] : kLabels) {
    if (code == purpose) return label;
  }
  return purpose;
}

std::string_view SourceLabel(std::string_view source) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, kSources.size()>
      kLabels = {{{"upper_allocation", "上级下拨"},
                  {"central_budget", "中央财政"},
                  {"local_budget", "地方财政"},
                  {"unit_contribution", "单位筹集"},
                  {"donation", "社会捐赠"},
                  {"interest", "利息收入"}}};
  for (const auto& [code, label] : kLabels) {
    if (code == source) return label;
  }
  return source;
}

namespace {

// The kind as stored: the schema's kinds are fund, income and payable, so a clearing account is
// a payable without a household.
std::string_view StoredKindName(AccountKind k) {
  return k == AccountKind::kClearing ? "payable" : AccountKindName(k);
}

AccountKind KindOf(std::string_view stored, bool has_household) {
  if (stored == "income") return AccountKind::kIncome;
  if (stored == "payable") return has_household ? AccountKind::kPayable : AccountKind::kClearing;
  return AccountKind::kFund;
}

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

std::optional<TransferKind> ParseTransferKind(std::string_view s) {
  for (auto k :
       {TransferKind::kPosted, TransferKind::kPending, TransferKind::kPost, TransferKind::kVoid}) {
    if (TransferKindName(k) == s) return k;
  }
  return std::nullopt;
}

std::string ListJson(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return json::serialize(a);
}

std::vector<std::string> ListOf(const std::optional<std::string>& text) {
  std::vector<std::string> out;
  if (!text) return out;
  boost::system::error_code ec;
  json::value v = json::parse(*text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& s : v.as_array()) {
    if (s.is_string()) out.emplace_back(s.as_string());
  }
  return out;
}

bool Contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

template <size_t N>
bool Known(const std::array<std::string_view, N>& names, std::string_view s) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

constexpr const char* kAccountSelect =
    "SELECT id, code, kind, name, org_id, org_path, sources, purposes, levels, source, "
    "household_file_id, debits_posted, credits_posted, debits_pending, credits_pending, "
    "retired_at, retired_reason FROM fund_accounts ";

Account ToAccount(const db::Row& r) {
  Account a;
  a.id = r.Int(0);
  a.code = r.Text(1);
  a.kind = KindOf(r.Text(2), !r.IsNull(10));
  a.name = r.Text(3);
  a.org_id = r.OptInt(4);
  a.org_path = r.OptText(5).value_or("");
  a.sources = ListOf(r.OptText(6));
  a.purposes = ListOf(r.OptText(7));
  a.levels = ListOf(r.OptText(8));
  a.source = r.OptText(9);
  a.household_file_id = r.OptInt(10);
  a.debits_posted = r.Int(11);
  a.credits_posted = r.Int(12);
  a.debits_pending = r.Int(13);
  a.credits_pending = r.Int(14);
  a.retired_at = r.OptText(15);
  a.retired_reason = r.OptText(16);
  return a;
}

constexpr const char* kTransferSelect =
    "SELECT id, tid, kind, debit_account_id, credit_account_id, amount_fen, pending_id, purpose, "
    "source, household_file_id, aid_id, campaign_id, batch_tid, expires_at, memo, created_by, "
    "created_at, counterparty FROM fund_transfers ";

Transfer ToTransfer(const db::Row& r) {
  Transfer t;
  t.id = r.Int(0);
  t.tid = r.Text(1);
  t.kind = ParseTransferKind(r.Text(2)).value_or(TransferKind::kPosted);
  t.debit_account_id = r.Int(3);
  t.credit_account_id = r.Int(4);
  t.amount_fen = r.Int(5);
  t.pending_id = r.OptInt(6);
  t.purpose = r.OptText(7);
  t.source = r.OptText(8);
  t.household_file_id = r.OptInt(9);
  t.aid_id = r.OptInt(10);
  t.campaign_id = r.OptInt(11);
  t.batch_tid = r.OptText(12);
  t.expires_at = r.OptText(13);
  t.memo = r.OptText(14);
  t.created_by = r.Text(15);
  t.created_at = r.Text(16);
  t.counterparty = r.OptText(17);
  return t;
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

std::string Marks(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

// Runs fn over `ids` in chunks small enough for any engine's parameter limit.
template <class T, class Fn>
void InChunks(const std::vector<T>& ids, Fn fn) {
  constexpr size_t kChunk = 500;
  for (size_t i = 0; i < ids.size(); i += kChunk) {
    const size_t n = std::min(kChunk, ids.size() - i);
    db::Params params(ids.begin() + static_cast<std::ptrdiff_t>(i),
                      ids.begin() + static_cast<std::ptrdiff_t>(i + n));
    fn(Marks(n), params);
  }
}

struct Household {
  std::string org_path;
  std::string state;
  std::string level;
};

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
    Write(out);
    return out;
  }

 private:
  void Load(const std::vector<TransferRequest>& batch) {
    std::vector<std::string> tids;
    for (const auto& r : batch) {
      tids.push_back(r.tid);
      if (r.pending_tid) tids.push_back(*r.pending_tid);
    }
    InChunks(tids, [&](const std::string& marks, const db::Params& params) {
      for (const auto& row :
           c_.Query(std::string(kTransferSelect) + "WHERE tid IN (" + marks + ")", params)) {
        Transfer t = ToTransfer(row);
        by_tid_.emplace(t.tid, t);
      }
    });
    std::vector<int64_t> pending_ids;
    for (const auto& [tid, t] : by_tid_) {
      if (t.kind == TransferKind::kPending) pending_ids.push_back(t.id);
    }
    InChunks(pending_ids, [&](const std::string& marks, const db::Params& params) {
      for (const auto& row :
           c_.Query("SELECT pending_id FROM fund_transfers WHERE pending_id IN (" + marks + ")",
                    params)) {
        resolved_.insert(row.Int(0));
      }
    });
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
    std::sort(accounts.begin(), accounts.end());
    accounts.erase(std::unique(accounts.begin(), accounts.end()), accounts.end());
    // Locked in id order on PostgreSQL, so that concurrent batches queue instead of deadlocking;
    // SQLite's write transaction already excludes every other writer.
    const std::string lock = c_.engine() == db::Engine::kPostgres ? " ORDER BY id FOR UPDATE" : "";
    InChunks(accounts, [&](const std::string& marks, const db::Params& params) {
      for (const auto& row :
           c_.Query(std::string(kAccountSelect) + "WHERE id IN (" + marks + ")" + lock, params)) {
        Account a = ToAccount(row);
        accounts_.emplace(a.id, a);
      }
    });
    InChunks(households, [&](const std::string& marks, const db::Params& params) {
      for (const auto& row :
           c_.Query("SELECT id, org_path, state, filed_level FROM hardship_files WHERE id IN (" +
                        marks + ")",
                    params)) {
        households_[row.Int(0)] = {row.Text(1), row.Text(2), row.OptText(3).value_or("")};
      }
    });
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
        const Household& h = it->second;
        if (!h.org_path.starts_with(debit.org_path)) {
          return Refuse(
              ErrorCode::kForbidden,
              "该困难家庭不在资金“" + debit.name + "”所属工会的管辖范围内，资金不得跨范围使用",
              "The household is outside the subtree of the fund '" + debit.name +
                  "'s union; earmarked money may not widen its scope",
              "household_file_id");
        }
        if (h.state != "filed" && h.state != "aided") {
          return Refuse(ErrorCode::kForbidden,
                        "该家庭未建档或不在帮扶中（状态 " + h.state + "），不能发放帮扶资金",
                        "The household is not filed and under aid (state " + h.state +
                            "); no aid may be paid",
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
      if (c_.engine() == db::Engine::kPostgres) {
        for (const auto& row :
             c_.Query("SELECT nextval(pg_get_serial_sequence('fund_transfers', 'id')) FROM "
                      "generate_series(1, 256)")) {
          next_ids_.push_back(row.Int(0));
        }
        std::reverse(next_ids_.begin(), next_ids_.end());
      } else {
        if (sqlite_next_ == 0) {
          sqlite_next_ = c_.Scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM fund_transfers")->AsInt();
        }
        return sqlite_next_++;
      }
    }
    const int64_t id = next_ids_.back();
    next_ids_.pop_back();
    return id;
  }

  void Write(const std::vector<Applied>&) {
    if (fresh_.empty()) return;
    static const std::vector<std::string> kColumns = {
        "id",         "tid",         "kind",        "debit_account_id", "credit_account_id",
        "amount_fen", "pending_id",  "purpose",     "source",           "household_file_id",
        "aid_id",     "campaign_id", "batch_tid",   "expires_at",       "memo",
        "created_by", "created_at",  "counterparty"};
    c_.BulkWrite("fund_transfers", kColumns, fresh_.size(), [&](size_t i, db::RowWriter& w) {
      const Transfer& t = fresh_[i];
      w.Int(t.id);
      w.Text(t.tid);
      w.Text(TransferKindName(t.kind));
      w.Int(t.debit_account_id);
      w.Int(t.credit_account_id);
      w.Int(t.amount_fen);
      w.Int(t.pending_id);
      w.Text(t.purpose);
      w.Text(t.source);
      w.Int(t.household_file_id);
      w.Int(t.aid_id);
      w.Int(t.campaign_id);
      w.Text(t.batch_tid);
      w.Text(t.expires_at);
      w.Text(t.memo);
      w.Text(t.created_by);
      w.Text(t.created_at);
      w.Text(t.counterparty);
    });
    for (int64_t id : touched_) {
      const Account& a = accounts_.at(id);
      c_.Exec(
          "UPDATE fund_accounts SET debits_posted = ?, credits_posted = ?, debits_pending = ?, "
          "credits_pending = ? WHERE id = ?",
          {a.debits_posted, a.credits_posted, a.debits_pending, a.credits_pending, a.id});
    }
  }

  db::Connection& c_;
  const std::string& actor_;
  const std::string& batch_tid_;
  const Authorize& authorize_;
  const std::string now_;
  std::map<std::string, Transfer> by_tid_;  // read, and applied in this batch
  std::set<int64_t> resolved_;              // pending transfers already posted or voided
  std::map<int64_t, Account> accounts_;
  std::map<int64_t, Household> households_;
  std::set<int64_t> touched_;
  std::vector<Transfer> fresh_;
  std::vector<int64_t> next_ids_;
  int64_t sqlite_next_ = 0;
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
    auto path = c.Scalar("SELECT path FROM orgs WHERE id = ?", {*a.org_id});
    if (!path) return Fail(ErrorCode::kNotFound, "组织不存在", "No such org", "org_id");
    a.org_path = path->AsText();
  }
  a.id = c.Query(
              "INSERT INTO fund_accounts (code, kind, name, org_id, org_path, sources, purposes, "
              "levels, source, household_file_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
              "?, ?) RETURNING id",
              {a.code, StoredKindName(a.kind), a.name, a.org_id,
               a.org_id ? db::Value(a.org_path) : db::Value(), ListJson(a.sources),
               ListJson(a.purposes), ListJson(a.levels), a.source, a.household_file_id, NowIso()})
             .at(0)
             .Int(0);
  a.debits_posted = a.credits_posted = a.debits_pending = a.credits_pending = 0;
  return a;
}

Result<Account> CreateAccount(db::Connection& c, Account a) {
  return db::WithTransaction(c, [&]() -> Result<Account> { return CreateAccountWithin(c, a); });
}

std::optional<Account> GetAccount(db::Connection& c, int64_t id) {
  auto rows = c.Query(std::string(kAccountSelect) + "WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return ToAccount(rows[0]);
}

Result<Account> RetireAccount(db::Connection& c, int64_t id, const std::string& reason) {
  return db::WithTransaction(c, [&]() -> Result<Account> {
    const std::string lock = c.engine() == db::Engine::kPostgres ? " FOR UPDATE" : "";
    auto rows = c.Query(std::string(kAccountSelect) + "WHERE id = ?" + lock, {id});
    if (rows.empty()) return Fail(ErrorCode::kNotFound, "账户不存在", "No such account", "id");
    Account a = ToAccount(rows[0]);
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
    c.Exec("UPDATE fund_accounts SET retired_at = ?, retired_reason = ? WHERE id = ?",
           {*a.retired_at, reason, id});
    return a;
  });
}

std::map<int64_t, Account> GetAccounts(db::Connection& c, const std::vector<int64_t>& ids) {
  std::map<int64_t, Account> out;
  InChunks(ids, [&](const std::string& marks, const db::Params& params) {
    for (const auto& row :
         c.Query(std::string(kAccountSelect) + "WHERE id IN (" + marks + ")", params)) {
      Account a = ToAccount(row);
      out.emplace(a.id, std::move(a));
    }
  });
  return out;
}

std::optional<Account> FindAccount(db::Connection& c, const std::string& code) {
  auto rows = c.Query(std::string(kAccountSelect) + "WHERE code = ?", {code});
  if (rows.empty()) return std::nullopt;
  return ToAccount(rows[0]);
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
  auto rows = c.Query(std::string(kTransferSelect) + "WHERE tid = ?", {tid});
  if (rows.empty()) return std::nullopt;
  return ToTransfer(rows[0]);
}

std::vector<Transfer> TransfersOf(db::Connection& c, int64_t account_id, int64_t limit,
                                  int64_t offset) {
  std::vector<Transfer> out;
  for (const auto& r : c.Query(std::string(kTransferSelect) +
                                   "WHERE id IN (SELECT id FROM fund_transfers WHERE "
                                   "debit_account_id = ? UNION SELECT id FROM fund_transfers "
                                   "WHERE credit_account_id = ?) ORDER BY id DESC LIMIT ? OFFSET ?",
                               {account_id, account_id, limit, offset})) {
    out.push_back(ToTransfer(r));
  }
  return out;
}

int64_t CountTransfersOf(db::Connection& c, int64_t account_id) {
  return c
      .Scalar(
          "SELECT (SELECT COUNT(*) FROM fund_transfers WHERE debit_account_id = ?) + "
          "(SELECT COUNT(*) FROM fund_transfers WHERE credit_account_id = ?)",
          {account_id, account_id})
      ->AsInt();
}

FundReport ReportFor(db::Connection& c, const Account& fund, const std::string& from,
                     const std::string& to) {
  FundReport r;
  // Posted movements only: plain transfers and finished reservations (posts), at their time.
  const std::string posted = "kind IN ('posted', 'post')";
  auto sum = [&](const std::string& where, const db::Params& params) {
    return c
        .Scalar("SELECT COALESCE(SUM(amount_fen), 0) FROM fund_transfers WHERE " + posted +
                    " AND " + where,
                params)
        ->AsInt();
  };
  r.opening_fen = sum("credit_account_id = ? AND created_at < ?", {fund.id, from}) -
                  sum("debit_account_id = ? AND created_at < ?", {fund.id, from});
  for (const auto& row :
       c.Query("SELECT COALESCE(source, '-'), SUM(amount_fen) FROM fund_transfers WHERE " + posted +
                   " AND credit_account_id = ? AND created_at >= ? AND created_at < ? GROUP BY "
                   "COALESCE(source, '-') ORDER BY 1",
               {fund.id, from, to})) {
    r.income_by_source.emplace_back(row.Text(0), row.Int(1));
    r.income_fen += row.Int(1);
  }
  for (const auto& row : c.Query(
           "SELECT COALESCE(purpose, '-'), SUM(amount_fen) FROM fund_transfers WHERE " + posted +
               " AND debit_account_id = ? AND created_at >= ? AND created_at < ? GROUP BY "
               "COALESCE(purpose, '-') ORDER BY 1",
           {fund.id, from, to})) {
    r.spending_by_purpose.emplace_back(row.Text(0), row.Int(1));
    r.spending_fen += row.Int(1);
  }
  r.closing_fen = r.opening_fen + r.income_fen - r.spending_fen;
  r.reserved_fen = fund.debits_pending;
  return r;
}

int64_t ExpirePending(db::Connection& c, const std::string& now, const std::string& actor) {
  auto rows = c.Query(
      "SELECT p.tid FROM fund_transfers p WHERE p.kind = 'pending' AND p.expires_at < ? AND NOT "
      "EXISTS (SELECT 1 FROM fund_transfers r WHERE r.pending_id = p.id)",
      {now});
  int64_t voided = 0;
  for (const auto& row : rows) {
    // The void's id is derived from the pending's, so that a second sweep changes nothing.
    const std::string seed = row.Text(0) + ":expired";
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(seed.data()), seed.size());
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, digest, 16);
    TransferRequest r;
    r.tid = hex;
    r.kind = TransferKind::kVoid;
    r.pending_tid = row.Text(0);
    r.memo = "expired";
    if (auto applied = ApplyOne(c, r, actor); applied && !applied->duplicate) ++voided;
  }
  return voided;
}

namespace {

// The kind of an account in SQL, as KindOf reads it.
std::string KindSql(const std::string& table) {
  return "CASE WHEN " + table + ".kind = 'payable' AND " + table +
         ".household_file_id IS NULL THEN 'clearing' ELSE " + table + ".kind END";
}

// An SQL condition true for the transfers t (debit account d, credit account k) whose direction
// kMoves lists.
std::string AllowedMovesSql() {
  std::string sql;
  for (const Move& m : kMoves) {
    sql += (sql.empty() ? "" : " OR ") + std::string("(") + KindSql("d") + " = '" +
           std::string(AccountKindName(m.debit)) + "' AND " + KindSql("k") + " = '" +
           std::string(AccountKindName(m.credit)) + "')";
  }
  return "(" + sql + ")";
}

}  // namespace

Verification Verify(db::Connection& c) {
  // One snapshot for every read: a batch committing between reading the transfers and reading
  // the accounts (a client killed right after sending COMMIT, say) must not look like a mismatch.
  c.ExecScript(c.engine() == db::Engine::kPostgres
                   ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                   : "BEGIN");
  struct EndSnapshot {
    db::Connection& c;
    ~EndSnapshot() {
      try {
        if (c.InTransaction()) c.ExecScript("ROLLBACK");
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
  for (const auto& r : c.Query(
           "SELECT t.kind, t.debit_account_id, t.credit_account_id, t.amount_fen, "
           "(SELECT r.kind FROM fund_transfers r WHERE r.pending_id = t.id) FROM fund_transfers "
           "t")) {
    ++v.transfers;
    const std::string kind = r.Text(0);
    const int64_t amount = r.Int(3);
    Sums& d = sums[r.Int(1)];
    Sums& k = sums[r.Int(2)];
    if (kind == "posted" || kind == "post") {
      d.dp += amount;
      k.cp += amount;
    } else if (kind == "pending" && r.IsNull(4)) {
      d.dq += amount;
      k.cq += amount;
    }
  }
  Sums total_stored;
  for (const auto& r : c.Query(std::string(kAccountSelect) + "ORDER BY id")) {
    ++v.accounts;
    const Account a = ToAccount(r);
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
  for (const auto& r : c.Query(
           "SELECT t.id FROM fund_transfers t JOIN fund_accounts d ON d.id = t.debit_account_id "
           "JOIN fund_accounts k ON k.id = t.credit_account_id WHERE NOT " +
           AllowedMovesSql() + " ORDER BY t.id")) {
    v.misdirected.push_back(r.Int(0));
  }
  return v;
}

LedgerHealth HealthWatch::Read(db::Connection& c) {
  std::lock_guard lock(mu_);
  LedgerHealth h;
  auto totals = c.Query(
      "SELECT COALESCE(SUM(debits_posted), 0) - COALESCE(SUM(credits_posted), 0), (SELECT "
      "COUNT(*) FROM fund_accounts WHERE kind <> 'income' AND credits_posted - debits_posted - "
      "debits_pending < 0) FROM fund_accounts");
  h.imbalance_fen = totals.at(0).Int(0);
  h.overdrawn_accounts = totals.at(0).Int(1);
  // Transfers never change, so each is checked once: only those past the last one checked.
  auto moves =
      c.Query("SELECT COALESCE(SUM(CASE WHEN " + AllowedMovesSql() +
                  " THEN 0 ELSE 1 END), 0), COALESCE(MAX(t.id), ?) FROM fund_transfers t JOIN "
                  "fund_accounts d ON d.id = t.debit_account_id JOIN fund_accounts k ON k.id = "
                  "t.credit_account_id WHERE t.id > ?",
              {checked_up_to_, checked_up_to_});
  misdirected_ += moves.at(0).Int(0);
  checked_up_to_ = moves.at(0).Int(1);
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

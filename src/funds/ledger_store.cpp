#include "funds/ledger_store.h"

#include <algorithm>
#include <boost/json.hpp>

namespace zj::funds::store {
namespace {

namespace json = boost::json;

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

std::optional<Account> GetAccount(db::Connection& c, int64_t id) {
  auto rows = c.Query(std::string(kAccountSelect) + "WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return ToAccount(rows[0]);
}

std::optional<Account> FindAccount(db::Connection& c, const std::string& code) {
  auto rows = c.Query(std::string(kAccountSelect) + "WHERE code = ?", {code});
  if (rows.empty()) return std::nullopt;
  return ToAccount(rows[0]);
}

std::map<int64_t, Account> GetAccounts(db::Connection& c, const std::vector<int64_t>& ids,
                                       bool lock) {
  std::vector<int64_t> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  const std::string tail =
      lock && c.engine() == db::Engine::kPostgres ? " ORDER BY id FOR UPDATE" : "";
  std::map<int64_t, Account> out;
  InChunks(sorted, [&](const std::string& marks, const db::Params& params) {
    for (const auto& row :
         c.Query(std::string(kAccountSelect) + "WHERE id IN (" + marks + ")" + tail, params)) {
      Account a = ToAccount(row);
      out.emplace(a.id, std::move(a));
    }
  });
  return out;
}

int64_t InsertAccount(db::Connection& c, const Account& a, const std::string& created_at) {
  return c
      .Query(
          "INSERT INTO fund_accounts (code, kind, name, org_id, org_path, sources, purposes, "
          "levels, source, household_file_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?) RETURNING id",
          {a.code, StoredKindName(a.kind), a.name, a.org_id,
           a.org_id ? db::Value(a.org_path) : db::Value(), ListJson(a.sources),
           ListJson(a.purposes), ListJson(a.levels), a.source, a.household_file_id, created_at})
      .at(0)
      .Int(0);
}

void SetBalances(db::Connection& c, const Account& a) {
  c.Exec(
      "UPDATE fund_accounts SET debits_posted = ?, credits_posted = ?, debits_pending = ?, "
      "credits_pending = ? WHERE id = ?",
      {a.debits_posted, a.credits_posted, a.debits_pending, a.credits_pending, a.id});
}

void SetRetired(db::Connection& c, int64_t id, const std::string& at, const std::string& reason) {
  c.Exec("UPDATE fund_accounts SET retired_at = ?, retired_reason = ? WHERE id = ?",
         {at, reason, id});
}

int64_t CountAccountsOf(db::Connection& c, int64_t org_id) {
  return c.Scalar("SELECT COUNT(*) FROM fund_accounts WHERE org_id = ?", {org_id})->AsInt();
}

std::vector<std::pair<Account, std::string>> Funds(db::Connection& c, const auth::DataScope& scope,
                                                   const std::vector<int64_t>& also,
                                                   const std::optional<std::string>& within_path,
                                                   int64_t limit) {
  db::Params params;
  std::string where =
      "WHERE f.kind = 'fund' AND (" + scope.OrgCondition("f.org_path", "f.org_id", params);
  if (!also.empty()) {
    where += " OR f.org_id IN (" + Marks(also.size()) + ")";
    params.insert(params.end(), also.begin(), also.end());
  }
  where += ")";
  if (within_path) {
    where += " AND f.org_path >= ? AND f.org_path < ?";
    params.emplace_back(*within_path);
    params.emplace_back(auth::PathRangeEnd(*within_path));
  }
  params.emplace_back(limit);
  std::vector<std::pair<Account, std::string>> out;
  for (const auto& r :
       c.Query("SELECT f.id, o.name FROM fund_accounts f JOIN orgs o ON o.id = f.org_id " + where +
                   " ORDER BY f.org_path, f.id LIMIT ?",
               params)) {
    out.emplace_back(Account{.id = r.Int(0)}, r.Text(1));
  }
  std::vector<int64_t> ids;
  for (const auto& [a, name] : out) ids.push_back(a.id);
  const auto accounts = GetAccounts(c, ids);
  for (auto& [a, name] : out) a = accounts.at(a.id);
  return out;
}

std::map<std::string, Transfer> TransfersByTid(db::Connection& c,
                                               const std::vector<std::string>& tids) {
  std::map<std::string, Transfer> out;
  InChunks(tids, [&](const std::string& marks, const db::Params& params) {
    for (const auto& row :
         c.Query(std::string(kTransferSelect) + "WHERE tid IN (" + marks + ")", params)) {
      Transfer t = ToTransfer(row);
      out.emplace(t.tid, t);
    }
  });
  return out;
}

std::optional<Transfer> FindTransfer(db::Connection& c, const std::string& tid) {
  auto rows = c.Query(std::string(kTransferSelect) + "WHERE tid = ?", {tid});
  if (rows.empty()) return std::nullopt;
  return ToTransfer(rows[0]);
}

std::set<int64_t> Resolved(db::Connection& c, const std::vector<int64_t>& pending_ids) {
  std::set<int64_t> out;
  InChunks(pending_ids, [&](const std::string& marks, const db::Params& params) {
    for (const auto& row : c.Query(
             "SELECT pending_id FROM fund_transfers WHERE pending_id IN (" + marks + ")", params)) {
      out.insert(row.Int(0));
    }
  });
  return out;
}

std::vector<int64_t> NewTransferIds(db::Connection& c, size_t n, int64_t after) {
  std::vector<int64_t> out;
  out.reserve(n);
  if (c.engine() == db::Engine::kPostgres) {
    for (const auto& row :
         c.Query("SELECT nextval(pg_get_serial_sequence('fund_transfers', 'id')) FROM "
                 "generate_series(1, ?)",
                 {static_cast<int64_t>(n)})) {
      out.push_back(row.Int(0));
    }
    return out;
  }
  const int64_t first =
      std::max(after, c.Scalar("SELECT COALESCE(MAX(id), 0) FROM fund_transfers")->AsInt()) + 1;
  for (size_t i = 0; i < n; ++i) out.push_back(first + static_cast<int64_t>(i));
  return out;
}

void InsertTransfers(db::Connection& c, const std::vector<Transfer>& transfers) {
  if (transfers.empty()) return;
  static const std::vector<std::string> kColumns = {
      "id",         "tid",         "kind",        "debit_account_id", "credit_account_id",
      "amount_fen", "pending_id",  "purpose",     "source",           "household_file_id",
      "aid_id",     "campaign_id", "batch_tid",   "expires_at",       "memo",
      "created_by", "created_at",  "counterparty"};
  c.BulkWrite("fund_transfers", kColumns, transfers.size(), [&](size_t i, db::RowWriter& w) {
    const Transfer& t = transfers[i];
    w.Int(t.id);
    w.Stable(t.tid);
    w.Stable(TransferKindName(t.kind));
    w.Int(t.debit_account_id);
    w.Int(t.credit_account_id);
    w.Int(t.amount_fen);
    w.Int(t.pending_id);
    w.Stable(t.purpose);
    w.Stable(t.source);
    w.Int(t.household_file_id);
    w.Int(t.aid_id);
    w.Int(t.campaign_id);
    w.Stable(t.batch_tid);
    w.Stable(t.expires_at);
    w.Stable(t.memo);
    w.Stable(t.created_by);
    w.Stable(t.created_at);
    w.Stable(t.counterparty);
  });
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

FundReport ReportSums(db::Connection& c, const Account& fund, const std::string& from,
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
  return r;
}

std::vector<std::string> ExpiredPending(db::Connection& c, const std::string& now) {
  std::vector<std::string> out;
  for (const auto& row : c.Query(
           "SELECT p.tid FROM fund_transfers p WHERE p.kind = 'pending' AND p.expires_at < ? AND "
           "NOT EXISTS (SELECT 1 FROM fund_transfers r WHERE r.pending_id = p.id)",
           {now})) {
    out.push_back(row.Text(0));
  }
  return out;
}

void BeginSnapshot(db::Connection& c) {
  c.ExecScript(c.engine() == db::Engine::kPostgres
                   ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                   : "BEGIN");
}

void EndSnapshot(db::Connection& c) {
  if (c.InTransaction()) c.ExecScript("ROLLBACK");
}

void ForEachTransfer(db::Connection& c, const std::function<void(const TransferRow&)>& fn) {
  for (const auto& r : c.Query(
           "SELECT t.kind, t.debit_account_id, t.credit_account_id, t.amount_fen, "
           "(SELECT r.kind FROM fund_transfers r WHERE r.pending_id = t.id) FROM fund_transfers "
           "t")) {
    fn(TransferRow{ParseTransferKind(r.Text(0)).value_or(TransferKind::kPosted), r.Int(1), r.Int(2),
                   r.Int(3), !r.IsNull(4)});
  }
}

std::vector<Account> AllAccounts(db::Connection& c) {
  std::vector<Account> out;
  for (const auto& r : c.Query(std::string(kAccountSelect) + "ORDER BY id")) {
    out.push_back(ToAccount(r));
  }
  return out;
}

std::vector<int64_t> MisdirectedTransfers(db::Connection& c) {
  std::vector<int64_t> out;
  for (const auto& r : c.Query(
           "SELECT t.id FROM fund_transfers t JOIN fund_accounts d ON d.id = t.debit_account_id "
           "JOIN fund_accounts k ON k.id = t.credit_account_id WHERE NOT " +
           AllowedMovesSql() + " ORDER BY t.id")) {
    out.push_back(r.Int(0));
  }
  return out;
}

std::pair<int64_t, int64_t> ImbalanceAndOverdrawn(db::Connection& c) {
  auto totals = c.Query(
      "SELECT COALESCE(SUM(debits_posted), 0) - COALESCE(SUM(credits_posted), 0), (SELECT "
      "COUNT(*) FROM fund_accounts WHERE kind <> 'income' AND credits_posted - debits_posted - "
      "debits_pending < 0) FROM fund_accounts");
  return {totals.at(0).Int(0), totals.at(0).Int(1)};
}

std::pair<int64_t, int64_t> MisdirectedSince(db::Connection& c, int64_t after_id) {
  auto moves =
      c.Query("SELECT COALESCE(SUM(CASE WHEN " + AllowedMovesSql() +
                  " THEN 0 ELSE 1 END), 0), COALESCE(MAX(t.id), ?) FROM fund_transfers t JOIN "
                  "fund_accounts d ON d.id = t.debit_account_id JOIN fund_accounts k ON k.id = "
                  "t.credit_account_id WHERE t.id > ?",
              {after_id, after_id});
  return {moves.at(0).Int(0), moves.at(0).Int(1)};
}

}  // namespace zj::funds::store

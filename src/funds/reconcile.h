#pragma once
// Reconciling a fund's aid payments with its bank statement (DOMAIN.md §5: books and cash
// reconcile): every posted aid of the period against the statement's lines, matched by the
// recipient's account number and the amount; what the ledger paid that the bank does not show is
// missing, what the bank shows that the ledger did not pay is extra. Bad statement rows are
// reported with their row number; the good ones still count.
#include <cstdint>
#include <string>
#include <vector>

#include "auth/actor.h"
#include "base/error.h"
#include "db/database.h"

namespace zj::funds {

struct StatementLine {
  int64_t row = 0;  // as in the file (the header is row 1)
  std::string date;
  std::string account;
  std::string name;
  int64_t amount_fen = 0;  // paid out, positive
  std::string memo;
};

struct LedgerPayment {
  int64_t aid_id = 0;
  std::string holder;
  std::string account;
  int64_t amount_fen = 0;
  std::string decided_at;
};

struct Reconciliation {
  std::vector<std::pair<LedgerPayment, StatementLine>> matched;
  std::vector<LedgerPayment> missing;               // in the ledger, not on the statement
  std::vector<StatementLine> extra;                 // on the statement, not in the ledger
  std::vector<std::pair<int64_t, Error>> bad_rows;  // row, what is wrong with it
};

// The statement: CSV (UTF-8 or GBK) or XLSX with the columns 交易日期, 金额, 对方账号, 对方户名
// (摘要 optional). Amounts in yuan; payments out may be written negative.
Result<Reconciliation> Reconcile(db::Connection& c, int64_t fund_account_id,
                                 const std::string& from_utc, const std::string& to_utc,
                                 std::string statement);

}  // namespace zj::funds

#include "funds/reconcile.h"

#include <array>
#include <map>

#include "base/date.h"
#include "base/money.h"
#include "base/text.h"
#include "funds/aid_store.h"
#include "io/header_index.h"
#include "io/table_reader.h"

namespace zj::funds {
namespace {

constexpr std::array<std::string_view, 5> kColumns = {"交易日期", "金额", "对方账号", "对方户名",
                                                      "摘要"};

std::string Digits(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch >= '0' && ch <= '9') out += ch;
  }
  return out;
}

}  // namespace

Result<Reconciliation> Reconcile(db::Connection& c, int64_t fund_account_id,
                                 const std::string& from_utc, const std::string& to_utc,
                                 std::string statement) {
  ZJ_ASSIGN_OR_RETURN(auto reader, io::OpenTable(std::move(statement)));
  io::TableRow row;
  int64_t line = 0;
  auto more = (reader)->Next(&row, &line);
  if (!more) return std::unexpected(more.error());
  if (!*more) return Invalid("file", "银行流水文件是空的", "The bank statement is empty");
  const io::HeaderIndex header = io::IndexHeader(row, kColumns);
  for (std::string_view required : {"交易日期", "金额", "对方账号"}) {
    if (!header.columns.contains(required)) {
      return Invalid("file",
                     "银行流水缺少列“" + std::string(required) +
                         "”（需要：交易日期、金额、对方账号、对方户名）",
                     "The statement lacks the column " + std::string(required));
    }
  }
  auto cell = [&](std::string_view name) -> std::string {
    auto it = header.columns.find(name);
    if (it == header.columns.end() || it->second >= static_cast<int>(row.size())) return "";
    return row[it->second];
  };
  Reconciliation out;
  std::map<std::pair<std::string, int64_t>, std::vector<StatementLine>> bank;
  for (;;) {
    more = (reader)->Next(&row, &line);
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    StatementLine s;
    s.row = line;
    s.date = cell("交易日期");
    s.account = Digits(cell("对方账号"));
    s.name = cell("对方户名");
    s.memo = cell("摘要");
    const std::string amount = cell("金额");
    if (s.date.empty() && amount.empty() && s.account.empty()) continue;  // a blank row
    const std::optional<Date> date = ParseLooseDate(s.date);
    if (!date) {
      out.bad_rows.emplace_back(
          line, Error{ErrorCode::kInvalidArgument,
                      "交易日期“" + Utf8Truncate(s.date, 20) +
                          "”不是有效日期，请写成 年-月-日，如 2026-11-28",
                      "The date '" + Utf8Truncate(s.date, 20) +
                          "' is not a valid date; write year-month-day, e.g. 2026-11-28",
                      "交易日期"});
      continue;
    }
    s.date = FormatDate(*date);
    auto fen = ParseMoney(amount, "金额");
    if (!fen) {
      out.bad_rows.emplace_back(line, fen.error());
      continue;
    }
    if (s.account.empty()) {
      out.bad_rows.emplace_back(line, Error{ErrorCode::kInvalidArgument, "对方账号为空",
                                            "The counterparty account is empty", "对方账号"});
      continue;
    }
    s.amount_fen = *fen < 0 ? -*fen : *fen;
    bank[{s.account, s.amount_fen}].push_back(std::move(s));
  }
  for (Aid& aid : aid_store::PostedBetween(c, fund_account_id, from_utc, to_utc)) {
    LedgerPayment p{aid.id, std::move(aid.account_holder), std::move(aid.bank_account),
                    aid.amount_fen, aid.decided_at.value_or("")};
    auto it = bank.find({p.account, p.amount_fen});
    if (it == bank.end() || it->second.empty()) {
      out.missing.push_back(std::move(p));
      continue;
    }
    out.matched.emplace_back(std::move(p), std::move(it->second.front()));
    it->second.erase(it->second.begin());
  }
  for (auto& [key, lines] : bank) {
    for (auto& s : lines) out.extra.push_back(std::move(s));
  }
  std::sort(out.extra.begin(), out.extra.end(),
            [](const StatementLine& a, const StatementLine& b) { return a.row < b.row; });
  return out;
}

}  // namespace zj::funds

#include "funds/routes.h"

#include <filesystem>

#include "auth/actor.h"
#include "auth/audit.h"
#include "auth/permissions.h"
#include "base/date.h"
#include "base/money.h"
#include "base/text.h"
#include "funds/aid_service.h"
#include "funds/fund_service.h"
#include "funds/ledger.h"
#include "funds/payment_run.h"
#include "funds/reconcile.h"
#include "funds/transfer_service.h"
#include "http/handler.h"
#include "http/json.h"
#include "io/xlsx_writer.h"

namespace zj::funds {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

json::array Strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

json::object AccountJson(const Account& a) {
  return json::object{{"id", a.id},
                      {"code", a.code},
                      {"kind", AccountKindName(a.kind)},
                      {"name", a.name},
                      {"org_id", http::JsonOpt(a.org_id)},
                      {"sources", Strings(a.sources)},
                      {"purposes", Strings(a.purposes)},
                      {"levels", Strings(a.levels)},
                      {"source", http::JsonOpt(a.source)},
                      {"household_file_id", http::JsonOpt(a.household_file_id)},
                      {"debits_posted", a.debits_posted},
                      {"credits_posted", a.credits_posted},
                      {"debits_pending", a.debits_pending},
                      {"credits_pending", a.credits_pending},
                      {"balance", a.Balance()},
                      {"available", a.Available()},
                      {"retired_at", http::JsonOpt(a.retired_at)},
                      {"retired_reason", http::JsonOpt(a.retired_reason)}};
}

json::object TransferJson(const Transfer& t) {
  return json::object{{"id", t.id},
                      {"tid", t.tid},
                      {"kind", TransferKindName(t.kind)},
                      {"debit_account_id", t.debit_account_id},
                      {"credit_account_id", t.credit_account_id},
                      {"amount_fen", t.amount_fen},
                      {"pending_id", http::JsonOpt(t.pending_id)},
                      {"purpose", http::JsonOpt(t.purpose)},
                      {"source", http::JsonOpt(t.source)},
                      {"household_file_id", http::JsonOpt(t.household_file_id)},
                      {"aid_id", http::JsonOpt(t.aid_id)},
                      {"batch_tid", http::JsonOpt(t.batch_tid)},
                      {"expires_at", http::JsonOpt(t.expires_at)},
                      {"memo", http::JsonOpt(t.memo)},
                      {"counterparty", http::JsonOpt(t.counterparty)},
                      {"created_by", t.created_by},
                      {"created_at", t.created_at}};
}

json::object AidJson(const Aid& a) {
  return json::object{{"id", a.id},
                      {"file_id", a.file_id},
                      {"holder_name", a.holder_name},
                      {"org_id", a.org_id},
                      {"org_name", a.org_name},
                      {"fund_account_id", a.fund_account_id},
                      {"fund_name", a.fund_name},
                      {"kind", a.kind},
                      {"amount_fen", a.amount_fen},
                      {"year", a.year},
                      {"self_paid_fen", http::JsonOpt(a.self_paid_fen)},
                      {"approval_level", a.approval_level},
                      {"state", a.state},
                      {"bank", a.bank},
                      {"bank_account", a.bank_account},
                      {"account_holder", a.account_holder},
                      {"reason", http::JsonOpt(a.reason)},
                      {"requested_by", a.requested_by},
                      {"decided_by", http::JsonOpt(a.decided_by)},
                      {"decided_at", http::JsonOpt(a.decided_at)},
                      {"decision_reason", http::JsonOpt(a.decision_reason)},
                      {"created_at", a.created_at}};
}

// A masked account number for lists: the last four digits.
void MaskAid(Aid& a) { a.bank_account = MaskAccountNumber(a.bank_account); }

Result<std::vector<std::string>> StringList(const json::object& o, const char* key) {
  std::vector<std::string> out;
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return out;
  if (!it->value().is_array()) {
    return Invalid(key, std::string(key) + " 应为文字列表",
                   std::string(key) + " is a list of text");
  }
  for (const auto& v : it->value().as_array()) {
    if (!v.is_string() || v.as_string().size() > 40) {
      return Invalid(key, std::string(key) + " 应为文字列表",
                     std::string(key) + " is a list of text");
    }
    out.emplace_back(v.as_string());
  }
  return out;
}

Result<Response> ListAccounts(Request& req, db::Connection& c, const auth::Actor& a) {
  const auto upper_flag = req.Query("include_upper");
  const bool include_upper = upper_flag && (*upper_flag == "1" || *upper_flag == "true");
  std::optional<int64_t> within;
  if (req.Query("org_id")) {
    ZJ_ASSIGN_OR_RETURN(within, http::QueryInt(req, "org_id", 0, 1, INT64_MAX));
  }
  ZJ_ASSIGN_OR_RETURN(auto funds, ListFunds(c, a, include_upper, within));
  json::array items;
  int64_t total_balance = 0;
  for (const auto& f : funds) {
    json::object o = AccountJson(f.account);
    o["org_name"] = f.org_name;
    o["upper"] = f.upper;
    if (!f.upper) total_balance += f.account.Balance();
    items.push_back(std::move(o));
  }
  return Response::Json(
      200, json::object{{"items", std::move(items)}, {"total_balance", total_balance}});
}

Result<Response> CreateFund(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  NewAccount n;
  ZJ_ASSIGN_OR_RETURN(n.name, http::ReqString(body, "name", 200));
  ZJ_ASSIGN_OR_RETURN(auto kind, http::OptString(body, "kind", 20));
  n.kind = kind.value_or("fund");
  if (n.kind == "income") {
    ZJ_ASSIGN_OR_RETURN(n.source, http::ReqString(body, "source", 40));
  } else if (n.kind == "fund") {
    ZJ_ASSIGN_OR_RETURN(n.org_id, http::ReqInt(body, "org_id"));
    for (auto [key, target] : {std::pair{"sources", &n.sources}, std::pair{"purposes", &n.purposes},
                               std::pair{"levels", &n.levels}}) {
      ZJ_ASSIGN_OR_RETURN(*target, StringList(body, key));
    }
  }
  ZJ_ASSIGN_OR_RETURN(auto made, OpenAccount(c, a, n));
  return Response::Json(201, AccountJson(made));
}

Result<Response> RetireRoute(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  ZJ_ASSIGN_OR_RETURN(auto reason, http::ReqString(body, "reason", 500));
  ZJ_ASSIGN_OR_RETURN(auto retired, Retire(c, a, id, reason));
  return Response::Json(200, AccountJson(retired));
}

Result<Response> Statement(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto acct, AccountInScope(c, a, id, kFundsRead));
  ZJ_ASSIGN_OR_RETURN(auto page, http::QueryInt(req, "page", 1, 1, 1'000'000));
  ZJ_ASSIGN_OR_RETURN(auto size, http::QueryInt(req, "page_size", 50, 1, 500));
  json::array rows;
  auto transfers = TransfersOf(c, id, size, (page - 1) * size);
  for (const auto& t : transfers) {
    json::object o = TransferJson(t);
    o["direction"] = t.debit_account_id == id ? "debit" : "credit";
    rows.push_back(std::move(o));
  }
  const int64_t total = CountTransfersOf(c, id);
  return Response::Json(200, json::object{{"account", AccountJson(acct)},
                                          {"items", std::move(rows)},
                                          {"total", total},
                                          {"page", page},
                                          {"page_size", size}});
}

// A period of whole days in Beijing time from ?from= and ?to= (default: this year so far), and
// its bounds as the UTC times the transfers are stored with: [from 00:00 +08, to+1 00:00 +08).
struct Period {
  Date from, to;
  std::string from_utc, to_utc;
};

Result<Period> PeriodOf(const Request& req) {
  const Date today = TodayInShanghai();
  auto from =
      ParseDate(req.Query("from").value_or(std::to_string(today.year()) + "-01-01"), "from");
  if (!from) return std::unexpected(from.error());
  ZJ_ASSIGN_OR_RETURN(auto to, ParseDate(req.Query("to").value_or(FormatDate(today)), "to"));
  if (to < *from) {
    return Invalid("to", "结束日期不能早于开始日期", "The period ends before it starts");
  }
  auto utc = [](Date d) { return FormatDate(d.AddDays(-1)) + "T16:00:00.000Z"; };
  return Period{*from, to, utc(*from), utc(to.AddDays(1))};
}

Result<Response> Report(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto acct, AccountInScope(c, a, id, kFundsRead));
  ZJ_ASSIGN_OR_RETURN(auto period, PeriodOf(req));
  const Date* from = &period.from;
  const Date* to = &period.to;
  const FundReport r = ReportFor(c, acct, period.from_utc, period.to_utc);
  auto pairs = [](const std::vector<std::pair<std::string, int64_t>>& v, const char* key) {
    json::array out;
    for (const auto& [k, fen] : v) out.push_back(json::object{{key, k}, {"amount_fen", fen}});
    return out;
  };
  return Response::Json(
      200, json::object{{"account", AccountJson(acct)},
                        {"from", FormatDate(*from)},
                        {"to", FormatDate(*to)},
                        {"opening_fen", r.opening_fen},
                        {"income_fen", r.income_fen},
                        {"spending_fen", r.spending_fen},
                        {"closing_fen", r.closing_fen},
                        {"reserved_fen", r.reserved_fen},
                        {"income_by_source", pairs(r.income_by_source, "source")},
                        {"spending_by_purpose", pairs(r.spending_by_purpose, "purpose")}});
}

Result<Response> ReconcileRoute(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto acct, AccountInScope(c, a, id, kFundsWrite));
  if (req.body.empty())
    return Invalid("file", "没有收到银行流水文件", "No bank statement was sent");
  ZJ_ASSIGN_OR_RETURN(auto period, PeriodOf(req));
  const Date* from = &period.from;
  const Date* to = &period.to;
  ZJ_ASSIGN_OR_RETURN(auto r,
                      Reconcile(c, id, period.from_utc, period.to_utc, std::move(req.body)));
  auto line = [](const StatementLine& s) {
    return json::object{{"row", s.row},
                        {"date", s.date},
                        {"account", MaskAccountNumber(s.account)},
                        {"name", s.name},
                        {"amount_fen", s.amount_fen},
                        {"memo", s.memo}};
  };
  auto payment = [](const LedgerPayment& p) {
    return json::object{{"aid_id", p.aid_id},
                        {"holder", p.holder},
                        {"account", MaskAccountNumber(p.account)},
                        {"amount_fen", p.amount_fen},
                        {"decided_at", p.decided_at}};
  };
  json::array matched, missing, extra, bad;
  for (const auto& [p, s] : r.matched) {
    matched.push_back(json::object{{"payment", payment(p)}, {"line", line(s)}});
  }
  for (const auto& p : r.missing) missing.push_back(payment(p));
  for (const auto& s : r.extra) extra.push_back(line(s));
  for (const auto& [row, error] : r.bad_rows) {
    bad.push_back(json::object{{"row", row}, {"reason", error.Message(req.lang)}});
  }
  db::WithTransaction(c, [&] {
    auto e = auth::AuditBy(a.principal, "funds.reconcile", "fund_account", std::to_string(id),
                           a.request_id);
    e.org_path = acct.org_path;
    e.detail = json::serialize(json::object{
        {"matched", matched.size()}, {"missing", missing.size()}, {"extra", extra.size()}});
    auth::Audit(c, e);
  });
  return Response::Json(200, json::object{{"from", FormatDate(*from)},
                                          {"to", FormatDate(*to)},
                                          {"matched", std::move(matched)},
                                          {"missing", std::move(missing)},
                                          {"extra", std::move(extra)},
                                          {"bad_rows", std::move(bad)}});
}

Result<TransferRequest> TransferOf(const json::object& o) {
  TransferRequest r;
  ZJ_ASSIGN_OR_RETURN(auto tid, http::OptString(o, "tid", 32));
  r.tid = tid.value_or(NewTransferId());
  ZJ_ASSIGN_OR_RETURN(auto kind, http::OptString(o, "kind", 10));
  const std::string k = kind.value_or("posted");
  if (k == "posted")
    r.kind = TransferKind::kPosted;
  else if (k == "pending")
    r.kind = TransferKind::kPending;
  else if (k == "post")
    r.kind = TransferKind::kPost;
  else if (k == "void")
    r.kind = TransferKind::kVoid;
  else
    return Invalid("kind", "转账类别应为 posted、pending、post 或 void",
                   "kind is posted, pending, post or void");
  for (auto [key, target] : {std::pair{"debit_account_id", &r.debit_account_id},
                             std::pair{"credit_account_id", &r.credit_account_id},
                             std::pair{"amount_fen", &r.amount_fen}}) {
    ZJ_ASSIGN_OR_RETURN(auto v, http::OptInt(o, key));
    *target = v.value_or(0);
  }
  for (auto [key, target] : {std::pair{"pending_tid", &r.pending_tid},
                             std::pair{"purpose", &r.purpose}, std::pair{"source", &r.source},
                             std::pair{"expires_at", &r.expires_at}, std::pair{"memo", &r.memo}}) {
    ZJ_ASSIGN_OR_RETURN(auto v, http::OptString(o, key, 200));
    *target = v;
  }
  ZJ_ASSIGN_OR_RETURN(auto household, http::OptInt(o, "household_file_id"));
  r.household_file_id = household;
  return r;
}

Result<Response> PostTransfer(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  ZJ_ASSIGN_OR_RETURN(auto r, TransferOf(body));
  ZJ_ASSIGN_OR_RETURN(auto applied, TransferAs(c, a, r));
  json::object o = TransferJson(applied.transfer);
  o["duplicate"] = applied.duplicate;
  return Response::Json(applied.duplicate ? 200 : 201, o);
}

// Money coming into a fund: from the upper union's fund (an allocation) or from outside — the
// budgets, a unit's contribution, a donation (the donor recorded), interest.
Result<Response> RecordIncomeRoute(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_TRY(AccountInScope(c, a, id, kFundsWrite));
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  Income in;
  ZJ_ASSIGN_OR_RETURN(auto source, http::ReqString(body, "source", 40));
  in.source = source;
  ZJ_ASSIGN_OR_RETURN(auto amount, http::ReqInt(body, "amount_fen"));
  in.amount_fen = amount;
  for (auto [key, size, target] :
       {std::tuple{"tid", 32, &in.tid}, std::tuple{"counterparty", 200, &in.counterparty},
        std::tuple{"memo", 500, &in.memo}}) {
    ZJ_ASSIGN_OR_RETURN(auto v, http::OptString(body, key, size));
    *target = v;
  }
  ZJ_ASSIGN_OR_RETURN(auto from, http::OptInt(body, "from_account_id"));
  in.from_account_id = from;
  ZJ_ASSIGN_OR_RETURN(auto applied, RecordIncome(c, a, id, in));
  json::object o = TransferJson(applied.transfer);
  o["duplicate"] = applied.duplicate;
  return Response::Json(applied.duplicate ? 200 : 201, o);
}

Result<Response> RequestAidRoute(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  AidRequest r;
  ZJ_ASSIGN_OR_RETURN(auto file, http::ReqInt(body, "file_id"));
  ZJ_ASSIGN_OR_RETURN(auto fund, http::ReqInt(body, "fund_account_id"));
  ZJ_ASSIGN_OR_RETURN(auto kind, http::ReqString(body, "kind", 20));
  ZJ_ASSIGN_OR_RETURN(auto amount, http::ReqInt(body, "amount_fen"));
  ZJ_ASSIGN_OR_RETURN(auto self_paid, http::OptInt(body, "self_paid_fen"));
  ZJ_ASSIGN_OR_RETURN(auto reason, http::OptString(body, "reason"));
  r.file_id = file;
  r.fund_account_id = fund;
  r.kind = kind;
  r.amount_fen = amount;
  r.self_paid_fen = self_paid;
  r.reason = reason;
  ZJ_ASSIGN_OR_RETURN(auto aid, RequestAid(c, a, r, TodayInShanghai()));
  MaskAid(aid);
  return Response::Json(201, AidJson(aid));
}

http::Handler Decide(db::Database& db, bool approve) {
  return http::WithConn(
      db, [approve](Request& req, db::Connection& c, const auth::Actor& a) -> Result<Response> {
        ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
        ZJ_ASSIGN_OR_RETURN(auto body, http::ParseOptionalObject(req));
        ZJ_ASSIGN_OR_RETURN(auto reason, http::OptString(body, "reason"));
        ZJ_ASSIGN_OR_RETURN(auto aid, DecideAid(c, a, id, approve, reason));
        MaskAid(aid);
        return Response::Json(200, AidJson(aid));
      });
}

Result<Response> Queue(Request&, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto list, AidQueue(c, a));
  json::array items;
  for (auto& aid : list) {
    MaskAid(aid);
    items.push_back(AidJson(aid));
  }
  return Response::Json(200, json::object{{"items", std::move(items)}});
}

Result<Response> OneAid(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto aid, GetAid(c, a, id));
  MaskAid(aid);
  return Response::Json(200, AidJson(aid));
}

Result<Response> FileAid(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto list, AidOfFile(c, a, id));
  json::array items;
  int64_t posted = 0;
  for (auto& aid : list) {
    if (aid.state == "posted") posted += aid.amount_fen;
    MaskAid(aid);
    items.push_back(AidJson(aid));
  }
  return Response::Json(200, json::object{{"items", std::move(items)}, {"posted_fen", posted}});
}

json::object RunJson(const PaymentRun& r) {
  return json::object{{"id", r.id},
                      {"fund_account_id", r.fund_account_id},
                      {"items", r.items},
                      {"total_fen", r.total_fen},
                      {"batch_tid", r.batch_tid},
                      {"created_by", r.created_by},
                      {"created_at", r.created_at}};
}

Result<Response> NewRun(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto run, CreatePaymentRun(c, a, id));
  return Response::Json(201, RunJson(run));
}

// The account statement as XLSX for a period (Beijing dates): every transfer with its running
// balance on the account's normal side, for the audit committee and the bank reconciliation.
Result<Response> StatementXlsx(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto acct, AccountInScope(c, a, id, kFundsRead));
  ZJ_ASSIGN_OR_RETURN(auto period, PeriodOf(req));
  const Date* from = &period.from;
  const Date* to = &period.to;
  const FundReport report = ReportFor(c, acct, period.from_utc, period.to_utc);
  namespace fs = std::filesystem;
  const fs::path path = fs::temp_directory_path() / ("zhijia-" + req.request_id + ".xlsx");
  {
    io::XlsxWriter out(path.string());
    auto ok = out.AddSheet("账户明细");
    const std::vector<double> widths = {22, 8, 14, 14, 14, 14, 16, 24, 30};
    out.SetColumnWidths(widths);
    const std::vector<int> money = {3, 4, 5};
    out.SetMoneyColumns(money);
    const std::vector<std::string> header = {"时间（UTC）", "方向",       "类别",
                                             "收入（元）",  "支出（元）", "余额（元）",
                                             "来源/用途",   "对方/档案",  "备注"};
    out.WriteHeader(header);
    out.WriteRow(std::vector<std::string>{FormatDate(*from), "", "期初", "", "",
                                          FormatMoney(report.opening_fen), "", "", ""});
    int64_t balance = report.opening_fen;
    // Oldest first; a statement of more than a million rows is cut there (Excel's own limit).
    std::vector<Transfer> rows = TransfersOf(c, id, 1'000'000, 0);
    std::reverse(rows.begin(), rows.end());
    for (const auto& t : rows) {
      if (t.kind != TransferKind::kPosted && t.kind != TransferKind::kPost) continue;
      if (t.created_at < period.from_utc || t.created_at >= period.to_utc) continue;
      const bool in = t.credit_account_id == id;
      balance += in ? t.amount_fen : -t.amount_fen;
      const std::string party = t.household_file_id ? "档案 " + std::to_string(*t.household_file_id)
                                                    : t.counterparty.value_or("");
      out.WriteRow(std::vector<std::string>{
          t.created_at, in ? "收" : "付", t.kind == TransferKind::kPost ? "预留确认" : "记账",
          in ? FormatMoney(t.amount_fen) : "", in ? "" : FormatMoney(t.amount_fen),
          FormatMoney(balance),
          std::string(in ? SourceLabel(t.source.value_or(""))
                         : PurposeLabel(t.purpose.value_or(""))),
          party, t.memo.value_or("")});
    }
    out.WriteRow(std::vector<std::string>{
        FormatDate(*to), "", "期末", FormatMoney(report.income_fen),
        FormatMoney(report.spending_fen), FormatMoney(report.closing_fen), "", "", ""});
    if (!ok) return std::unexpected(ok.error());
    ZJ_TRY(out.Close());
  }
  return Response::Download(path.string(),
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            "statement-" + std::to_string(id) + ".xlsx");
}

Result<Response> Unpaid(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto list, UnpaidAid(c, a, id));
  json::array items;
  int64_t total = 0;
  for (auto& aid : list) {
    total += aid.amount_fen;
    MaskAid(aid);
    items.push_back(AidJson(aid));
  }
  return Response::Json(200, json::object{{"items", std::move(items)}, {"total_fen", total}});
}

Result<Response> Runs(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto runs, PaymentRuns(c, a, id));
  json::array items;
  for (const auto& r : runs) items.push_back(RunJson(r));
  return Response::Json(200, json::object{{"items", std::move(items)}});
}

Result<Response> BankFile(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  namespace fs = std::filesystem;
  const fs::path path = fs::temp_directory_path() / ("zhijia-" + req.request_id + ".xlsx");
  auto rows = WriteBankFile(c, a, id, path.string());
  if (!rows) {
    std::error_code ec;
    fs::remove(path, ec);
    return std::unexpected(rows.error());
  }
  return Response::Download(path.string(),
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            "payment-run-" + std::to_string(id) + ".xlsx");
}

// The Beijing (UTC+8) date of a stored UTC time "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string BeijingDate(const std::string& utc) {
  auto day = ParseDate(utc.substr(0, 10));
  if (!day || utc.size() < 13) return utc.substr(0, 10);
  const int hour = std::atoi(utc.substr(11, 2).c_str());
  return FormatDate(hour >= 16 ? day->AddDays(1) : *day);
}

// The recipients' public notice (受助名单公示): posted aid under a union in a year, names masked,
// no account numbers. No login, like the files' notice board.
Result<Response> AidNoticeRoute(Request& req, db::Connection& c, const auth::Actor&) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("org_id"));
  ZJ_ASSIGN_OR_RETURN(auto year, http::QueryInt(req, "year", TodayInShanghai().year(), 2000, 2100));
  ZJ_ASSIGN_OR_RETURN(auto notice, AidNotice(c, id, static_cast<int>(year)));
  json::array items;
  int64_t total = 0;
  for (const auto& line : notice.second) {
    total += line.amount_fen;
    items.push_back(json::object{{"masked_name", MaskName(line.holder_name)},
                                 {"org_name", line.org_name},
                                 {"kind", line.kind},
                                 {"amount_fen", line.amount_fen},
                                 {"date", BeijingDate(line.decided_at)}});
  }
  return Response::Json(200, json::object{{"org_name", notice.first},
                                          {"year", year},
                                          {"total_fen", total},
                                          {"items", std::move(items)}});
}

// What an amount of aid would need: GET /api/v1/funds/aid/quote?file_id=&kind=&amount_fen=.
Result<Response> AidQuoteRoute(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto file_id, http::QueryInt(req, "file_id", 0, 1, INT64_MAX));
  ZJ_ASSIGN_OR_RETURN(auto amount, http::QueryInt(req, "amount_fen", 0, 0, INT64_MAX / 2));
  const std::string kind = req.Query("kind").value_or("");
  ZJ_ASSIGN_OR_RETURN(auto q, QuoteAidFor(c, a, file_id, kind, amount, TodayInShanghai()));
  return Response::Json(200, json::object{{"approval_level", q.approval_level},
                                          {"kind_cap_fen", q.kind_cap_fen},
                                          {"year_cap_fen", q.year_cap_fen},
                                          {"kind_used_fen", q.kind_used_fen},
                                          {"year_used_fen", q.year_used_fen}});
}

}  // namespace

void RegisterRoutes(http::Router& router, db::Database& db) {
  using http::WithConn;
  router.Add("GET", "/api/v1/funds/accounts", WithConn(db, ListAccounts));
  router.Add("POST", "/api/v1/funds/accounts", WithConn(db, CreateFund));
  router.Add("GET", "/api/v1/funds/accounts/{id}/statement", WithConn(db, Statement));
  router.Add("POST", "/api/v1/funds/accounts/{id}/retire", WithConn(db, RetireRoute));
  router.Add("GET", "/api/v1/funds/accounts/{id}/report", WithConn(db, Report));
  router.Add("GET", "/api/v1/funds/accounts/{id}/statement.xlsx", WithConn(db, StatementXlsx));
  router.Add("POST", "/api/v1/funds/accounts/{id}/reconcile", WithConn(db, ReconcileRoute),
             {.max_body_bytes = 20 * 1024 * 1024});
  router.Add("POST", "/api/v1/funds/transfers", WithConn(db, PostTransfer));
  router.Add("POST", "/api/v1/funds/accounts/{id}/income", WithConn(db, RecordIncomeRoute));
  router.Add("POST", "/api/v1/funds/accounts/{id}/payment-runs", WithConn(db, NewRun));
  router.Add("GET", "/api/v1/funds/accounts/{id}/payment-runs", WithConn(db, Runs));
  router.Add("GET", "/api/v1/funds/accounts/{id}/unpaid-aid", WithConn(db, Unpaid));
  router.Add("GET", "/api/v1/funds/payment-runs/{id}/bank-file.xlsx", WithConn(db, BankFile));
  router.Add("POST", "/api/v1/funds/aid", WithConn(db, RequestAidRoute));
  router.Add("GET", "/api/v1/funds/aid/quote", WithConn(db, AidQuoteRoute));
  router.Add("GET", "/api/v1/funds/aid/queue", WithConn(db, Queue));
  router.Add("GET", "/api/v1/funds/aid/{id}", WithConn(db, OneAid));
  router.Add("POST", "/api/v1/funds/aid/{id}/approve", Decide(db, true));
  router.Add("POST", "/api/v1/funds/aid/{id}/reject", Decide(db, false));
  router.Add("GET", "/api/v1/hardship/files/{id}/aid", WithConn(db, FileAid));
  router.Add("GET", "/api/v1/public/aid-notices/{org_id}", WithConn(db, AidNoticeRoute),
             {.requires_auth = false});
}

}  // namespace zj::funds

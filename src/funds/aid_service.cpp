#include "funds/aid_service.h"

#include <algorithm>
#include <boost/json.hpp>

#include "auth/audit.h"
#include "auth/permissions.h"
#include "base/clock.h"
#include "base/money.h"
#include "funds/aid_store.h"
#include "funds/ledger.h"
#include "hardship/file_service.h"
#include "hardship/policy_service.h"
#include "orgs/service.h"

namespace zj::funds {
namespace json = boost::json;
namespace {

std::string ActorName(const auth::Actor& a) { return a.principal ? a.principal->username : "cli"; }

// The level of the actor's own union (the command line counts as national).
int ActorRank(db::Connection& c, const auth::Actor& a) {
  if (!a.principal) return 4;
  auto org = orgs::FindOrg(c, auth::DataScope::All(), a.principal->org_id);
  return org ? LevelRank(orgs::LevelName(org->level)) : 0;
}

std::string Yuan(int64_t fen) { return FormatMoney(fen) + " 元"; }

Result<int64_t> PayableOf(db::Connection& c, const hardship::HardshipFile& f) {
  const std::string code = "payable:file:" + std::to_string(f.id);
  if (auto found = FindAccount(c, code)) return found->id;
  Account a;
  a.code = code;
  a.kind = AccountKind::kPayable;
  a.name = "应付帮扶款：" + f.holder_name;
  a.org_id = f.org_id;
  a.household_file_id = f.id;
  ZJ_ASSIGN_OR_RETURN(auto made, CreateAccountWithin(c, a));
  return made.id;
}

// The aid's line on the household's timeline (and, once paid, the file under aid).
Result<void> TellFile(db::Connection& c, const auth::Actor& a, const std::string& action,
                      const Aid& aid, bool paid) {
  const std::string detail =
      json::serialize(json::object{{"aid_id", aid.id},
                                   {"kind", aid.kind},
                                   {"amount_fen", aid.amount_fen},
                                   {"fund_account_id", aid.fund_account_id}});
  return hardship::RecordAidOnFile(c, a, aid.file_id, action, detail, paid, TodayInShanghai());
}

void AuditAid(db::Connection& c, const auth::Actor& a, const char* action, const Aid& aid) {
  auto e = auth::AuditBy(a.principal, action, "aid", std::to_string(aid.id), a.request_id);
  e.org_path = aid.org_path;
  e.detail = json::serialize(
      json::object{{"file_id", aid.file_id}, {"kind", aid.kind}, {"amount_fen", aid.amount_fen}});
  auth::Audit(c, e);
}

std::unexpected<Error> LedgerRefused(const BatchError& e) { return std::unexpected(e.error); }

}  // namespace

Result<Aid> RequestAid(db::Connection& c, const auth::Actor& a, const AidRequest& r, Date today) {
  ZJ_ASSIGN_OR_RETURN(auto f, hardship::FileForActor(c, a, r.file_id));
  if (!a.ScopeFor(kFundsWrite).Contains(f.org_path, f.org_id)) {
    return auth::NoRight(kFundsWrite);
  }
  // The fund asked: one the caller may see, or one of the household's own union and those above
  // it (a grassroots union asks its county's fund); any other is not there for the caller.
  auto fund = GetAccount(c, r.fund_account_id);
  if (!fund || fund->kind != AccountKind::kFund || !fund->org_id ||
      !(a.ScopeFor(kFundsRead).Contains(fund->org_path, *fund->org_id) ||
        f.org_path.starts_with(fund->org_path))) {
    return Fail(ErrorCode::kNotFound,
                "资金账户 " + std::to_string(r.fund_account_id) + " 不存在或不在您的管辖范围内",
                "Fund account " + std::to_string(r.fund_account_id) +
                    " does not exist or is outside your scope",
                "fund_account_id");
  }
  if (!IsAidKind(r.kind)) {
    return Invalid("kind",
                   "帮扶类别应为 living、medical、school、job_training、legal 或 campaign_gift",
                   "The kind is living, medical, school, job_training, legal or campaign_gift");
  }
  if (r.amount_fen <= 0) {
    return Invalid("amount_fen", "金额应大于 0", "The amount must be above 0");
  }
  if (f.state != hardship::FileState::kFiled && f.state != hardship::FileState::kAided) {
    return Fail(ErrorCode::kConflict,
                "该家庭未建档或不在帮扶中（" +
                    std::string(hardship::kFileStateNamesZh[static_cast<size_t>(f.state)]) +
                    "），不能发放帮扶资金",
                "The household is not filed and under aid; no aid may be paid", "file_id");
  }
  const auto& bank = f.data.bank;
  if (!bank || bank->holder_name != f.holder_name) {
    return Fail(
        ErrorCode::kConflict,
        "档案中没有户主本人实名的银行账户，帮扶资金只能发放到本人实名账户；请先在档案中补录",
        "The file has no bank account in the holder's real name; aid is paid only there", "bank");
  }
  if (r.kind == "medical" && (!r.self_paid_fen || r.amount_fen > *r.self_paid_fen)) {
    return Invalid("self_paid_fen", "医疗救助不得超过个人自付部分；请填写自付金额",
                   "Medical aid may not exceed the self-paid share; give the self-paid amount");
  }
  ZJ_ASSIGN_OR_RETURN(auto policy, hardship::PolicyFor(c, f.region_code, FormatDate(today)));
  return db::WithTransaction(c, [&]() -> Result<Aid> {
    const AidQuote q = QuoteAid(policy, r.kind, f.category,
                                aid_store::YearTotals(c, f.id, today.year()), r.amount_fen);
    const int64_t kind_cap = q.kind_cap_fen, kind_total = q.kind_used_fen;
    const int64_t year_total = q.year_used_fen;
    if (kind_total + r.amount_fen > kind_cap) {
      return Fail(ErrorCode::kConflict,
                  "超过本年度该类帮扶上限：上限 " + Yuan(kind_cap) + "，本年已批或待批 " +
                      Yuan(kind_total) + "，本次 " + Yuan(r.amount_fen),
                  "Over this year's cap for this kind: cap " + FormatMoney(kind_cap) +
                      ", already " + FormatMoney(kind_total) + ", this " +
                      FormatMoney(r.amount_fen),
                  "amount_fen");
    }
    if (year_total + r.amount_fen > policy.aid_cap_household_year_fen) {
      return Fail(
          ErrorCode::kConflict,
          "超过每户每年帮扶总额上限 " + Yuan(policy.aid_cap_household_year_fen) +
              "（本年已批或待批 " + Yuan(year_total) + "）",
          "Over the household's yearly cap of " + FormatMoney(policy.aid_cap_household_year_fen),
          "amount_fen");
    }
    ZJ_ASSIGN_OR_RETURN(auto payable, PayableOf(c, f));
    Aid aid;
    aid.file_id = f.id;
    aid.holder_name = f.holder_name;
    aid.province_code = f.province_code;
    aid.org_id = f.org_id;
    aid.org_path = f.org_path;
    aid.fund_account_id = r.fund_account_id;
    aid.payable_account_id = payable;
    aid.kind = r.kind;
    aid.amount_fen = r.amount_fen;
    aid.year = today.year();
    aid.self_paid_fen = r.self_paid_fen;
    aid.approval_level = q.approval_level;
    aid.state = "awaiting_approval";
    aid.pending_tid = NewTransferId();
    aid.bank = bank->bank;
    aid.bank_account = bank->account;
    aid.account_holder = bank->holder_name;
    aid.reason = r.reason;
    aid.requested_by = ActorName(a);
    aid.created_at = NowIso();
    aid.id = aid_store::Insert(c, aid);
    TransferRequest hold;
    hold.tid = aid.pending_tid;
    hold.kind = TransferKind::kPending;
    hold.debit_account_id = r.fund_account_id;
    hold.credit_account_id = payable;
    hold.amount_fen = r.amount_fen;
    hold.purpose = r.kind;
    hold.household_file_id = f.id;
    hold.aid_id = aid.id;
    auto reserved = ApplyWithin(c, {hold}, ActorName(a));
    if (!reserved) return LedgerRefused(reserved.error());
    ZJ_TRY(TellFile(c, a, "aid_request", aid, false));
    AuditAid(c, a, "aid.request", aid);
    return *aid_store::Get(c, aid.id);
  });
}

Result<Aid> DecideAid(db::Connection& c, const auth::Actor& a, int64_t aid_id, bool approve,
                      const std::optional<std::string>& reason) {
  auto aid = GetAid(c, a, aid_id);
  if (!aid) return aid;
  const auth::DataScope write = a.ScopeFor(kFundsWrite);
  if (!write.Contains(aid->org_path, aid->org_id)) {
    return Fail(ErrorCode::kForbidden, "您没有审批该家庭帮扶资金的权限",
                "You may not decide on aid for this household");
  }
  if (ActorRank(c, a) < LevelRank(aid->approval_level)) {
    return Fail(
        ErrorCode::kForbidden,
        "金额 " + Yuan(aid->amount_fen) + " 须由" + LevelZh(aid->approval_level) + "或更高一级审批",
        "An amount of " + FormatMoney(aid->amount_fen) + " needs approval at the " +
            aid->approval_level + " level or above",
        "approval_level");
  }
  // The money is the fund's: its own union (or one above) decides, never a union below it.
  auto fund = GetAccount(c, aid->fund_account_id);
  if (!fund || !fund->org_id || !write.Contains(fund->org_path, *fund->org_id)) {
    return Fail(ErrorCode::kForbidden,
                "这笔帮扶动用的是“" + aid->fund_name + "”，须由该资金所属工会或其上级审批",
                "This aid draws on '" + aid->fund_name +
                    "'; the union that holds the fund, or one above it, decides",
                "fund_account_id");
  }
  if (aid->state != "awaiting_approval") {
    return Fail(ErrorCode::kConflict, "该笔帮扶已审批", "This aid has been decided", "state");
  }
  if (!approve && (!reason || reason->empty())) {
    return Invalid("reason", "不予批准须填写理由", "A refusal needs a reason");
  }
  if (approve && a.principal && aid->requested_by == a.principal->username) {
    auto policy = hardship::PolicyForFile(c, aid->file_id, FormatDate(TodayInShanghai()));
    if (!policy || policy->separation_of_duties) {
      return Fail(ErrorCode::kForbidden,
                  "申请人不能审批自己提出的帮扶申请（审批分离），请由另一位干部审批",
                  "Whoever requested an aid may not approve it (separation of duties); another "
                  "cadre decides",
                  "approval");
    }
  }
  return db::WithTransaction(c, [&]() -> Result<Aid> {
    TransferRequest settle;
    settle.tid = NewTransferId();
    settle.kind = approve ? TransferKind::kPost : TransferKind::kVoid;
    settle.pending_tid = aid->pending_tid;
    settle.aid_id = aid->id;
    auto done = ApplyWithin(c, {settle}, ActorName(a));
    if (!done) return LedgerRefused(done.error());
    const std::string now = NowIso();
    aid_store::SetDecision(c, aid->id, approve ? "posted" : "rejected", settle.tid, ActorName(a),
                           now, reason);
    Aid decided = *aid_store::Get(c, aid->id);
    ZJ_TRY(TellFile(c, a, approve ? "aid_posted" : "aid_rejected", decided, approve));
    AuditAid(c, a, approve ? "aid.approve" : "aid.reject", decided);
    return decided;
  });
}

Result<Aid> GetAid(db::Connection& c, const auth::Actor& a, int64_t id) {
  auto aid = aid_store::Get(c, id);
  if (!aid || !a.ScopeFor(kFundsRead).Contains(aid->org_path, aid->org_id)) {
    return Fail(ErrorCode::kNotFound,
                "帮扶记录 " + std::to_string(id) + " 不存在或不在您的管辖范围内",
                "Aid " + std::to_string(id) + " does not exist or is outside your scope", "id");
  }
  return *aid;
}

Result<std::vector<Aid>> AidQueue(db::Connection& c, const auth::Actor& a) {
  const auth::DataScope scope = a.ScopeFor(kFundsWrite);
  if (scope.IsEmpty()) {
    return auth::NoRight(kFundsWrite);
  }
  return aid_store::Queue(c, scope, ActorRank(c, a), kAidQueueLimit);
}

Result<Account> FundInScope(db::Connection& c, const auth::Actor& a, int64_t id,
                            const char* permission) {
  auto acct = GetAccount(c, id);
  const auto scope = a.ScopeFor(permission);
  if (!acct || acct->kind != AccountKind::kFund || !acct->org_id ||
      !scope.Contains(acct->org_path, *acct->org_id)) {
    return Fail(ErrorCode::kNotFound,
                "资金账户 " + std::to_string(id) + " 不存在或不在您的管辖范围内",
                "Fund account " + std::to_string(id) + " does not exist or is outside your scope",
                "fund_account_id");
  }
  return *acct;
}

Result<std::vector<Aid>> UnpaidAid(db::Connection& c, const auth::Actor& a,
                                   int64_t fund_account_id) {
  ZJ_TRY(FundInScope(c, a, fund_account_id, kFundsWrite));
  return aid_store::Due(c, fund_account_id);
}

Result<std::vector<Aid>> AidOfFile(db::Connection& c, const auth::Actor& a, int64_t file_id) {
  ZJ_TRY(hardship::FileForActor(c, a, file_id));
  return aid_store::OfFile(c, file_id);
}

Result<AidQuote> QuoteAidFor(db::Connection& c, const auth::Actor& a, int64_t file_id,
                             std::string_view kind, int64_t amount_fen, Date today) {
  ZJ_ASSIGN_OR_RETURN(auto f, hardship::FileForActor(c, a, file_id));
  if (!a.ScopeFor(kFundsWrite).Contains(f.org_path, f.org_id)) return auth::NoRight(kFundsWrite);
  if (!IsAidKind(kind)) {
    return Invalid("kind",
                   "帮扶类别应为 living、medical、school、job_training、legal 或 campaign_gift",
                   "The kind is living, medical, school, job_training, legal or campaign_gift");
  }
  ZJ_ASSIGN_OR_RETURN(auto policy, hardship::PolicyFor(c, f.region_code, FormatDate(today)));
  return QuoteAid(policy, kind, f.category, aid_store::YearTotals(c, f.id, today.year()),
                  amount_fen);
}

Result<std::pair<std::string, std::vector<NoticeLine>>> AidNotice(db::Connection& c, int64_t org_id,
                                                                  int year) {
  auto org = orgs::FindOrg(c, auth::DataScope::All(), org_id);
  if (!org) {
    return Fail(ErrorCode::kNotFound, "工会组织 " + std::to_string(org_id) + " 不存在",
                "No union " + std::to_string(org_id), "org_id");
  }
  return std::pair{org->name, aid_store::PostedUnder(c, org->path, year, kAidNoticeLimit)};
}

}  // namespace zj::funds

#include "hardship/file_service.h"

#include <algorithm>
#include <boost/json.hpp>

#include "auth/audit.h"
#include "auth/permissions.h"
#include "base/clock.h"
#include "base/resident_id.h"
#include "base/text.h"
#include "hardship/policy_service.h"
#include "hardship/policy_store.h"
#include "members/model.h"
#include "members/service.h"
#include "orgs/service.h"

namespace zj::hardship {
namespace json = boost::json;
namespace {

std::unexpected<Error> NotInScope(int64_t id) {
  return Fail(
      ErrorCode::kNotFound, "困难档案 " + std::to_string(id) + " 不存在或不在您的管辖范围内",
      "Hardship file " + std::to_string(id) + " does not exist or is outside your scope", "id");
}

std::string ActorName(const auth::Actor& a) { return a.principal ? a.principal->username : "cli"; }

bool IsHolder(const auth::Actor& a, const HardshipFile& f) {
  return a.principal && a.principal->member_id && *a.principal->member_id == f.holder_member_id &&
         a.principal->Has(kApply);
}

// The file if the actor may read it: in their hardship:read scope, or their own.
Result<HardshipFile> Readable(db::Connection& c, const auth::Actor& a, int64_t id) {
  if (auto f = store::GetFile(c, a.ScopeFor(kHardshipRead), id)) return *f;
  if (auto f = store::GetFile(c, auth::DataScope::All(), id); f && IsHolder(a, *f)) return *f;
  return NotInScope(id);
}

// Whether a grant of the permission covers the org from strictly above it (an upper union).
bool StrictlyAbove(const auth::Actor& a, const char* permission, const HardshipFile& f) {
  auto scope = a.ScopeFor(permission);
  if (scope.IsAll()) return true;
  for (const auto& path : scope.subtree_paths()) {
    if (f.org_path.starts_with(path) && f.org_path != path) return true;
  }
  return false;
}

void AuditFile(db::Connection& c, const auth::Actor& a, const char* action, const HardshipFile& f,
               std::string detail = {}) {
  auto e = auth::AuditBy(a.principal, action, "hardship_file", std::to_string(f.id), a.request_id);
  e.org_path = f.org_path;
  e.detail = std::move(detail);
  auth::Audit(c, e);
}

void AddEvent(db::Connection& c, const auth::Actor& a, const HardshipFile& f, std::string action,
              std::optional<FileState> from, const std::optional<std::string>& reason,
              std::optional<std::string> detail = std::nullopt) {
  FileEvent e;
  e.at = NowIso();
  // The holder's own steps show as "self": their username is their phone number.
  e.actor = IsHolder(a, f) ? "self" : ActorName(a);
  e.action = std::move(action);
  if (from) e.from_state = std::string(FileStateName(*from));
  e.to_state = std::string(FileStateName(f.state));
  e.reason = reason;
  e.detail = std::move(detail);
  store::AddEvent(c, e, f.id);
}

// Every person the file lists must be in no other open file, anywhere. Where that file is, and
// its number, are told only to a caller who may read it: to anyone else, that a person is in a
// hardship file is itself sensitive.
Result<void> OnePersonOneFile(db::Connection& c, const auth::Actor& a, const HardshipFile& f) {
  std::vector<std::string> ids{f.holder_id_number};
  for (const auto& p : f.data.people) ids.push_back(p.id_number);
  auto clashes = store::OpenFilesOf(c, ids, f.id);
  if (clashes.empty()) return {};
  const auto& h = clashes.front();
  std::string who = h.id_number == f.holder_id_number ? f.holder_name : h.id_number;
  for (const auto& p : f.data.people) {
    if (p.id_number == h.id_number) who = p.name;
  }
  who += "（" + MaskResidentId(h.id_number) + "）";
  if (!a.ScopeFor(kHardshipRead).Contains(h.org_path, h.org_id)) {
    return Fail(ErrorCode::kConflict,
                who + "已列入其他困难职工档案，一人只能在一户档案中；请联系所在工会核实",
                who +
                    " is already in another open hardship file; a person may be in one file "
                    "only — ask your union to check",
                "people");
  }
  return Fail(ErrorCode::kConflict,
              who + "已列入“" + h.org_name + "”的困难职工档案（档案号 " +
                  std::to_string(h.file_id) + "），一人只能在一户档案中；请先由该工会处理原档案",
              who + " is already in an open hardship file of '" + h.org_name + "' (file " +
                  std::to_string(h.file_id) +
                  "); a person may be in one file only — that union must close or change it first",
              "people");
}

// Aid is paid only to the holder's own real-name account.
Result<void> CheckAccountHolder(const BankAccount& account, const std::string& holder_name) {
  if (account.holder_name == holder_name) return {};
  return Invalid("bank.holder_name",
                 "银行账户户名“" + account.holder_name + "”与申请人实名“" + holder_name +
                     "”不一致；帮扶资金只能发放到本人实名账户",
                 "The account holder '" + account.holder_name +
                     "' differs from the applicant's real name; aid is paid only to the "
                     "applicant's own account");
}

// Checks what the store cannot: the causes against the dictionary, the people against the
// holder and each other, the bank account's holder name against the real name.
Result<void> CheckDeclaration(db::Connection& c, const FileData& d, const std::string& holder_name,
                              const std::string& holder_id) {
  auto causes = store::Causes(c);
  auto known = [&](const std::string& code) {
    return std::any_of(causes.begin(), causes.end(),
                       [&](const store::Cause& k) { return k.code == code && k.active; });
  };
  if (!known(d.primary_cause)) {
    return Invalid("primary_cause", "主要致困原因“" + d.primary_cause + "”不在原因字典中",
                   "The primary cause '" + d.primary_cause + "' is not in the causes dictionary");
  }
  for (const auto& code : d.secondary_causes) {
    if (!known(code)) {
      return Invalid("secondary_causes", "次要致困原因“" + code + "”不在原因字典中",
                     "The secondary cause '" + code + "' is not in the causes dictionary");
    }
  }
  std::vector<std::string> seen{holder_id};
  for (const auto& p : d.people) {
    if (std::find(seen.begin(), seen.end(), p.id_number) != seen.end()) {
      return Invalid("people", p.name + " 的身份证号在本户中重复（与户主或其他成员相同）",
                     "The ID number of " + p.name + " appears twice in this household");
    }
    seen.push_back(p.id_number);
  }
  if (d.bank) return CheckAccountHolder(*d.bank, holder_name);
  return {};
}

// A declaration edited from a masked view carries the masks back: each masked value must be the
// mask of the stored one (then the stored value stays); anything else must be typed in full.
Result<void> ResolveMasked(FileData& in, const FileData& stored) {
  for (size_t i = 0; i < in.people.size(); ++i) {
    Person& p = in.people[i];
    if (p.id_number.find('*') == std::string::npos) continue;
    auto it = std::find_if(stored.people.begin(), stored.people.end(), [&](const Person& s) {
      return MaskResidentId(s.id_number) == p.id_number && s.name == p.name;
    });
    if (it == stored.people.end()) {
      return Invalid(
          "people[" + std::to_string(i) + "].id_number",
          p.name + "：请填写完整的身份证号（遮挡的号码只能原样保留原值）",
          p.name + ": type the full ID number (a masked number only keeps the stored one)");
    }
    p.id_number = it->id_number;
  }
  if (in.phone && in.phone->find('*') != std::string::npos) {
    if (!stored.phone || members::MaskPhone(*stored.phone) != *in.phone) {
      return Invalid("phone", "请填写完整的手机号", "Type the full phone number");
    }
    in.phone = stored.phone;
  }
  if (in.bank && in.bank->account.find('*') != std::string::npos) {
    if (!stored.bank || MaskAccountNumber(stored.bank->account) != in.bank->account) {
      return Invalid("bank.account", "请填写完整的银行账号", "Type the full bank account number");
    }
    in.bank->account = stored.bank->account;
  }
  return {};
}

Result<void> Assess(db::Connection& c, const auth::Actor& a, HardshipFile& f, Date today,
                    json::object* summary) {
  ZJ_ASSIGN_OR_RETURN(auto policy, PolicyFor(c, f.region_code, FormatDate(today)));
  const Household h = ToHousehold(f.data, true, !f.consent_at.has_value());
  const Assessment result = hardship::Assess(h, policy);
  f.category = std::string(CategoryName(result.category));
  f.per_head_monthly_fen = result.figures.per_head_monthly_fen;
  f.policy_region = policy.region_code;
  f.policy_version = policy.version;
  store::StoredAssessment s;
  s.at = NowIso();
  s.actor = ActorName(a);
  s.policy_region = policy.region_code;
  s.policy_version = policy.version;
  s.category = *f.category;
  s.per_head_monthly_fen = result.figures.per_head_monthly_fen;
  s.inputs = json::serialize(HouseholdToJson(h));
  s.result = json::serialize(AssessmentToJson(result));
  store::AddAssessment(c, f.id, s);
  if (summary) {
    (*summary)["category"] = *f.category;
    (*summary)["per_head_monthly_fen"] = result.figures.per_head_monthly_fen;
    (*summary)["policy"] = policy.region_code + " v" + std::to_string(policy.version);
  }
  return {};
}

int MonthIndex(const std::string& ym) {
  return std::stoi(ym.substr(0, 4)) * 12 + std::stoi(ym.substr(5, 2)) - 1;
}

// Six months in a row, the latest first, each above 1× 低保.
bool SixMonthsAbove(const std::vector<store::MonthFigure>& latest) {
  if (latest.size() < 6) return false;
  for (size_t i = 0; i < 6; ++i) {
    if (latest[i].per_head_monthly_fen <= latest[i].dibao_monthly_fen) return false;
    if (i > 0 && MonthIndex(latest[i - 1].month) - MonthIndex(latest[i].month) != 1) return false;
  }
  return true;
}

const char* LevelZh(std::string_view level) {
  return level == "national" ? "全国级" : level == "provincial" ? "省级" : "地方级";
}

// The highest filing level the actor's org may grant: the national union files nationally, a
// province's union provincially, the rest locally.
int OrgDepth(const auth::Actor& a) {
  if (!a.principal) return 1;
  return static_cast<int>(
             std::count(a.principal->org_path.begin(), a.principal->org_path.end(), '/')) -
         1;
}

// What one step needs and does beyond its change of state, and what it adds to its event.
struct StepContext {
  db::Connection& c;
  const auth::Actor& a;
  HardshipFile& f;
  const ActInput& in;
  Date today;
  json::object& detail;
};
using StepHandler = Result<void> (*)(StepContext&);

// 入户走访: only with the applicant's signed consent to the economic check.
Result<void> VisitStep(StepContext& s) {
  if (!s.in.consent || !*s.in.consent) {
    return Invalid(
        "consent",
        "入户走访须由申请人签署家庭经济状况核查授权；申请人拒绝核查的，请以“不予受理”结束申请",
        "The home visit needs the applicant's signed consent to the economic check; "
        "if they refuse, end the application with 'reject'");
  }
  s.f.consent_at = NowIso();
  return {};
}

// 核实: the household is assessed against the policy in force.
Result<void> VerifyStep(StepContext& s) { return Assess(s.c, s.a, s.f, s.today, &s.detail); }

// 公示: an eligible category only, for the policy's working days from its first day.
Result<void> StartNoticeStep(StepContext& s) {
  HardshipFile& f = s.f;
  if (!f.category || *f.category == "none" || *f.category == "excluded") {
    return Fail(ErrorCode::kConflict,
                "核实结果为“" + f.category.value_or("none") +
                    "”，不符合建档条件，不能公示；请查看评估说明后以“不予受理”结束",
                "The verified category is '" + f.category.value_or("none") +
                    "': not eligible, so no notice; see the assessment and reject instead",
                "category");
  }
  Date start = s.today;
  if (s.in.notice_start) {
    ZJ_ASSIGN_OR_RETURN(auto d, ParseDate(*s.in.notice_start, "notice_start"));
    if (d > s.today || d < s.today.AddDays(-kNoticeBackDays)) {
      return Invalid("notice_start", "公示开始日期应在今天及之前 30 天内",
                     "The notice start must be today or within the last 30 days");
    }
    start = d;
  }
  ZJ_ASSIGN_OR_RETURN(auto policy, PolicyFor(s.c, f.region_code, FormatDate(start)));
  const WorkCalendar cal = store::LoadCalendar(s.c);
  f.notice_start = FormatDate(start);
  f.notice_end = FormatDate(cal.WindowEnd(start, policy.notice_working_days));
  s.detail["notice_start"] = *f.notice_start;
  s.detail["notice_end"] = *f.notice_end;
  s.detail["working_days"] = policy.notice_working_days;
  return {};
}

// 报送上级: after the notice has ended, with every objection answered.
Result<void> SubmitStep(StepContext& s) {
  const std::string day = FormatDate(s.today);
  if (s.f.notice_end && day <= *s.f.notice_end) {
    return Fail(ErrorCode::kConflict,
                "公示期至 " + *s.f.notice_end + " 结束，公示期满后才能报送上级审核",
                "The public notice runs until " + *s.f.notice_end +
                    "; submit it for upper review after that",
                "notice_end");
  }
  for (const auto& o : store::Objections(s.c, s.f.id)) {
    if (!o.answer) {
      return Fail(ErrorCode::kConflict,
                  "公示期间的异议（编号 " + std::to_string(o.id) + "）尚未答复，答复后才能报送",
                  "Objection " + std::to_string(o.id) +
                      " raised during the notice is unanswered; answer it before submitting",
                  "objections");
    }
  }
  return {};
}

// 审核建档: at a level the approving union may grant; the first review falls due.
Result<void> ApproveStep(StepContext& s) {
  const std::string level = s.in.level.value_or("local");
  if (level != "national" && level != "provincial" && level != "local") {
    return Invalid("level", "建档级别应为 national、provincial 或 local",
                   "The filing level is national, provincial or local");
  }
  const int depth = OrgDepth(s.a);
  if ((level == "national" && depth > 1) || (level == "provincial" && depth > 2)) {
    return Fail(ErrorCode::kForbidden,
                std::string("只有") + (level == "national" ? "全国总工会" : "省级工会") +
                    "可以建立" + LevelZh(level) + "档案",
                "Only the " + std::string(level == "national" ? "national" : "a provincial") +
                    " union may file at the " + level + " level",
                "level");
  }
  const std::string day = FormatDate(s.today);
  ZJ_ASSIGN_OR_RETURN(auto policy, PolicyFor(s.c, s.f.region_code, day));
  s.f.filed_level = level;
  s.f.filed_at = day;
  s.f.last_reviewed_at = day;
  s.f.next_review_due = FormatDate(AddMonths(s.today, policy.review_interval_months));
  s.detail["level"] = level;
  s.detail["next_review_due"] = *s.f.next_review_due;
  return {};
}

// Help given (recorded by hand, or money paid from a fund): the household was aided today.
Result<void> AidedStep(StepContext& s) {
  s.f.last_aided_at = FormatDate(s.today);
  return {};
}

// 脱困: six months on record above the line.
Result<void> ExitOutStep(StepContext& s) {
  if (!s.f.exit_candidate) {
    return Fail(ErrorCode::kConflict, "尚无连续 6 个月人均收入高于低保标准的监测记录，不能认定脱困",
                "There are not six consecutive months of per-head income above the minimum "
                "living standard on record: not out of hardship yet",
                "monitoring");
  }
  s.f.exit_kind = "out_of_hardship";
  return {};
}

Result<void> RelieveStep(StepContext& s) {
  s.f.exit_kind = "relieved";
  return {};
}

Result<void> CloseStep(StepContext& s) {
  s.f.exit_kind = "closed";
  return {};
}

// 重新申请: the file starts again from its declaration.
Result<void> ReapplyStep(StepContext& s) {
  HardshipFile& f = s.f;
  f.category.reset();
  f.per_head_monthly_fen.reset();
  f.consent_at.reset();
  f.notice_start.reset();
  f.notice_end.reset();
  f.exit_kind.reset();
  f.exit_candidate = false;
  f.filed_level.reset();
  f.filed_at.reset();
  f.next_review_due.reset();
  return {};
}

// The steps of FileTransitions() that do more than change the state, each by its handler.
constexpr std::array<std::pair<std::string_view, StepHandler>, 11> kStepHandlers = {{
    {"visit", VisitStep},
    {"verify", VerifyStep},
    {"start_notice", StartNoticeStep},
    {"submit", SubmitStep},
    {"approve", ApproveStep},
    {"record_aid", AidedStep},
    {"aid_paid", AidedStep},
    {"exit_out", ExitOutStep},
    {"relieve", RelieveStep},
    {"close", CloseStep},
    {"reapply", ReapplyStep},
}};

StepHandler HandlerOf(std::string_view action) {
  for (const auto& [name, handler] : kStepHandlers) {
    if (name == action) return handler;
  }
  return nullptr;
}

// Takes the step: its handler, the new state, the event and the audit entry, in one transaction.
Result<HardshipFile> TakeStep(db::Connection& c, const auth::Actor& a, HardshipFile f,
                              const FileTransition& t, const ActInput& in,
                              const std::optional<std::string>& reason, Date today) {
  return db::WithTransaction(c, [&]() -> Result<HardshipFile> {
    const FileState from = f.state;
    json::object detail;
    StepContext ctx{c, a, f, in, today, detail};
    if (StepHandler handler = HandlerOf(t.action)) ZJ_TRY(handler(ctx));
    f.state = t.to;
    f.updated_at = NowIso();
    if (t.action == "reapply") ZJ_TRY(OnePersonOneFile(c, a, f));
    store::UpdateFile(c, f);
    const std::string d = detail.empty() ? "" : json::serialize(detail);
    AddEvent(c, a, f, std::string(t.action), from, reason,
             d.empty() ? std::nullopt : std::optional<std::string>(d));
    AuditFile(c, a, ("hardship." + std::string(t.action)).c_str(), f, d);
    return f;
  });
}

}  // namespace

std::map<int64_t, HouseholdFacts> HouseholdFactsOf(db::Connection& c,
                                                   const std::vector<int64_t>& file_ids) {
  std::map<int64_t, HouseholdFacts> out;
  for (const auto& [id, path, state, level] : store::Facts(c, file_ids)) {
    out[id] = {path, ParseFileState(state).value_or(FileState::kApplied), level};
  }
  return out;
}

Result<void> RecordAidOnFile(db::Connection& c, const auth::Actor& a, int64_t file_id,
                             const std::string& action, const std::string& detail, bool paid,
                             Date today) {
  auto f = store::GetFile(c, auth::DataScope::All(), file_id);
  if (!f) return NotInScope(file_id);
  const FileState from = f->state;
  if (paid) {
    const FileTransition* t = FindFileTransition("aid_paid");
    if (std::find(t->from.begin(), t->from.end(), f->state) == t->from.end()) {
      return Fail(ErrorCode::kConflict, "该家庭未建档或不在帮扶中，不能发放帮扶资金",
                  "The household is not filed and under aid; no aid may be paid", "file_id");
    }
    json::object none;
    const ActInput no_input;
    StepContext ctx{c, a, *f, no_input, today, none};
    ZJ_TRY(AidedStep(ctx));
    f->state = t->to;
    f->updated_at = NowIso();
    store::UpdateFile(c, *f);
  }
  AddEvent(c, a, *f, action, from, std::nullopt, detail);
  return {};
}

Date AddMonths(Date d, int n) {
  int months = d.year() * 12 + (d.month() - 1) + n;
  const int y = months / 12, m = months % 12 + 1;
  for (int day = d.day(); day >= 28; --day) {
    if (auto out = Date::FromCivil(y, m, day)) return *out;
  }
  return *Date::FromCivil(y, m, std::min(d.day(), 28));
}

std::vector<std::string_view> AllowedActions(const auth::Actor& a, const HardshipFile& f) {
  std::vector<std::string_view> out;
  for (const auto& t : FileTransitions()) {
    if (t.who == Who::kService) continue;
    if (std::find(t.from.begin(), t.from.end(), f.state) == t.from.end()) continue;
    const bool allowed = t.who == Who::kAboveOnly
                             ? StrictlyAbove(a, t.permission, f)
                             : a.ScopeFor(t.permission).Contains(f.org_path, f.org_id);
    if (!allowed) continue;
    if (t.action == "exit_out" && !f.exit_candidate) continue;
    if (t.action == "submit" && f.notice_end && FormatDate(TodayInShanghai()) <= *f.notice_end) {
      continue;
    }
    out.push_back(t.action);
  }
  return out;
}

Result<HardshipFile> FileForActor(db::Connection& c, const auth::Actor& a, int64_t id) {
  return Readable(c, a, id);
}

bool MayChangeFile(const auth::Actor& a, const HardshipFile& f) {
  return a.ScopeFor(kFileWrite).Contains(f.org_path, f.org_id) ||
         (IsHolder(a, f) && f.state == FileState::kApplied);
}

void MaskFile(HardshipFile& f) {
  f.holder_id_number = MaskResidentId(f.holder_id_number);
  if (f.data.phone) f.data.phone = members::MaskPhone(*f.data.phone);
  for (auto& p : f.data.people) p.id_number = MaskResidentId(p.id_number);
  if (f.data.bank) f.data.bank->account = MaskAccountNumber(f.data.bank->account);
}

bool MayUnmaskFile(const auth::Actor& a, const HardshipFile& f) {
  return a.ScopeFor(kHardshipUnmask).Contains(f.org_path, f.org_id) || IsHolder(a, f);
}

Result<HardshipFile> ApplyForHardship(db::Connection& c, const auth::Actor& a, int64_t member_id,
                                      const FileData& data) {
  auto member = members::FindMember(c, member_id);
  const bool self = a.principal && a.principal->member_id == member_id && a.principal->Has(kApply);
  if (!member || (!self && !a.ScopeFor(kFileWrite).Contains(member->org_path, member->org_id))) {
    if (member && a.ScopeFor(kHardshipRead).Contains(member->org_path, member->org_id)) {
      return auth::NoRight(kFileWrite);
    }
    return Fail(ErrorCode::kNotFound,
                "会员 " + std::to_string(member_id) + " 不存在或不在您的管辖范围内",
                "Member " + std::to_string(member_id) + " does not exist or is outside your scope",
                "member_id");
  }
  using members::State;
  if (member->state != State::kActive && member->state != State::kProvisional &&
      member->state != State::kRetained) {
    return Fail(ErrorCode::kConflict,
                member->name + " 的会籍状态为“" +
                    std::string(members::kStateNamesZh[static_cast<size_t>(member->state)]) +
                    "”，困难职工建档须为在会会员",
                member->name + " is not a current member (state " +
                    std::string(members::StateName(member->state)) +
                    "); hardship files are for union members",
                "member_id");
  }
  ZJ_TRY(CheckDeclaration(c, data, member->name, member->id_number));
  auto org = orgs::FindOrg(c, auth::DataScope::All(), member->org_id);
  if (!org) return NotInScope(0);
  return db::WithTransaction(c, [&]() -> Result<HardshipFile> {
    HardshipFile f;
    f.org_id = member->org_id;
    f.org_path = member->org_path;
    f.province_code = member->province_code;
    f.region_code = org->region_code;
    f.holder_member_id = member->id;
    f.holder_name = member->name;
    f.holder_id_number = member->id_number;
    f.state = FileState::kApplied;
    f.data = data;
    if (!f.data.phone && member->phone) f.data.phone = member->phone;
    f.applied_by = self ? "self" : ActorName(a);
    f.created_at = f.updated_at = NowIso();
    ZJ_TRY(OnePersonOneFile(c, a, f));
    f.id = store::InsertFile(c, f);
    AddEvent(c, a, f, "apply", std::nullopt, std::nullopt,
             self ? std::optional<std::string>("{\"channel\":\"worker\"}")
                  : std::optional<std::string>("{\"channel\":\"cadre\"}"));
    AuditFile(c, a, "hardship.apply", f);
    auto stored = store::GetFile(c, auth::DataScope::All(), f.id);
    return *stored;
  });
}

Result<HardshipFile> GetHardshipFile(db::Connection& c, const auth::Actor& a, int64_t id,
                                     bool unmask) {
  auto f = Readable(c, a, id);
  if (!f) return f;
  if (unmask && MayUnmaskFile(a, *f)) {
    if (!IsHolder(a, *f)) {
      db::WithTransaction(c, [&] { AuditFile(c, a, "hardship.unmask", *f); });
    }
    return f;
  }
  if (unmask) return auth::NoRight(kHardshipUnmask);
  MaskFile(*f);
  return f;
}

Result<HardshipFile> MyFile(db::Connection& c, const auth::Actor& a) {
  if (!a.principal || !a.principal->member_id || !a.principal->Has(kApply)) {
    return Fail(ErrorCode::kForbidden, "只有职工本人账号可以查看本人档案",
                "Only a worker's own account can see their own file");
  }
  auto f = store::FileOfHolder(c, *a.principal->member_id);
  if (!f) {
    return Fail(ErrorCode::kNotFound, "您还没有困难职工档案", "You have no hardship file");
  }
  return *f;
}

Result<HardshipFile> UpdateDeclaration(db::Connection& c, const auth::Actor& a, int64_t id,
                                       const FileData& data) {
  auto f = Readable(c, a, id);
  if (!f) return f;
  const bool own = IsHolder(a, *f) && f->state == FileState::kApplied;
  if (!own && !a.ScopeFor(kFileWrite).Contains(f->org_path, f->org_id))
    return auth::NoRight(kFileWrite);
  if (f->state != FileState::kApplied && f->state != FileState::kChecked &&
      f->state != FileState::kVisited && f->state != FileState::kReturned) {
    return Fail(ErrorCode::kConflict,
                "档案当前为“" + std::string(kFileStateNamesZh[static_cast<size_t>(f->state)]) +
                    "”，申报内容不能再改；已建档的请在年度复核中更新",
                "The file is " + std::string(FileStateName(f->state)) +
                    "; the declaration can no longer change (use the yearly review once filed)",
                "state");
  }
  FileData declared = data;
  ZJ_TRY(ResolveMasked(declared, f->data));
  ZJ_TRY(CheckDeclaration(c, declared, f->holder_name, f->holder_id_number));
  return db::WithTransaction(c, [&]() -> Result<HardshipFile> {
    f->data = declared;
    f->updated_at = NowIso();
    ZJ_TRY(OnePersonOneFile(c, a, *f));
    store::UpdateFile(c, *f);
    AddEvent(c, a, *f, "update", f->state, std::nullopt);
    AuditFile(c, a, "hardship.update", *f);
    return *f;
  });
}

Result<HardshipFile> SetBankAccount(db::Connection& c, const auth::Actor& a, int64_t id,
                                    const BankAccount& account) {
  auto f = Readable(c, a, id);
  if (!f) return f;
  if (!a.ScopeFor(kFileWrite).Contains(f->org_path, f->org_id)) return auth::NoRight(kFileWrite);
  if (!IsOpen(f->state)) {
    return Fail(ErrorCode::kConflict,
                "档案当前为“" + std::string(kFileStateNamesZh[static_cast<size_t>(f->state)]) +
                    "”，不能再修改收款账户",
                "The file is " + std::string(FileStateName(f->state)) +
                    "; its bank account can no longer change",
                "state");
  }
  FileData declared = f->data;
  declared.bank = account;
  ZJ_TRY(ResolveMasked(declared, f->data));
  ZJ_TRY(CheckAccountHolder(*declared.bank, f->holder_name));
  return db::WithTransaction(c, [&]() -> Result<HardshipFile> {
    f->data = declared;
    f->updated_at = NowIso();
    store::UpdateFile(c, *f);
    AddEvent(c, a, *f, "bank_account", f->state, std::nullopt,
             declared.bank->bank + " " + MaskAccountNumber(declared.bank->account));
    AuditFile(c, a, "hardship.bank_account", *f);
    return *f;
  });
}

Result<HardshipFile> ActOnFile(db::Connection& c, const auth::Actor& a, int64_t id,
                               std::string_view action, const ActInput& in, Date today) {
  const FileTransition* t = FindFileTransition(action);
  if (!t) {
    std::string list;
    for (const auto& x : FileTransitions())
      list += (list.empty() ? "" : ", ") + std::string(x.action);
    return Invalid("action", "未知操作“" + std::string(action) + "”，可用：" + list,
                   "Unknown action '" + std::string(action) + "'; one of: " + list);
  }
  if (t->who == Who::kService) {
    return Fail(ErrorCode::kForbidden,
                "“" + std::string(action) + "”由帮扶资金的审批自动记入，不能直接办理",
                "'" + std::string(action) +
                    "' is recorded by the approval of aid from a fund, "
                    "not taken directly",
                "action");
  }
  auto f = Readable(c, a, id);
  if (!f) return f;
  const bool allowed = t->who == Who::kAboveOnly
                           ? StrictlyAbove(a, t->permission, *f)
                           : a.ScopeFor(t->permission).Contains(f->org_path, f->org_id);
  if (!allowed) {
    if (t->who == Who::kAboveOnly && a.ScopeFor(t->permission).Contains(f->org_path, f->org_id)) {
      return Fail(ErrorCode::kForbidden, "该步骤须由上级工会办理，本级工会不能自审",
                  "This step belongs to an upper union; a union cannot review its own file");
    }
    return auth::NoRight(t->permission);
  }
  if (std::find(t->from.begin(), t->from.end(), f->state) == t->from.end()) {
    return Fail(ErrorCode::kConflict,
                "档案当前为“" + std::string(kFileStateNamesZh[static_cast<size_t>(f->state)]) +
                    "”，不能执行“" + std::string(action) + "”",
                "The file is " + std::string(FileStateName(f->state)) + "; '" +
                    std::string(action) + "' is not possible now",
                "action");
  }
  std::optional<std::string> reason = in.reason;
  if (reason && reason->empty()) reason.reset();
  if (t->needs_reason && !reason) {
    return Invalid("reason", "此操作须填写理由", "This step needs a reason");
  }
  return TakeStep(c, a, std::move(*f), *t, in, reason, today);
}

Result<HardshipFile> ReviewFile(db::Connection& c, const auth::Actor& a, int64_t id,
                                const std::optional<FileData>& data, Date today) {
  auto f = Readable(c, a, id);
  if (!f) return f;
  if (!a.ScopeFor(kFileWrite).Contains(f->org_path, f->org_id)) return auth::NoRight(kFileWrite);
  if (f->state != FileState::kFiled && f->state != FileState::kAided) {
    return Fail(ErrorCode::kConflict, "只有已建档或帮扶中的档案需要年度复核",
                "Only filed households (or those under aid) have yearly reviews", "state");
  }
  std::optional<FileData> declared = data;
  if (declared) {
    ZJ_TRY(ResolveMasked(*declared, f->data));
    ZJ_TRY(CheckDeclaration(c, *declared, f->holder_name, f->holder_id_number));
  }
  return db::WithTransaction(c, [&]() -> Result<HardshipFile> {
    const std::optional<std::string> before = f->category;
    if (declared) {
      f->data = *declared;
      ZJ_TRY(OnePersonOneFile(c, a, *f));
    }
    json::object detail;
    ZJ_TRY(Assess(c, a, *f, today, &detail));
    ZJ_ASSIGN_OR_RETURN(auto policy, PolicyFor(c, f->region_code, FormatDate(today)));
    f->last_reviewed_at = FormatDate(today);
    f->next_review_due = FormatDate(AddMonths(today, policy.review_interval_months));
    f->updated_at = NowIso();
    detail["from_category"] = before.value_or("none");
    detail["next_review_due"] = *f->next_review_due;
    store::UpdateFile(c, *f);
    const std::string d = json::serialize(detail);
    AddEvent(c, a, *f, before == f->category ? "review" : "category_change", f->state, std::nullopt,
             d);
    AuditFile(c, a, "hardship.review", *f, d);
    return *f;
  });
}

Result<HardshipFile> RecordMonth(db::Connection& c, const auth::Actor& a, int64_t id,
                                 const std::string& month, int64_t per_head_monthly_fen,
                                 Date today) {
  auto f = Readable(c, a, id);
  if (!f) return f;
  if (!a.ScopeFor(kFileWrite).Contains(f->org_path, f->org_id)) return auth::NoRight(kFileWrite);
  if (f->state != FileState::kFiled && f->state != FileState::kAided &&
      f->state != FileState::kMonitoring) {
    return Fail(ErrorCode::kConflict, "只有已建档、帮扶中或脱困监测中的档案记录月度收入",
                "Monthly figures are kept only for filed, aided or monitored households", "state");
  }
  auto first = ParseDate(month + "-01", "month");
  if (month.size() != 7 || !first) {
    return Invalid("month", "月份格式应为 YYYY-MM", "The month is YYYY-MM");
  }
  if (FormatDate(*first).substr(0, 7) > FormatDate(today).substr(0, 7)) {
    return Invalid("month", "不能记录未来月份", "A future month cannot be recorded");
  }
  if (per_head_monthly_fen < 0) {
    return Invalid("per_head_monthly_fen", "人均月收入不能为负数",
                   "Per-head monthly income cannot be negative");
  }
  ZJ_ASSIGN_OR_RETURN(auto policy, PolicyFor(c, f->region_code, FormatDate(*first)));
  return db::WithTransaction(c, [&]() -> Result<HardshipFile> {
    store::PutMonth(c, f->id, {month, per_head_monthly_fen, policy.dibao_monthly_fen},
                    ActorName(a));
    const bool was = f->exit_candidate;
    f->exit_candidate = SixMonthsAbove(store::LatestMonths(c, f->id, 6));
    f->updated_at = NowIso();
    store::UpdateFile(c, *f);
    const std::string d =
        json::serialize(json::object{{"month", month},
                                     {"per_head_monthly_fen", per_head_monthly_fen},
                                     {"dibao_monthly_fen", policy.dibao_monthly_fen},
                                     {"exit_candidate", f->exit_candidate}});
    AddEvent(c, a, *f, !was && f->exit_candidate ? "exit_candidate" : "monitor", f->state,
             std::nullopt, d);
    AuditFile(c, a, "hardship.monitor", *f, d);
    return *f;
  });
}

Result<Objection> RaiseObjection(db::Connection& c, const auth::Actor& a, int64_t file_id,
                                 const std::string& raised_by, const std::string& content) {
  ZJ_ASSIGN_OR_RETURN(auto f, Readable(c, a, file_id));
  if (!a.ScopeFor(kFileWrite).Contains(f.org_path, f.org_id)) return auth::NoRight(kFileWrite);
  if (f.state != FileState::kNotice) {
    return Fail(ErrorCode::kConflict, "只有公示中的档案可以登记异议",
                "Objections are recorded while the file is in public notice", "state");
  }
  return db::WithTransaction(c, [&]() -> Result<Objection> {
    Objection o;
    o.file_id = f.id;
    o.raised_at = NowIso();
    o.raised_by = raised_by;
    o.content = content;
    o.recorded_by = ActorName(a);
    o.id = store::AddObjection(c, o);
    AddEvent(c, a, f, "objection", f.state, std::nullopt,
             json::serialize(json::object{{"objection_id", o.id}, {"content", content}}));
    AuditFile(c, a, "hardship.objection", f);
    return o;
  });
}

Result<Objection> AnswerObjection(db::Connection& c, const auth::Actor& a, int64_t objection_id,
                                  const std::string& answer) {
  auto o = store::GetObjection(c, objection_id);
  if (!o) {
    return Fail(ErrorCode::kNotFound, "异议 " + std::to_string(objection_id) + " 不存在",
                "No objection " + std::to_string(objection_id), "id");
  }
  auto f = Readable(c, a, o->file_id);
  if (!f) {
    return Fail(ErrorCode::kNotFound, "异议 " + std::to_string(objection_id) + " 不存在",
                "No objection " + std::to_string(objection_id), "id");
  }
  if (!a.ScopeFor(kFileWrite).Contains(f->org_path, f->org_id)) return auth::NoRight(kFileWrite);
  if (o->answer) {
    return Fail(ErrorCode::kConflict, "该异议已答复", "The objection has been answered", "id");
  }
  return db::WithTransaction(c, [&]() -> Result<Objection> {
    o->answer = answer;
    o->answered_by = ActorName(a);
    o->answered_at = NowIso();
    store::AnswerObjection(c, *o);
    AddEvent(c, a, *f, "objection_answer", f->state, std::nullopt,
             json::serialize(json::object{{"objection_id", o->id}, {"answer", answer}}));
    AuditFile(c, a, "hardship.objection_answer", *f);
    return *o;
  });
}

namespace {

Result<void> MayRead(const auth::Actor& a) {
  if (a.ScopeFor(kHardshipRead).IsEmpty()) return auth::NoRight(kHardshipRead);
  return {};
}

}  // namespace

Result<std::pair<std::vector<HardshipFile>, int64_t>> ListHardshipFiles(
    db::Connection& c, const auth::Actor& a, store::FileFilter f, std::optional<int64_t> org_id) {
  ZJ_TRY(MayRead(a));
  ZJ_ASSIGN_OR_RETURN(auto path, HardshipSubtree(c, a, org_id));
  f.org_path = path;
  if (f.today.empty()) f.today = FormatDate(TodayInShanghai());
  auto out = store::ListFiles(c, a.ScopeFor(kHardshipRead), f);
  for (auto& file : out.first) MaskFile(file);
  return out;
}

Result<std::vector<std::pair<std::string, int64_t>>> FileStateCounts(
    db::Connection& c, const auth::Actor& a, std::optional<int64_t> org_id) {
  ZJ_TRY(MayRead(a));
  ZJ_ASSIGN_OR_RETURN(auto path, HardshipSubtree(c, a, org_id));
  return store::CountByState(c, a.ScopeFor(kHardshipRead), path);
}

Result<std::vector<FileEvent>> FileEvents(db::Connection& c, const auth::Actor& a, int64_t id) {
  ZJ_TRY(Readable(c, a, id));
  return store::Events(c, id);
}

Result<std::vector<Objection>> FileObjections(db::Connection& c, const auth::Actor& a, int64_t id) {
  ZJ_TRY(Readable(c, a, id));
  return store::Objections(c, id);
}

Result<std::vector<Replayed>> FileAssessments(db::Connection& c, const auth::Actor& a, int64_t id) {
  ZJ_TRY(Readable(c, a, id));
  std::vector<Replayed> out;
  for (auto& s : store::Assessments(c, id)) {
    Replayed r{s, false};
    auto policy = store::Version(c, s.policy_region, s.policy_version);
    boost::system::error_code ec;
    json::value inputs = json::parse(s.inputs, ec);
    if (policy && !ec && inputs.is_object()) {
      const Assessment again = hardship::Assess(HouseholdFromJson(inputs.as_object()), *policy);
      r.replay_matches = json::serialize(AssessmentToJson(again)) == s.result;
    }
    out.push_back(std::move(r));
  }
  return out;
}

Result<NoticeBoard> PublicNotice(db::Connection& c, int64_t org_id) {
  auto org = orgs::FindOrg(c, auth::DataScope::All(), org_id);
  if (!org) {
    return Fail(ErrorCode::kNotFound, "工会组织 " + std::to_string(org_id) + " 不存在",
                "No union " + std::to_string(org_id), "org_id");
  }
  NoticeBoard board;
  board.org_name = org->name;
  for (const auto& f : store::InNotice(c, org->path)) {
    board.entries.push_back({MaskName(f.holder_name), f.org_name, f.category.value_or("none"),
                             1 + static_cast<int>(f.data.people.size()),
                             f.notice_start.value_or(""), f.notice_end.value_or("")});
  }
  return board;
}

Result<std::vector<store::CalendarDay>> CalendarOf(db::Connection& c, int year) {
  if (year < 2000 || year > 2100) {
    return Invalid("year", "年份应在 2000 到 2100 之间", "The year is between 2000 and 2100");
  }
  return store::CalendarYear(c, year);
}

Result<void> SetCalendar(db::Connection& c, const auth::Actor& a, int year,
                         const std::vector<store::CalendarDay>& days) {
  if (!a.ScopeFor("hardship:calendar:write").IsAll())
    return auth::NoRight("hardship:calendar:write");
  if (year < 2000 || year > 2100) {
    return Invalid("year", "年份应在 2000 到 2100 之间", "The year is between 2000 and 2100");
  }
  for (const auto& d : days) {
    auto day = ParseDate(d.day, "days");
    if (!day || day->year() != year) {
      return Invalid("days", "日期 " + d.day + " 无效或不在 " + std::to_string(year) + " 年",
                     "Day " + d.day + " is invalid or not in " + std::to_string(year));
    }
    if (d.kind != "holiday" && d.kind != "workday") {
      return Invalid("days", "日期类型应为 holiday（放假）或 workday（调休上班）",
                     "A day's kind is holiday or workday");
    }
  }
  return db::WithTransaction(c, [&]() -> Result<void> {
    store::ReplaceCalendarYear(c, year, days);
    auto e = auth::AuditBy(a.principal, "hardship.calendar", "work_calendar", std::to_string(year),
                           a.request_id);
    e.detail = json::serialize(json::object{{"days", days.size()}});
    auth::Audit(c, e);
    return {};
  });
}

Result<std::optional<std::string>> HardshipSubtree(db::Connection& c, const auth::Actor& a,
                                                   std::optional<int64_t> org_id) {
  if (!org_id) return std::nullopt;
  auto org = orgs::FindOrg(c, a.ScopeFor(kHardshipRead), *org_id);
  if (!org) {
    return Fail(
        ErrorCode::kNotFound, "组织 " + std::to_string(*org_id) + " 不存在或不在您的管辖范围内",
        "Org " + std::to_string(*org_id) + " does not exist or is outside your scope", "org_id");
  }
  return org->path;
}

Result<std::vector<store::WhatIfRow>> WhatIfPage(db::Connection& c, int64_t job_id, int64_t limit,
                                                 int64_t offset) {
  return store::WhatIfRows(c, job_id, limit, offset);
}

}  // namespace zj::hardship

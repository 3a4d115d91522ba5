#include "members/service.h"

#include <boost/json.hpp>

#include "auth/audit.h"
#include "auth/password.h"
#include "auth/permissions.h"
#include "auth/service.h"
#include "base/credit_code.h"
#include "base/date.h"
#include "base/regions.h"
#include "base/resident_id.h"
#include "base/text.h"
#include "members/store.h"

namespace zj::members {
namespace {

std::unexpected<Error> NotInScope(int64_t id) {
  return Fail(ErrorCode::kNotFound, "会员 " + std::to_string(id) + " 不存在或不在您的管辖范围内",
              "Member " + std::to_string(id) + " does not exist or is outside your scope", "id");
}

// The text as typed, trimmed of the spaces around it (ASCII and full-width), or nullopt when
// nothing is left. Nothing else is changed: full-width brackets in a company's name stay.
std::optional<std::string> Clean(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  std::string v(TrimSpaces(*s));
  if (v.empty()) return std::nullopt;
  return v;
}

std::optional<Error> CheckText(const std::optional<std::string>& v, const char* field,
                               const char* label_zh) {
  if (v && (!IsValidUtf8(*v) || Utf8Length(*v) > kMaxTextChars || HasControlCharacters(*v))) {
    return Error{
        ErrorCode::kInvalidArgument, std::string(label_zh) + "过长或含有无效字符（最多 100 字）",
        std::string(field) + " is too long or not valid text (at most 100 characters)", field};
  }
  return std::nullopt;
}

std::optional<Error> CheckPhone(const std::optional<std::string>& phone, std::string* out) {
  if (!phone) return std::nullopt;
  std::string digits;
  for (char ch : FoldFullWidth(*phone)) {
    if (ch == ' ' || ch == '-') continue;
    digits += ch;
  }
  const bool ok = digits.size() == 11 && digits[0] == '1' &&
                  digits.find_first_not_of("0123456789") == std::string::npos;
  if (!ok) {
    return Error{ErrorCode::kInvalidArgument,
                 "手机号“" + Utf8Truncate(*phone, 20) + "”无效：应为 1 开头的 11 位数字",
                 "Phone '" + Utf8Truncate(*phone, 20) + "' is invalid: 11 digits starting with 1",
                 "phone"};
  }
  *out = digits;
  return std::nullopt;
}

void AuditMember(db::Connection& c, const Actor& a, const char* action, const Member& m,
                 std::string detail, const std::string& org_path) {
  auto e = auth::AuditBy(a.principal, action, "member", std::to_string(m.id), a.request_id);
  e.org_path = org_path;
  e.detail = std::move(detail);
  auth::Audit(c, e);
}

// The member's org if the actor holds permission there.
Result<orgs::Org> OrgWithRight(db::Connection& c, const Actor& a, int64_t org_id,
                               const char* permission) {
  auto org = orgs::FindOrg(c, a.ScopeFor(permission), org_id);
  if (!org) {
    if (orgs::FindOrg(c, a.ScopeFor(kRead), org_id)) return auth::NoRight(permission);
    return Fail(
        ErrorCode::kNotFound, "组织 " + std::to_string(org_id) + " 不存在或不在您的管辖范围内",
        "Org " + std::to_string(org_id) + " does not exist or is outside your scope", "org_id");
  }
  if (org->status != "active") {
    return Fail(ErrorCode::kConflict, "组织“" + org->name + "”已撤销", "The org is closed",
                "org_id");
  }
  return *org;
}

Error HeldElsewhere(const store::Holder& h) {
  return Error{ErrorCode::kConflict,
               "该身份证号已登记为“" + h.org_name + "”的会员（会籍状态：" +
                   std::string(kStateNamesZh[static_cast<size_t>(h.state)]) +
                   "），一人只能有一条会员记录；如需变更请办理会籍接转",
               "This ID number is already registered as a member of '" + h.org_name + "' (state " +
                   std::string(StateName(h.state)) +
                   "); one person has one record — use a transfer to move it",
               "id_number"};
}

// Someone who left (withdrew, or was not admitted) joins again, here or at another union: the
// one record they have comes back as a new application, with its history, and a new membership
// date when approved. The name must be the one the ID was registered with.
Result<Member> Rejoin(db::Connection& c, const Actor& a, int64_t member_id, const Member& input,
                      const orgs::Org& org, bool provisional) {
  auto m = store::Get(c, auth::DataScope::All(), member_id);
  if (FoldText(m->name) != FoldText(input.name)) {
    return Fail(ErrorCode::kConflict,
                "该身份证号登记的姓名与所填姓名“" + input.name + "”不一致，请核对身份证",
                "This ID number is registered under another name than '" + input.name +
                    "'; check the ID card",
                "name");
  }
  const State from = m->state;
  Member back = input;
  back.id = m->id;
  back.name = m->name;
  back.org_id = org.id;
  back.province_code = org.province_code;
  back.state = provisional ? State::kProvisional : State::kApplied;
  back.member_since.reset();
  back.retained_reason.reset();
  back.card_number = m->card_number;
  store::UpdateProfile(c, back);
  store::SetState(c, back);
  store::AddEvent(c, back.id, a.principal, "rejoin", from, back.state, org.id, std::nullopt);
  AuditMember(c, a, "member.rejoin", back, "", org.path);
  return *store::Get(c, auth::DataScope::All(), back.id);
}

}  // namespace

Result<RegisteredWorker> RegisterWorker(db::Connection& c, const WorkerRegistration& r,
                                        const std::string& request_id) {
  auto mismatch =
      Fail(ErrorCode::kInvalidArgument,
           "姓名、身份证号、手机号与会员登记信息不一致，或您尚未入会；请核对，或联系所在工会",
           "The name, ID number and phone do not match a current member's record; "
           "check them or ask your union",
           "id_number");
  ZJ_ASSIGN_OR_RETURN(auto id, ParseResidentId(r.id_number));
  std::string phone;
  if (auto e = CheckPhone(r.phone, &phone)) return std::unexpected(*e);
  ZJ_ASSIGN_OR_RETURN(auto hash, auth::HashPassword(r.password));
  return db::WithTransaction(c, [&]() -> Result<RegisteredWorker> {
    auto holder = store::FindByIdNumber(c, id.value);
    if (!holder) return mismatch;
    auto m = store::Get(c, auth::DataScope::All(), holder->member_id);
    const bool current = m && (m->state == State::kActive || m->state == State::kProvisional ||
                               m->state == State::kRetained);
    if (!current || m->name != Clean(r.name).value_or("") || m->phone != phone) return mismatch;
    ZJ_ASSIGN_OR_RETURN(auto user_id, auth::CreateWorkerAccount(c,
                                                                {.member_id = m->id,
                                                                 .org_id = m->org_id,
                                                                 .org_path = m->org_path,
                                                                 .username = phone,
                                                                 .display_name = m->name,
                                                                 .password_hash = hash},
                                                                request_id));
    return RegisteredWorker{user_id, phone};
  });
}

void Mask(Member& m) {
  m.id_number = MaskResidentId(m.id_number);
  if (m.phone) m.phone = MaskPhone(*m.phone);
}

void AuditUnmaskedList(db::Connection& c, const Actor& a, const std::vector<int64_t>& ids) {
  boost::json::array list;
  for (int64_t id : ids) list.emplace_back(id);
  db::WithTransaction(c, [&] {
    auto e = auth::AuditBy(a.principal, "member.unmask", "member", "list", a.request_id);
    e.detail = boost::json::serialize(boost::json::object{{"members", std::move(list)}});
    auth::Audit(c, e);
  });
}

bool MayUnmask(const Actor& a, const std::string& org_path, int64_t org_id) {
  return a.ScopeFor(kUnmask).Contains(org_path, org_id);
}

std::vector<Error> ValidateInput(const MemberInput& in, Member* out) {
  std::vector<Error> errors;
  Member m;
  m.name = Clean(in.name).value_or("");
  if (m.name.empty() || !IsValidUtf8(m.name) || Utf8Length(m.name) > kMaxNameChars ||
      HasControlCharacters(m.name) || m.name.find_first_of("\t\r\n") != std::string::npos) {
    errors.push_back({ErrorCode::kInvalidArgument,
                      "姓名必填，最多 50 字，不能含有制表符、换行或控制字符",
                      "The name is required: at most 50 characters, no tabs, line breaks or "
                      "control characters",
                      "name"});
  }
  auto id = ParseResidentId(in.id_number);
  if (!id) {
    errors.push_back(id.error());
  } else {
    m.id_number = id->value;
    m.sex = id->sex == Sex::kMale ? "male" : "female";
    m.birth_date = FormatDate(id->birth_date);
  }
  std::string phone;
  if (auto e = CheckPhone(Clean(in.phone), &phone)) {
    errors.push_back(*e);
  } else if (Clean(in.phone)) {
    m.phone = phone;
  }
  m.ethnicity = Clean(in.ethnicity);
  m.education = Clean(in.education);
  m.skill_level = Clean(in.skill_level);
  m.employer = Clean(in.employer);
  for (auto [v, field, zh] : {std::tuple{&m.ethnicity, "ethnicity", "民族"},
                              std::tuple{&m.education, "education", "学历"},
                              std::tuple{&m.skill_level, "skill_level", "技能等级"},
                              std::tuple{&m.employer, "employer", "工作单位"}}) {
    if (auto e = CheckText(*v, field, zh)) errors.push_back(*e);
  }
  m.hukou = Clean(in.hukou);
  if (m.hukou && *m.hukou != "urban" && *m.hukou != "rural") {
    errors.push_back({ErrorCode::kInvalidArgument, "户籍类型应为城镇（urban）或农村（rural）",
                      "Household registration must be urban or rural", "hukou"});
  }
  m.migrant_worker = in.migrant_worker.value_or(false);
  m.employment_form = Clean(in.employment_form).value_or("standard");
  if (std::find(kEmploymentForms.begin(), kEmploymentForms.end(), m.employment_form) ==
      kEmploymentForms.end()) {
    errors.push_back({ErrorCode::kInvalidArgument, "就业形态应为标准劳动关系、新就业形态或灵活就业",
                      "Employment form must be standard, new_form or flexible", "employment_form"});
  }
  if (auto code = Clean(in.employer_credit_code)) {
    auto parsed = ParseCreditCode(*code);
    if (!parsed) {
      Error e = parsed.error();
      e.field = "employer_credit_code";
      errors.push_back(e);
    } else {
      m.employer_credit_code = *parsed;
    }
  }
  m.state = in.provisional ? State::kProvisional : State::kApplied;
  if (errors.empty() && out) *out = std::move(m);
  return errors;
}

Result<Member> GetMember(db::Connection& c, const Actor& a, int64_t id, bool unmask) {
  auto m = store::Get(c, a.ScopeFor(kRead), id);
  if (!m) return NotInScope(id);
  if (unmask) {
    if (!MayUnmask(a, m->org_path, m->org_id)) return auth::NoRight(kUnmask);
    db::WithTransaction(c, [&] { AuditMember(c, a, "member.unmask", *m, "", m->org_path); });
  } else {
    Mask(*m);
  }
  return *m;
}

std::vector<MemberEvent> EventsOf(db::Connection& c, const Member& m) {
  return store::Events(c, m.id);
}

std::vector<Transfer> TransfersOf(db::Connection& c, const Member& m) {
  return store::TransfersOf(c, m.id);
}

Result<SearchPage> SearchMembers(db::Connection& c, const Actor& a, const MemberFilter& f) {
  std::optional<std::string> path;
  if (f.org_id) {
    auto org = orgs::FindOrg(c, a.ScopeFor(kRead), *f.org_id);
    if (!org) {
      return Fail(ErrorCode::kNotFound, "组织不存在或不在您的管辖范围内",
                  "No such org in your scope", "org_id");
    }
    path = org->path;
  }
  if (f.state && !ParseState(*f.state)) {
    return Invalid("state", "未知的会籍状态：" + *f.state, "Unknown membership state: " + *f.state);
  }
  if (f.employment_form && std::find(kEmploymentForms.begin(), kEmploymentForms.end(),
                                     *f.employment_form) == kEmploymentForms.end()) {
    return Invalid("employment_form", "未知的就业形态", "Unknown employment form");
  }
  if (!IsValidUtf8(f.query) || Utf8Length(f.query) > kMaxNameChars) {
    return Invalid("q", "搜索词最多 50 字", "The search text is at most 50 characters");
  }
  return store::Search(c, a.ScopeFor(kRead), f, path);
}

Result<Member> CreateMember(db::Connection& c, const Actor& a, const MemberInput& in) {
  Member m;
  auto errors = ValidateInput(in, &m);
  if (!errors.empty()) return std::unexpected(errors.front());
  if (!in.org_id) return Invalid("org_id", "请选择所属工会", "Choose the member's union");
  return db::WithTransaction(c, [&]() -> Result<Member> {
    ZJ_ASSIGN_OR_RETURN(auto org, OrgWithRight(c, a, *in.org_id, kWrite));
    if (auto holder = store::FindByIdNumber(c, m.id_number)) {
      if (!MayJoinAgain(holder->state)) {
        return std::unexpected(HeldElsewhere(*holder));
      }
      return Rejoin(c, a, holder->member_id, m, org, in.provisional);
    }
    m.org_id = org.id;
    m.org_name = org.name;
    m.province_code = org.province_code;
    m.id = store::Insert(c, m, MakeSearchKeys(m.name));
    store::AddEvent(c, m.id, a.principal, in.provisional ? "register_provisional" : "apply",
                    std::nullopt, m.state, m.org_id, std::nullopt);
    AuditMember(c, a, "member.create", m, "", org.path);
    return *store::Get(c, auth::DataScope::All(), m.id);
  });
}

Result<Member> UpdateMember(db::Connection& c, const Actor& a, int64_t id, const MemberInput& in) {
  return db::WithTransaction(c, [&]() -> Result<Member> {
    auto m = store::Get(c, a.ScopeFor(kRead), id);
    if (!m) return NotInScope(id);
    ZJ_ASSIGN_OR_RETURN(auto org, OrgWithRight(c, a, m->org_id, kWrite));
    MemberInput merged = in;
    merged.name = m->name;
    merged.id_number = m->id_number;
    if (!in.phone) merged.phone = m->phone;
    if (!in.ethnicity) merged.ethnicity = m->ethnicity;
    if (!in.education) merged.education = m->education;
    if (!in.skill_level) merged.skill_level = m->skill_level;
    if (!in.hukou) merged.hukou = m->hukou;
    if (!in.migrant_worker) merged.migrant_worker = m->migrant_worker;
    if (!in.employment_form) merged.employment_form = m->employment_form;
    if (!in.employer) merged.employer = m->employer;
    if (!in.employer_credit_code) merged.employer_credit_code = m->employer_credit_code;
    Member updated;
    auto errors = ValidateInput(merged, &updated);
    if (!errors.empty()) return std::unexpected(errors.front());
    updated.id = m->id;
    store::UpdateProfile(c, updated);
    AuditMember(c, a, "member.update", updated, "", org.path);
    return *store::Get(c, auth::DataScope::All(), id);
  });
}

Result<Member> Act(db::Connection& c, const Actor& a, int64_t id, std::string_view action,
                   const std::optional<std::string>& reason, std::optional<int64_t> org_id) {
  const Transition* t = FindTransition(action);
  if (!t) {
    return Fail(ErrorCode::kNotFound, "未知的会籍操作：" + std::string(action),
                "Unknown membership action: " + std::string(action), "action");
  }
  const auto why = Clean(reason);
  if (t->needs_reason && !why) {
    return Invalid("reason", "请填写原因", "Give the reason");
  }
  return db::WithTransaction(c, [&]() -> Result<Member> {
    auto m = store::Get(c, a.ScopeFor(kRead), id);
    if (!m) return NotInScope(id);
    ZJ_ASSIGN_OR_RETURN(auto org,
                        OrgWithRight(c, a, m->org_id, std::string(t->permission).c_str()));
    if (std::find(t->from.begin(), t->from.end(), m->state) == t->from.end()) {
      return Fail(ErrorCode::kConflict,
                  "会籍状态为“" + std::string(kStateNamesZh[static_cast<size_t>(m->state)]) +
                      "”，不能执行此操作",
                  "The member is '" + std::string(StateName(m->state)) +
                      "'; this action is not allowed in that state",
                  "state");
    }
    const State from = m->state;
    m->state = t->to;
    if (t->to == State::kActive) {
      if (!m->member_since) m->member_since = FormatDate(TodayInShanghai());
      if (!m->card_number) m->card_number = CardNumber(*m);
      m->retained_reason.reset();
    }
    if (action == "retain") {
      if (std::find(kRetainReasons.begin(), kRetainReasons.end(), *why) == kRetainReasons.end()) {
        return Invalid(
            "reason", "保留会籍的原因应为退休、失业、单位关闭或其他",
            "The reason to retain must be retired, unemployed, employer_closed or other");
      }
      m->retained_reason = *why;
      // Held by the upper union unless another holder is named.
      const int64_t holder_id = org_id.value_or(org.parent_id.value_or(org.id));
      ZJ_ASSIGN_OR_RETURN(auto holder, OrgWithRight(c, a, holder_id, kWrite));
      m->org_id = holder.id;
      m->province_code = holder.province_code;
    }
    if (action == "restore" && org_id) {
      ZJ_ASSIGN_OR_RETURN(auto target, OrgWithRight(c, a, *org_id, kWrite));
      m->org_id = target.id;
      m->province_code = target.province_code;
    }
    store::SetState(c, *m);
    store::AddEvent(c, m->id, a.principal, action, from, m->state, m->org_id, why);
    AuditMember(c, a, "member.state", *m,
                boost::json::serialize(boost::json::object{
                    {"action", action}, {"from", StateName(from)}, {"to", StateName(m->state)}}),
                org.path);
    return *store::Get(c, auth::DataScope::All(), id);
  });
}

Result<Transfer> RequestTransfer(db::Connection& c, const Actor& a, int64_t member_id,
                                 int64_t to_org_id, const std::optional<std::string>& reason) {
  return db::WithTransaction(c, [&]() -> Result<Transfer> {
    auto m = store::Get(c, a.ScopeFor(kRead), member_id);
    if (!m) return NotInScope(member_id);
    ZJ_ASSIGN_OR_RETURN(auto from, OrgWithRight(c, a, m->org_id, kWrite));
    if (m->state != State::kActive) {
      return Fail(ErrorCode::kConflict, "只有在会会员可以办理接转",
                  "Only active members can transfer", "state");
    }
    // The incoming union may lie outside the requester's scope: any active org will do.
    auto to = orgs::FindOrg(c, auth::DataScope::All(), to_org_id);
    if (!to || to->status != "active") {
      return Fail(ErrorCode::kNotFound, "转入工会不存在或已撤销",
                  "The receiving union does not exist or is closed", "to_org_id");
    }
    if (to->id == m->org_id) {
      return Invalid("to_org_id", "转入工会与当前工会相同", "The member is already in that union");
    }
    Transfer t;
    t.member_id = m->id;
    t.from_org_id = m->org_id;
    t.to_org_id = to->id;
    t.reason = Clean(reason);
    t.requested_by = a.principal ? a.principal->username : "cli";
    t.id = store::InsertTransfer(c, t);
    const State before = m->state;
    m->state = State::kTransferPending;
    store::SetState(c, *m);
    store::AddEvent(c, m->id, a.principal, "transfer_request", before, m->state, m->org_id,
                    "→ " + to->name + (t.reason ? "：" + *t.reason : ""));
    AuditMember(c, a, "member.transfer", *m, "{\"to_org_id\":" + std::to_string(to->id) + "}",
                from.path);
    return *store::GetTransfer(c, t.id);
  });
}

Result<Transfer> DecideTransfer(db::Connection& c, const Actor& a, int64_t transfer_id,
                                std::string_view decision,
                                const std::optional<std::string>& reason) {
  if (decision != "release" && decision != "accept" && decision != "reject") {
    return Fail(ErrorCode::kNotFound, "未知的接转操作", "Unknown transfer decision", "decision");
  }
  return db::WithTransaction(c, [&]() -> Result<Transfer> {
    auto t = store::GetTransfer(c, transfer_id);
    const auto scope = a.ScopeFor(kApprove);
    auto from = t ? orgs::FindOrg(c, scope, t->from_org_id) : std::nullopt;
    auto to = t ? orgs::FindOrg(c, scope, t->to_org_id) : std::nullopt;
    if (!t || (!from && !to)) {
      return Fail(ErrorCode::kNotFound, "接转申请不存在或不在您的管辖范围内",
                  "No such transfer in your scope", "id");
    }
    if (t->state != "pending" && t->state != "released") {
      return Fail(ErrorCode::kConflict, "该接转已办结（" + t->state + "）",
                  "The transfer is already closed (" + t->state + ")", "state");
    }
    const std::string who = a.principal ? a.principal->username : "cli";
    auto m = store::Get(c, auth::DataScope::All(), t->member_id);
    std::string event;
    if (decision == "release") {
      if (!from) return auth::NoRight(kApprove);
      if (t->state == "released") {
        return Fail(ErrorCode::kConflict, "转出工会已同意", "Already released", "state");
      }
      t->state = "released";
      t->released_by = who;
      event = "transfer_release";
    } else if (decision == "accept") {
      if (!to) return auth::NoRight(kApprove);
      if (t->state != "released") {
        return Fail(ErrorCode::kConflict, "转出工会尚未同意转出，转入工会暂不能接收",
                    "The outgoing union has not released the member yet", "state");
      }
      t->state = "accepted";
      t->accepted_by = who;
      auto target = orgs::FindOrg(c, auth::DataScope::All(), t->to_org_id);
      m->org_id = target->id;
      m->province_code = target->province_code;
      m->state = State::kActive;  // member_since survives: join once, transfer as jobs change
      event = "transfer_accept";
    } else {
      t->state = "rejected";
      t->decided_reason = Clean(reason);
      m->state = State::kActive;
      event = "transfer_reject";
    }
    store::UpdateTransfer(c, *t);
    if (m->state != State::kTransferPending) {
      store::SetState(c, *m);
    }
    store::AddEvent(c, m->id, a.principal, event, State::kTransferPending, m->state, m->org_id,
                    Clean(reason));
    AuditMember(c, a, "member.transfer", *m,
                "{\"decision\":\"" + std::string(decision) +
                    "\",\"transfer\":" + std::to_string(t->id) + "}",
                (from ? from->path : to->path));
    return *store::GetTransfer(c, t->id);
  });
}

Result<std::vector<Transfer>> ListTransfers(db::Connection& c, const Actor& a, bool outgoing,
                                            bool open_only) {
  return store::TransferQueue(c, a.ScopeFor(kRead), outgoing, open_only, kMaxQueueLength);
}

std::optional<Member> FindMember(db::Connection& c, int64_t id) {
  return store::Get(c, auth::DataScope::All(), id);
}

void EnsureSearchIndexes(db::Connection& c) { store::EnsureSearchIndexes(c); }

}  // namespace zj::members

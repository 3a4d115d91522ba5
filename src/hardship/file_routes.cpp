// HTTP routes of hardship household files: applications (cadre and worker), the workflow
// actions, queues, objections, monitoring, the public notice board, the calendar, the causes
// dictionary and what-if runs.
#include "auth/actor.h"
#include "auth/audit.h"
#include "auth/permissions.h"
#include "base/date.h"
#include "base/text.h"
#include "hardship/attachments.h"
#include "hardship/file_service.h"
#include "hardship/routes.h"
#include "hardship/whatif.h"
#include "http/handler.h"
#include "http/json.h"
#include "jobs/routes.h"

namespace zj::hardship {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

bool Flag(const Request& req, std::string_view name) {
  auto v = req.Query(name);
  return v && (*v == "1" || *v == "true");
}

json::value Opt(const std::optional<std::string>& s) { return http::JsonOpt(s); }
json::value Opt(const std::optional<int64_t>& n) { return http::JsonOpt(n); }

json::object FileJson(const HardshipFile& f) {
  return json::object{{"id", f.id},
                      {"org_id", f.org_id},
                      {"org_name", f.org_name},
                      {"region_code", f.region_code},
                      {"holder_member_id", f.holder_member_id},
                      {"holder_name", f.holder_name},
                      {"holder_id_number", f.holder_id_number},
                      {"state", FileStateName(f.state)},
                      {"state_zh", kFileStateNamesZh[static_cast<size_t>(f.state)]},
                      {"category", Opt(f.category)},
                      {"per_head_monthly_fen", Opt(f.per_head_monthly_fen)},
                      {"policy_region", Opt(f.policy_region)},
                      {"policy_version", Opt(f.policy_version)},
                      {"filed_level", Opt(f.filed_level)},
                      {"household_size", 1 + static_cast<int64_t>(f.data.people.size())},
                      {"declaration", FileDataToJson(f.data)},
                      {"consent_at", Opt(f.consent_at)},
                      {"notice_start", Opt(f.notice_start)},
                      {"notice_end", Opt(f.notice_end)},
                      {"filed_at", Opt(f.filed_at)},
                      {"last_reviewed_at", Opt(f.last_reviewed_at)},
                      {"next_review_due", Opt(f.next_review_due)},
                      {"last_aided_at", Opt(f.last_aided_at)},
                      {"exit_kind", Opt(f.exit_kind)},
                      {"exit_candidate", f.exit_candidate},
                      {"applied_by", f.applied_by},
                      {"created_at", f.created_at},
                      {"updated_at", f.updated_at}};
}

// The list form: no declaration.
json::object FileRowJson(const HardshipFile& f) {
  json::object o = FileJson(f);
  o.erase("declaration");
  return o;
}

json::object EventJson(const FileEvent& e) {
  json::value detail = nullptr;
  if (e.detail) {
    boost::system::error_code ec;
    detail = json::parse(*e.detail, ec);
    if (ec) detail = nullptr;
  }
  return json::object{{"id", e.id},
                      {"at", e.at},
                      {"actor", e.actor},
                      {"action", e.action},
                      {"from_state", Opt(e.from_state)},
                      {"to_state", e.to_state},
                      {"reason", Opt(e.reason)},
                      {"detail", std::move(detail)}};
}

json::object ObjectionJson(const Objection& o) {
  return json::object{{"id", o.id},
                      {"file_id", o.file_id},
                      {"raised_at", o.raised_at},
                      {"raised_by", o.raised_by},
                      {"content", o.content},
                      {"recorded_by", o.recorded_by},
                      {"answer", Opt(o.answer)},
                      {"answered_by", Opt(o.answered_by)},
                      {"answered_at", Opt(o.answered_at)}};
}

Result<FileData> DeclarationOf(const json::object& body, bool keep_masked = false) {
  auto it = body.find("declaration");
  if (it == body.end() || !it->value().is_object()) {
    return Invalid("declaration", "缺少申报内容 declaration（对象）",
                   "Field declaration (an object) is required");
  }
  return FileDataFromJson(it->value().as_object(), keep_masked);
}

Result<Response> Create(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  ZJ_ASSIGN_OR_RETURN(auto member, http::ReqInt(body, "member_id"));
  ZJ_ASSIGN_OR_RETURN(auto data, DeclarationOf(body));
  ZJ_ASSIGN_OR_RETURN(auto f, ApplyForHardship(c, a, member, data));
  MaskFile(f);
  return Response::Json(201, FileJson(f));
}

Result<Response> ApplySelf(Request& req, db::Connection& c, const auth::Actor& a) {
  if (!a.principal || !a.principal->member_id) {
    return Fail(ErrorCode::kForbidden, "只有职工本人账号可以在此申请",
                "Only a worker's own account can apply here");
  }
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  ZJ_ASSIGN_OR_RETURN(auto data, DeclarationOf(body));
  ZJ_ASSIGN_OR_RETURN(auto f, ApplyForHardship(c, a, *a.principal->member_id, data));
  return Response::Json(201, FileJson(f));
}

Result<Response> Mine(Request&, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto f, MyFile(c, a));
  json::object o = FileJson(f);
  json::array events;
  for (auto e : store::Events(c, f.id)) {
    // Who objected and what they said stays with the cadres.
    if (e.action.starts_with("objection")) e.detail.reset();
    events.push_back(EventJson(e));
  }
  o["events"] = std::move(events);
  return Response::Json(200, o);
}

Result<store::FileFilter> FilterOf(const Request& req) {
  store::FileFilter f;
  if (auto q = req.Query("queue")) {
    auto queue = store::ParseQueue(*q);
    if (!queue) {
      return Invalid("queue", "未知队列“" + *q + "”", "Unknown queue '" + *q + "'");
    }
    f.queue = *queue;
  }
  if (auto s = req.Query("state")) {
    auto state = ParseFileState(*s);
    if (!state) return Invalid("state", "未知状态“" + *s + "”", "Unknown state '" + *s + "'");
    f.state = *state;
  }
  f.query = req.Query("q").value_or("");
  if (f.query.size() > 100) return Invalid("q", "查询文字过长", "The search text is too long");
  ZJ_ASSIGN_OR_RETURN(auto page, http::QueryInt(req, "page", 1, 1, 100'000));
  ZJ_ASSIGN_OR_RETURN(auto size, http::QueryInt(req, "page_size", 20, 1, 200));
  f.page = page;
  f.page_size = size;
  return f;
}

Result<std::optional<int64_t>> OrgParam(const Request& req) {
  if (!req.Query("org_id")) return std::nullopt;
  ZJ_ASSIGN_OR_RETURN(auto id, http::QueryInt(req, "org_id", 0, 1, INT64_MAX));
  return id;
}

Result<Response> List(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto f, FilterOf(req));
  ZJ_ASSIGN_OR_RETURN(auto org, OrgParam(req));
  ZJ_ASSIGN_OR_RETURN(auto result, ListHardshipFiles(c, a, f, org));
  json::array items;
  for (const auto& file : result.first) items.push_back(FileRowJson(file));
  return Response::Json(200, json::object{{"items", std::move(items)},
                                          {"total", result.second},
                                          {"total_capped", result.second > store::kFileCountCap},
                                          {"page", f.page},
                                          {"page_size", f.page_size}});
}

Result<Response> Queues(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto org, OrgParam(req));
  json::object queues;
  for (const char* name : {"tasks", "upper_review", "review_due", "overdue", "stale", "never_aided",
                           "notice_ending", "exit_candidates"}) {
    store::FileFilter f;
    f.queue = *store::ParseQueue(name);
    f.page_size = 1;
    ZJ_ASSIGN_OR_RETURN(auto result, ListHardshipFiles(c, a, f, org));
    queues[name] = result.second;
  }
  ZJ_ASSIGN_OR_RETURN(auto counts, FileStateCounts(c, a, org));
  json::object states;
  for (const auto& [state, n] : counts) states[state] = n;
  return Response::Json(200,
                        json::object{{"queues", std::move(queues)}, {"states", std::move(states)}});
}

// The workflow's steps as the server holds them (FileTransitions()): the web draws its buttons
// and dialogs from this, not from a copy of its own.
Result<Response> Steps(Request&) {
  json::array items;
  for (const auto& t : FileTransitions()) {
    json::array from;
    for (auto state : t.from) from.emplace_back(FileStateName(state));
    items.push_back(json::object{{"action", t.action},
                                 {"from", std::move(from)},
                                 {"to", FileStateName(t.to)},
                                 {"permission", t.permission},
                                 {"who", WhoName(t.who)},
                                 {"needs_reason", t.needs_reason},
                                 {"danger", t.danger}});
  }
  return Response::Json(
      200, json::object{{"items", std::move(items)}, {"notice_back_days", kNoticeBackDays}});
}

Result<Response> GetOne(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto f, GetHardshipFile(c, a, id, Flag(req, "unmask")));
  json::object o = FileJson(f);
  o["may_unmask"] = MayUnmaskFile(a, f);
  json::array actions;
  for (auto action : AllowedActions(a, f)) actions.emplace_back(action);
  o["next_actions"] = std::move(actions);
  return Response::Json(200, o);
}

Result<Response> Patch(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  ZJ_ASSIGN_OR_RETURN(auto data, DeclarationOf(body, true));
  ZJ_ASSIGN_OR_RETURN(auto f, UpdateDeclaration(c, a, id, data));
  MaskFile(f);
  return Response::Json(200, FileJson(f));
}

Result<Response> PutBankAccount(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  ZJ_ASSIGN_OR_RETURN(auto account, BankAccountFromJson(body, true));
  ZJ_ASSIGN_OR_RETURN(auto f, SetBankAccount(c, a, id, account));
  MaskFile(f);
  return Response::Json(200, FileJson(f));
}

Result<Response> Act(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseOptionalObject(req));
  ActInput in;
  ZJ_ASSIGN_OR_RETURN(auto reason, http::OptString(body, "reason"));
  in.reason = reason;
  if (auto it = body.find("consent"); it != body.end() && !it->value().is_null()) {
    if (!it->value().is_bool()) {
      return Invalid("consent", "consent 应为 true 或 false", "consent must be true or false");
    }
    in.consent = it->value().as_bool();
  }
  ZJ_ASSIGN_OR_RETURN(auto start, http::OptString(body, "notice_start", 16));
  in.notice_start = start;
  ZJ_ASSIGN_OR_RETURN(auto level, http::OptString(body, "level", 16));
  in.level = level;
  ZJ_ASSIGN_OR_RETURN(auto f,
                      ActOnFile(c, a, id, req.path_params.at("action"), in, TodayInShanghai()));
  MaskFile(f);
  return Response::Json(200, FileJson(f));
}

Result<Response> Review(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseOptionalObject(req));
  std::optional<FileData> data;
  if (body.contains("declaration")) {
    ZJ_ASSIGN_OR_RETURN(auto d, DeclarationOf(body, true));
    data = d;
  }
  ZJ_ASSIGN_OR_RETURN(auto f, ReviewFile(c, a, id, data, TodayInShanghai()));
  MaskFile(f);
  return Response::Json(200, FileJson(f));
}

Result<Response> Month(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  ZJ_ASSIGN_OR_RETURN(auto month, http::ReqString(body, "month", 7));
  ZJ_ASSIGN_OR_RETURN(auto fen, http::ReqInt(body, "per_head_monthly_fen"));
  ZJ_ASSIGN_OR_RETURN(auto f, RecordMonth(c, a, id, month, fen, TodayInShanghai()));
  MaskFile(f);
  return Response::Json(200, FileJson(f));
}

Result<Response> Events(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto events, FileEvents(c, a, id));
  json::array items;
  for (const auto& e : events) items.push_back(EventJson(e));
  return Response::Json(200, json::object{{"items", std::move(items)}});
}

Result<Response> ListObjections(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto list, FileObjections(c, a, id));
  json::array items;
  for (const auto& o : list) items.push_back(ObjectionJson(o));
  return Response::Json(200, json::object{{"items", std::move(items)}});
}

Result<Response> Raise(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  ZJ_ASSIGN_OR_RETURN(auto by, http::ReqString(body, "raised_by", 200));
  ZJ_ASSIGN_OR_RETURN(auto content, http::ReqString(body, "content", http::kMaxLongTextBytes));
  ZJ_ASSIGN_OR_RETURN(auto o, RaiseObjection(c, a, id, by, content));
  return Response::Json(201, ObjectionJson(o));
}

Result<Response> Answer(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  ZJ_ASSIGN_OR_RETURN(auto answer, http::ReqString(body, "answer", http::kMaxLongTextBytes));
  ZJ_ASSIGN_OR_RETURN(auto o, AnswerObjection(c, a, id, answer));
  return Response::Json(200, ObjectionJson(o));
}

Result<Response> AssessmentsOf(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto list, FileAssessments(c, a, id));
  json::array items;
  for (const auto& r : list) {
    boost::system::error_code ec;
    json::value result = json::parse(r.stored.result, ec);
    items.push_back(json::object{{"id", r.stored.id},
                                 {"at", r.stored.at},
                                 {"actor", r.stored.actor},
                                 {"policy_region", r.stored.policy_region},
                                 {"policy_version", r.stored.policy_version},
                                 {"category", r.stored.category},
                                 {"per_head_monthly_fen", r.stored.per_head_monthly_fen},
                                 {"result", ec ? json::value(nullptr) : result},
                                 {"replay_matches", r.replay_matches}});
  }
  return Response::Json(200, json::object{{"items", std::move(items)}});
}

Result<Response> Notice(Request& req, db::Connection& c, const auth::Actor&) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("org_id"));
  ZJ_ASSIGN_OR_RETURN(auto board, PublicNotice(c, id));
  json::array entries;
  for (const auto& e : board.entries) {
    entries.push_back(json::object{{"masked_name", e.masked_name},
                                   {"org_name", e.org_name},
                                   {"category", e.category},
                                   {"household_size", e.household_size},
                                   {"notice_start", e.notice_start},
                                   {"notice_end", e.notice_end}});
  }
  return Response::Json(
      200, json::object{{"org_name", board.org_name}, {"entries", std::move(entries)}});
}

Result<int> YearParam(const Request& req) {
  const std::string y = req.path_params.count("year") ? req.path_params.at("year") : "";
  if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos) {
    return Invalid("year", "年份应为 4 位数字", "The year is 4 digits");
  }
  return std::stoi(y);
}

Result<Response> CalendarGet(Request& req, db::Connection& c, const auth::Actor&) {
  ZJ_ASSIGN_OR_RETURN(auto year, YearParam(req));
  ZJ_ASSIGN_OR_RETURN(auto days, CalendarOf(c, year));
  json::array items;
  for (const auto& d : days) {
    items.push_back(json::object{{"day", d.day}, {"kind", d.kind}, {"note", Opt(d.note)}});
  }
  return Response::Json(200, json::object{{"year", year}, {"days", std::move(items)}});
}

Result<Response> CalendarPut(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto year, YearParam(req));
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  auto it = body.find("days");
  if (it == body.end() || !it->value().is_array() || it->value().as_array().size() > 366) {
    return Invalid("days", "days 应为不超过 366 项的列表", "days is a list of at most 366 days");
  }
  std::vector<store::CalendarDay> days;
  for (const auto& v : it->value().as_array()) {
    if (!v.is_object()) return Invalid("days", "days 的每一项应为对象", "Each day is an object");
    ZJ_ASSIGN_OR_RETURN(auto day, http::ReqString(v.as_object(), "day", 10));
    ZJ_ASSIGN_OR_RETURN(auto kind, http::ReqString(v.as_object(), "kind", 10));
    ZJ_ASSIGN_OR_RETURN(auto note, http::OptString(v.as_object(), "note", 100));
    days.push_back({day, kind, note});
  }
  ZJ_TRY(SetCalendar(c, a, year, days));
  return CalendarGet(req, c, a);
}

Result<Response> CausesGet(Request&, db::Connection& c, const auth::Actor&) {
  json::array items;
  for (const auto& k : store::Causes(c)) {
    items.push_back(json::object{
        {"code", k.code}, {"name_zh", k.name_zh}, {"name_en", k.name_en}, {"active", k.active}});
  }
  return Response::Json(200, json::object{{"items", std::move(items)}});
}

Result<Response> CausePut(Request& req, db::Connection& c, const auth::Actor& a) {
  // The causes are one national list: only a national-scope administrator changes it.
  if (!a.ScopeFor(kPolicyWrite).IsAll()) {
    return Fail(ErrorCode::kForbidden,
                "致困原因是全国统一的字典，只有全国范围的帮扶政策管理员可以修改",
                "The causes are one national list; only an administrator of assistance policy "
                "with national scope may change them");
  }
  const std::string code = req.path_params.at("code");
  if (code.empty() || code.size() > 40 ||
      code.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos) {
    return Invalid("code", "原因代码为小写字母和下划线，最多 40 个",
                   "A cause code is lower-case letters and _, at most 40");
  }
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  ZJ_ASSIGN_OR_RETURN(auto zh, http::ReqString(body, "name_zh", 100));
  ZJ_ASSIGN_OR_RETURN(auto en, http::ReqString(body, "name_en", 100));
  bool active = true;
  if (auto it = body.find("active"); it != body.end() && it->value().is_bool()) {
    active = it->value().as_bool();
  }
  db::WithTransaction(c, [&] {
    store::PutCause(c, {code, zh, en, active});
    auto e = auth::AuditBy(a.principal, "hardship.cause", "hardship_cause", code, a.request_id);
    auth::Audit(c, e);
  });
  return CausesGet(req, c, a);
}

Result<PolicyChange> ChangeOf(const json::object& o) {
  PolicyChange ch;
  auto money = [&](const char* key, std::optional<int64_t>& target) -> Result<void> {
    ZJ_ASSIGN_OR_RETURN(auto v, http::OptInt(o, key));
    if (v && (*v <= 0 || *v > 10'000'000)) {
      return Invalid(key, std::string(key) + " 应为 1 到 10,000,000 分",
                     std::string(key) + " must be 1 to 10,000,000 fen");
    }
    target = v;
    return {};
  };
  auto permille = [&](const char* key, std::optional<int>& target) -> Result<void> {
    ZJ_ASSIGN_OR_RETURN(auto v, http::OptInt(o, key));
    if (v && (*v <= 0 || *v > 10'000)) {
      return Invalid(key, std::string(key) + " 应为 1 到 10000（千分比）",
                     std::string(key) + " must be 1 to 10000 (per mille)");
    }
    if (v) target = static_cast<int>(*v);
    return {};
  };
  for (auto r : {money("dibao_monthly_fen", ch.dibao_monthly_fen),
                 money("min_wage_monthly_fen", ch.min_wage_monthly_fen),
                 permille("deep_multiplier_permille", ch.deep_multiplier_permille),
                 permille("relative_multiplier_permille", ch.relative_multiplier_permille),
                 permille("accident_cost_permille", ch.accident_cost_permille),
                 permille("max_homes", ch.max_homes)}) {
    if (!r) return std::unexpected(r.error());
  }
  return ch;
}

http::Handler StartWhatIf(db::Database& db, jobs::Runner& runner) {
  return [&db, &runner](Request& req) -> Result<Response> {
    const auth::Actor a = http::ActorOf(req);
    if (a.ScopeFor(kHardshipRead).IsEmpty()) {
      return auth::NoRight(kHardshipRead);
    }
    ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
    auto change_obj = body.if_contains("change");
    if (!change_obj || !change_obj->is_object()) {
      return Invalid("change", "缺少拟调整的政策 change（对象）",
                     "Field change (an object) is required");
    }
    ZJ_ASSIGN_OR_RETURN(auto change, ChangeOf(change_obj->as_object()));
    ZJ_ASSIGN_OR_RETURN(auto org, http::OptInt(body, "org_id"));
    auto conn = db.Acquire();
    WhatIfRequest request{std::nullopt, change, TodayInShanghai()};
    ZJ_ASSIGN_OR_RETURN(request.org_path, HardshipSubtree(*conn, a, org));
    const int64_t job_id = db::WithTransaction(*conn, [&] {
      return jobs::Create(*conn, "hardship_whatif", req.principal->user_id,
                          req.principal->username);
    });
    runner.Submit([&db, principal = req.principal, job_id, request] {
      RunWhatIf(db, principal, job_id, request);
    });
    return Response::Json(202, jobs::JobJson(*jobs::Get(*conn, job_id)));
  };
}

Result<Response> WhatIfRows(Request& req, db::Connection& c, const auth::Actor&) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  auto job = jobs::Get(c, id);
  if (!job || job->kind != "hardship_whatif" || job->created_by != req.principal->user_id) {
    return Fail(ErrorCode::kNotFound, "试算任务不存在或不是您发起的",
                "No such what-if run, or it is not yours", "id");
  }
  ZJ_ASSIGN_OR_RETURN(auto page, http::QueryInt(req, "page", 1, 1, 100'000));
  ZJ_ASSIGN_OR_RETURN(auto size, http::QueryInt(req, "page_size", 50, 1, 500));
  json::array items;
  ZJ_ASSIGN_OR_RETURN(auto rows, WhatIfPage(c, id, size, (page - 1) * size));
  for (const auto& r : rows) {
    items.push_back(json::object{{"file_id", r.file_id},
                                 {"org_id", r.org_id},
                                 {"org_name", r.org_name},
                                 {"masked_name", MaskName(r.holder_name)},
                                 {"from_category", r.from_category},
                                 {"to_category", r.to_category},
                                 {"per_head_monthly_fen", r.per_head_monthly_fen}});
  }
  json::object out = jobs::JobJson(*job);
  out["items"] = std::move(items);
  return Response::Json(200, out);
}

json::object AttachmentJson(const Attachment& a) {
  return json::object{{"id", a.id},
                      {"file_id", a.file_id},
                      {"sha256", a.sha256},
                      {"name", a.name},
                      {"kind", a.kind},
                      {"content_type", a.content_type},
                      {"size", a.size},
                      {"uploaded_by", a.uploaded_by},
                      {"uploaded_at", a.uploaded_at}};
}

Result<Response> Upload(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto att, AddAttachment(c, a, id, req.Query("name").value_or(""),
                                              req.Query("kind").value_or("other"), req.body));
  return Response::Json(201, AttachmentJson(att));
}

Result<Response> Attachments(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto list, ListAttachments(c, a, id));
  json::array items;
  for (const auto& att : list) items.push_back(AttachmentJson(att));
  return Response::Json(200, json::object{{"items", std::move(items)}});
}

// RFC 5987: the name as UTF-8, percent-encoded, for browsers; an ASCII name for the rest.
std::string ContentDisposition(const Attachment& a) {
  std::string encoded;
  for (unsigned char ch : a.name) {
    if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_') {
      encoded += static_cast<char>(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      encoded += buf;
    }
  }
  const char* ext = a.content_type == "application/pdf" ? ".pdf"
                    : a.content_type == "image/png"     ? ".png"
                                                        : ".jpg";
  return "inline; filename=\"attachment-" + std::to_string(a.id) + ext + "\"; filename*=UTF-8''" +
         encoded;
}

Result<Response> Download(Request& req, db::Connection& c, const auth::Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto att, ReadAttachment(c, a, id));
  Response r;
  r.content_type = att.first.content_type;
  r.body = std::move(att.second);
  r.headers.emplace_back("Content-Disposition", ContentDisposition(att.first));
  return r;
}

}  // namespace

void RegisterFileRoutes(http::Router& router, db::Database& db, jobs::Runner& runner) {
  using http::WithConn;
  router.Add("POST", "/api/v1/hardship/files", WithConn(db, Create));
  router.Add("GET", "/api/v1/hardship/files", WithConn(db, List));
  router.Add("GET", "/api/v1/hardship/queues", WithConn(db, Queues));
  router.Add("GET", "/api/v1/hardship/steps", Steps);
  router.Add("GET", "/api/v1/hardship/files/{id}", WithConn(db, GetOne));
  router.Add("PATCH", "/api/v1/hardship/files/{id}", WithConn(db, Patch));
  router.Add("PUT", "/api/v1/hardship/files/{id}/bank-account", WithConn(db, PutBankAccount));
  router.Add("POST", "/api/v1/hardship/files/{id}/actions/{action}", WithConn(db, Act));
  router.Add("POST", "/api/v1/hardship/files/{id}/review", WithConn(db, Review));
  router.Add("POST", "/api/v1/hardship/files/{id}/months", WithConn(db, Month));
  router.Add("GET", "/api/v1/hardship/files/{id}/events", WithConn(db, Events));
  router.Add("GET", "/api/v1/hardship/files/{id}/assessments", WithConn(db, AssessmentsOf));
  router.Add("GET", "/api/v1/hardship/files/{id}/objections", WithConn(db, ListObjections));
  router.Add("POST", "/api/v1/hardship/files/{id}/objections", WithConn(db, Raise));
  router.Add("POST", "/api/v1/hardship/objections/{id}/answer", WithConn(db, Answer));
  router.Add("GET", "/api/v1/hardship/files/{id}/attachments", WithConn(db, Attachments));
  // A little over the limit reaches the service, which names the field and the limit in MB.
  router.Add("POST", "/api/v1/hardship/files/{id}/attachments", WithConn(db, Upload),
             {.max_body_bytes = kMaxAttachmentBytes + 1024 * 1024});
  router.Add("GET", "/api/v1/hardship/attachments/{id}", WithConn(db, Download));
  router.Add("GET", "/api/v1/me/hardship", WithConn(db, Mine));
  router.Add("POST", "/api/v1/me/hardship", WithConn(db, ApplySelf));
  router.Add("GET", "/api/v1/public/notices/{org_id}", WithConn(db, Notice),
             {.requires_auth = false});
  router.Add("GET", "/api/v1/hardship/calendar/{year}", WithConn(db, CalendarGet));
  router.Add("PUT", "/api/v1/hardship/calendar/{year}", WithConn(db, CalendarPut));
  router.Add("GET", "/api/v1/hardship/causes", WithConn(db, CausesGet));
  router.Add("PUT", "/api/v1/hardship/causes/{code}", WithConn(db, CausePut));
  router.Add("POST", "/api/v1/hardship/whatif", StartWhatIf(db, runner));
  router.Add("GET", "/api/v1/hardship/whatif/{id}", WithConn(db, WhatIfRows));
}

}  // namespace zj::hardship

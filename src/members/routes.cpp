#include "members/routes.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "auth/permissions.h"
#include "auth/principal.h"
#include "http/handler.h"
#include "http/json.h"
#include "io/table_reader.h"
#include "jobs/routes.h"
#include "members/export.h"
#include "members/import.h"
#include "members/import_job.h"
#include "members/service.h"

namespace zj::members {
namespace {

namespace json = boost::json;
using http::ActorOf;
using http::Request;
using http::Response;
using http::WithConn;

json::object MemberJson(const Member& m, bool masked) {
  return json::object{{"id", m.id},
                      {"org_id", m.org_id},
                      {"org_name", m.org_name},
                      {"name", m.name},
                      {"id_number", m.id_number},
                      {"sex", m.sex},
                      {"birth_date", m.birth_date},
                      {"phone", http::JsonOpt(m.phone)},
                      {"ethnicity", http::JsonOpt(m.ethnicity)},
                      {"education", http::JsonOpt(m.education)},
                      {"skill_level", http::JsonOpt(m.skill_level)},
                      {"hukou", http::JsonOpt(m.hukou)},
                      {"migrant_worker", m.migrant_worker},
                      {"employment_form", m.employment_form},
                      {"employer", http::JsonOpt(m.employer)},
                      {"employer_credit_code", http::JsonOpt(m.employer_credit_code)},
                      {"card_number", http::JsonOpt(m.card_number)},
                      {"member_since", http::JsonOpt(m.member_since)},
                      {"state", StateName(m.state)},
                      {"retained_reason", http::JsonOpt(m.retained_reason)},
                      {"created_at", m.created_at},
                      {"updated_at", m.updated_at},
                      {"masked", masked}};
}

json::object TransferJson(const Transfer& t) {
  return json::object{{"id", t.id},
                      {"member_id", t.member_id},
                      {"member_name", t.member_name},
                      {"from_org_id", t.from_org_id},
                      {"from_org_name", t.from_org_name},
                      {"to_org_id", t.to_org_id},
                      {"to_org_name", t.to_org_name},
                      {"state", t.state},
                      {"reason", http::JsonOpt(t.reason)},
                      {"requested_by", t.requested_by},
                      {"released_by", http::JsonOpt(t.released_by)},
                      {"accepted_by", http::JsonOpt(t.accepted_by)},
                      {"decided_reason", http::JsonOpt(t.decided_reason)},
                      {"created_at", t.created_at}};
}

json::object EventJson(const MemberEvent& e) {
  return json::object{{"at", e.at},
                      {"actor", e.actor},
                      {"action", e.action},
                      {"from_state", http::JsonOpt(e.from_state)},
                      {"to_state", e.to_state},
                      {"org_name", e.org_name},
                      {"reason", http::JsonOpt(e.reason)}};
}

bool Flag(const Request& req, std::string_view name) {
  auto v = req.Query(name);
  return v && (*v == "1" || *v == "true");
}

Result<MemberFilter> FilterOf(const Request& req) {
  MemberFilter f;
  f.query = req.Query("q").value_or("");
  if (auto v = req.Query("org_id"); v && !v->empty()) {
    ZJ_ASSIGN_OR_RETURN(auto id, http::QueryInt(req, "org_id", 0, 1, INT64_MAX));
    f.org_id = id;
  }
  if (auto v = req.Query("state"); v && !v->empty()) f.state = *v;
  if (auto v = req.Query("employment_form"); v && !v->empty()) f.employment_form = *v;
  const std::string sort = req.Query("sort").value_or("name");
  static const std::map<std::string, SortKey> kSorts = {
      {"name", SortKey::kName},
      {"-name", SortKey::kNameDesc},
      {"member_since", SortKey::kMemberSince},
      {"-member_since", SortKey::kMemberSinceDesc},
      {"-updated_at", SortKey::kUpdatedDesc}};
  auto it = kSorts.find(sort);
  if (it == kSorts.end()) {
    return Invalid("sort", "排序应为 name、-name、member_since、-member_since 或 -updated_at",
                   "sort must be name, -name, member_since, -member_since or -updated_at");
  }
  f.sort = it->second;
  ZJ_ASSIGN_OR_RETURN(auto page, http::QueryInt(req, "page", 1, 1, 100'000));
  ZJ_ASSIGN_OR_RETURN(auto size, http::QueryInt(req, "page_size", 20, 1, kMaxPageSize));
  f.page = page;
  f.page_size = size;
  return f;
}

// Reads the member fields of a JSON body; absent fields stay unset.
Result<MemberInput> InputOf(const json::object& o) {
  MemberInput in;
  ZJ_ASSIGN_OR_RETURN(auto org, http::OptInt(o, "org_id"));
  in.org_id = org;
  std::vector<std::pair<const char*, std::optional<std::string>*>> texts = {
      {"phone", &in.phone},         {"ethnicity", &in.ethnicity},
      {"education", &in.education}, {"skill_level", &in.skill_level},
      {"hukou", &in.hukou},         {"employment_form", &in.employment_form},
      {"employer", &in.employer},   {"employer_credit_code", &in.employer_credit_code}};
  for (auto& [key, target] : texts) {
    ZJ_ASSIGN_OR_RETURN(auto v, http::OptString(o, key, 400));
    *target = v;
  }
  for (auto [key, target] : {std::pair{"name", &in.name}, std::pair{"id_number", &in.id_number}}) {
    ZJ_ASSIGN_OR_RETURN(auto v, http::OptString(o, key, 400));
    *target = v.value_or("");
  }
  for (auto [key, target] :
       {std::pair<const char*, std::optional<bool>*>{"migrant_worker", &in.migrant_worker}}) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) continue;
    if (!it->value().is_bool()) {
      return Invalid(key, std::string("字段 ") + key + " 应为 true 或 false",
                     std::string("Field ") + key + " must be true or false");
    }
    *target = it->value().as_bool();
  }
  if (auto it = o.find("provisional"); it != o.end() && it->value().is_bool()) {
    in.provisional = it->value().as_bool();
  }
  return in;
}

Result<Response> List(Request& req, db::Connection& c, const Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto f, FilterOf(req));
  ZJ_ASSIGN_OR_RETURN(auto result, SearchMembers(c, a, f));
  // unmask=1 shows in full the rows the caller may unmask (all audited in one entry).
  const bool unmask = Flag(req, "unmask");
  if (unmask && a.ScopeFor(kUnmask).IsEmpty()) {
    return auth::NoRight(kUnmask);
  }
  json::array items;
  std::vector<int64_t> shown;
  for (auto& m : result.members) {
    const bool full = unmask && MayUnmask(a, m.org_path, m.org_id);
    if (full) {
      shown.push_back(m.id);
    } else {
      Mask(m);
    }
    items.push_back(MemberJson(m, !full));
  }
  if (!shown.empty()) AuditUnmaskedList(c, a, shown);
  return Response::Json(200, json::object{{"items", std::move(items)},
                                          {"total", result.total},
                                          {"total_capped", result.capped},
                                          {"has_more", result.has_more},
                                          {"page", f.page},
                                          {"page_size", f.page_size}});
}

Result<Response> Get(Request& req, db::Connection& c, const Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  const bool unmask = Flag(req, "unmask");
  ZJ_ASSIGN_OR_RETURN(auto m, GetMember(c, a, id, unmask));
  json::object o = MemberJson(m, !unmask);
  json::array events, transfers;
  for (const auto& e : EventsOf(c, m)) events.push_back(EventJson(e));
  for (const auto& t : TransfersOf(c, m)) transfers.push_back(TransferJson(t));
  o["events"] = std::move(events);
  o["transfers"] = std::move(transfers);
  return Response::Json(200, o);
}

Result<Response> Create(Request& req, db::Connection& c, const Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  ZJ_ASSIGN_OR_RETURN(auto in, InputOf(body));
  ZJ_ASSIGN_OR_RETURN(auto m, CreateMember(c, a, in));
  Mask(m);
  return Response::Json(201, MemberJson(m, true));
}

Result<Response> Update(Request& req, db::Connection& c, const Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  ZJ_ASSIGN_OR_RETURN(auto in, InputOf(body));
  ZJ_ASSIGN_OR_RETURN(auto m, UpdateMember(c, a, id, in));
  Mask(m);
  return Response::Json(200, MemberJson(m, true));
}

Result<Response> Action(Request& req, db::Connection& c, const Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseOptionalObject(req));
  ZJ_ASSIGN_OR_RETURN(auto reason, http::OptString(body, "reason", http::kMaxLongTextBytes));
  ZJ_ASSIGN_OR_RETURN(auto org, http::OptInt(body, "org_id"));
  ZJ_ASSIGN_OR_RETURN(auto m, Act(c, a, id, req.path_params["action"], reason, org));
  Mask(m);
  return Response::Json(200, MemberJson(m, true));
}

Result<Response> NewTransfer(Request& req, db::Connection& c, const Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  ZJ_ASSIGN_OR_RETURN(auto to, http::ReqInt(body, "to_org_id"));
  ZJ_ASSIGN_OR_RETURN(auto reason, http::OptString(body, "reason", http::kMaxLongTextBytes));
  ZJ_ASSIGN_OR_RETURN(auto t, RequestTransfer(c, a, id, to, reason));
  return Response::Json(201, TransferJson(t));
}

Result<Response> Queue(Request& req, db::Connection& c, const Actor& a) {
  const std::string direction = req.Query("direction").value_or("out");
  if (direction != "out" && direction != "in") {
    return Invalid("direction", "direction 应为 out 或 in", "direction must be out or in");
  }
  const std::string state = req.Query("state").value_or("pending");
  ZJ_ASSIGN_OR_RETURN(auto list, ListTransfers(c, a, direction == "out", state == "pending"));
  json::array items;
  for (const auto& t : list) items.push_back(TransferJson(t));
  return Response::Json(200, json::object{{"items", std::move(items)}});
}

http::Handler Decide(db::Database& db, std::string decision) {
  return WithConn(
      db, [decision](Request& req, db::Connection& c, const Actor& a) -> Result<Response> {
        ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
        ZJ_ASSIGN_OR_RETURN(auto body, http::ParseOptionalObject(req));
        ZJ_ASSIGN_OR_RETURN(auto reason, http::OptString(body, "reason", http::kMaxLongTextBytes));
        ZJ_ASSIGN_OR_RETURN(auto t, DecideTransfer(c, a, id, decision, reason));
        return Response::Json(200, TransferJson(t));
      });
}

constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// An XLSX download of the file fn writes (streamed from a temporary file, then removed).
Result<Response> XlsxDownload(const Request& req, const std::string& filename,
                              const std::function<Result<int64_t>(const std::string&)>& fn) {
  namespace fs = std::filesystem;
  const fs::path path = fs::temp_directory_path() / ("zhijia-" + req.request_id + ".xlsx");
  auto rows = fn(path.string());
  if (!rows) {
    std::error_code ec;
    fs::remove(path, ec);
    return std::unexpected(rows.error());
  }
  return Response::Download(path.string(), kXlsxType, filename);
}

Result<void> MayImport(const Actor& a) {
  if (a.ScopeFor(kImport).IsEmpty()) {
    return auth::NoRight(kImport);
  }
  return {};
}

// What an import of the file would do, row by row, without writing anything.
http::Handler Preview(db::Database& db) {
  return [&db](Request& req) -> Result<Response> {
    const Actor a = ActorOf(req);
    ZJ_TRY(MayImport(a));
    if (req.body.empty()) return Invalid("file", "没有收到文件", "No file was sent");
    ZJ_ASSIGN_OR_RETURN(auto p, PreviewImport(db, a, std::move(req.body)));
    auto strings = [](const auto& list) {
      json::array out;
      for (const auto& s : list) out.emplace_back(s);
      return out;
    };
    json::array rows, numbers, problems;
    for (const auto& r : p.first_rows) {
      rows.push_back(strings(r.cells));
      numbers.emplace_back(r.row);
    }
    for (const auto& problem : p.problems) {
      json::array reasons;
      for (const auto& reason : problem.reasons) {
        reasons.emplace_back(jobs::ReasonIn(reason, req.lang));
      }
      problems.push_back(json::object{{"row", problem.row}, {"reasons", std::move(reasons)}});
    }
    return Response::Json(
        200, json::object{{"encoding", p.encoding},
                          {"format", p.format},
                          {"headers", strings(p.header)},
                          {"rows", std::move(rows)},
                          {"row_numbers", std::move(numbers)},
                          {"total_rows", p.data_rows},
                          {"blank_rows", p.blank_rows},
                          {"would_add", p.would_add},
                          {"would_keep", p.would_keep},
                          {"would_reject", p.would_reject},
                          {"problems", std::move(problems)},
                          {"missing_headers", strings(p.missing_headers)},
                          {"ok", !p.problem},
                          {"problem", p.problem ? json::value(p.problem->Message(req.lang))
                                                : json::value(nullptr)}});
  };
}

http::Handler StartImport(db::Database& db, jobs::Runner& runner) {
  return [&db, &runner](Request& req) -> Result<Response> {
    const Actor a = ActorOf(req);
    ZJ_TRY(MayImport(a));
    if (req.body.empty()) return Invalid("file", "没有收到文件", "No file was sent");
    {
      // Refuse an unusable file at once, before a job exists.
      ZJ_ASSIGN_OR_RETURN(auto reader, io::OpenTable(req.body));
      io::TableRow header;
      int64_t line = 0;
      ZJ_ASSIGN_OR_RETURN(auto more, (reader)->Next(&header, &line));
      if (!more) return Invalid("file", "文件是空的", "The file is empty");
      ZJ_TRY(CheckHeader(header));
    }
    ImportOptions options;
    options.update = Flag(req, "update");
    auto conn = db.Acquire();
    const int64_t job_id = db::WithTransaction(*conn, [&] {
      return jobs::Create(*conn, "member_import", req.principal->user_id, req.principal->username);
    });
    runner.Submit([&db, principal = req.principal, rid = req.request_id, job_id,
                   bytes = std::move(req.body), options]() mutable {
      RunImportJob(db, principal, rid, job_id, std::move(bytes), options);
    });
    // The whole job: a small file may already be done, counters and all, by the time this reads.
    return Response::Json(202, jobs::JobJson(*jobs::Get(*conn, job_id)));
  };
}

Result<Response> Export(Request& req, db::Connection& c, const Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto f, FilterOf(req));
  const bool unmask = Flag(req, "unmask");
  return XlsxDownload(req, "members.xlsx", [&](const std::string& path) {
    return ExportMembers(c, a, f, unmask, path);
  });
}

Result<Response> Template(Request& req, db::Connection&, const Actor&) {
  return XlsxDownload(req, "member-import-template.xlsx", [](const std::string& path) {
    auto r = WriteTemplate(path);
    return r ? Result<int64_t>(0) : Result<int64_t>(std::unexpected(r.error()));
  });
}

Result<Response> Register(Request& req, db::Connection& c, const Actor&) {
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  WorkerRegistration r;
  for (auto [key, target] : {std::pair{"name", &r.name}, std::pair{"id_number", &r.id_number},
                             std::pair{"phone", &r.phone}, std::pair{"password", &r.password}}) {
    ZJ_ASSIGN_OR_RETURN(auto v, http::ReqString(body, key, 200));
    *target = v;
  }
  ZJ_ASSIGN_OR_RETURN(auto id, RegisterWorker(c, r, req.request_id));
  return Response::Json(201,
                        boost::json::object{{"user_id", id.user_id}, {"username", id.username}});
}

}  // namespace

void RegisterRoutes(http::Router& router, db::Database& db, jobs::Runner& runner) {
  router.Add("POST", "/api/v1/workers/register", WithConn(db, Register), {.requires_auth = false});
  router.Add("POST", "/api/v1/members/import", StartImport(db, runner),
             {.max_body_bytes = kMaxImportBytes});
  router.Add("POST", "/api/v1/members/import/preview", Preview(db),
             {.max_body_bytes = kMaxImportBytes});
  router.Add("GET", "/api/v1/members/import/template", WithConn(db, Template));
  router.Add("GET", "/api/v1/members/export", WithConn(db, Export));
  router.Add("GET", "/api/v1/members", WithConn(db, List));
  router.Add("POST", "/api/v1/members", WithConn(db, Create));
  router.Add("GET", "/api/v1/members/{id}", WithConn(db, Get));
  router.Add("PATCH", "/api/v1/members/{id}", WithConn(db, Update));
  router.Add("POST", "/api/v1/members/{id}/actions/{action}", WithConn(db, Action));
  router.Add("POST", "/api/v1/members/{id}/transfers", WithConn(db, NewTransfer));
  router.Add("GET", "/api/v1/transfers", WithConn(db, Queue));
  router.Add("POST", "/api/v1/transfers/{id}/release", Decide(db, "release"));
  router.Add("POST", "/api/v1/transfers/{id}/accept", Decide(db, "accept"));
  router.Add("POST", "/api/v1/transfers/{id}/reject", Decide(db, "reject"));
}

}  // namespace zj::members

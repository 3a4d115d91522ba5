#include "orgs/routes.h"

#include "base/regions.h"
#include "http/handler.h"
#include "http/json.h"
#include "orgs/service.h"

namespace zj::orgs {
namespace {

namespace json = boost::json;
using http::ActorOf;
using http::Request;
using http::Response;
using http::WithConn;

json::object OrgJson(const Org& o) {
  return json::object{{"id", o.id},
                      {"parent_id", http::JsonOpt(o.parent_id)},
                      {"name", o.name},
                      {"level", LevelName(o.level)},
                      {"kind", http::JsonOpt(o.kind)},
                      {"region_code", o.region_code},
                      {"region_name", RegionFullName(o.region_code)},
                      {"credit_code", http::JsonOpt(o.credit_code)},
                      {"status", o.status},
                      {"depth", o.depth},
                      {"has_children", o.child_count > 0},
                      {"child_count", o.child_count},
                      {"created_at", o.created_at},
                      {"closed_reason", http::JsonOpt(o.closed_reason)}};
}

json::array RefsJson(const std::vector<OrgRef>& refs) {
  json::array out;
  for (const auto& r : refs) out.push_back(json::object{{"id", r.id}, {"name", r.name}});
  return out;
}

json::object CountsJson(const OrgCounts& c) {
  json::object by_level, by_kind;
  for (const auto& [k, v] : c.by_level) by_level[k] = v;
  for (const auto& [k, v] : c.by_kind) by_kind[k] = v;
  return json::object{{"children", c.children},
                      {"subtree", c.subtree},
                      {"by_level", std::move(by_level)},
                      {"by_kind", std::move(by_kind)}};
}

Response Items(json::array items) {
  return Response::Json(200, json::object{{"items", std::move(items)}});
}

Result<Response> GetOrg(Request& req, db::Connection& c, const Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto d, GetDetail(c, a, id));
  json::object o = OrgJson(d.org);
  o["ancestors"] = RefsJson(d.ancestors);
  o["counts"] = CountsJson(d.counts);
  return Response::Json(200, o);
}

Result<Response> ListOrgs(Request& req, db::Connection& c, const Actor& a) {
  std::optional<int64_t> parent;
  if (auto p = req.Query("parent_id"); p && !p->empty()) {
    ZJ_ASSIGN_OR_RETURN(auto id, http::QueryInt(req, "parent_id", 0, 1, INT64_MAX));
    parent = id;
  }
  ZJ_ASSIGN_OR_RETURN(auto orgs, ListChildren(c, a, parent));
  json::array items;
  for (const auto& o : orgs) items.push_back(OrgJson(o));
  return Items(std::move(items));
}

Result<Response> Search(Request& req, db::Connection& c, const Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto limit, http::QueryInt(req, "limit", 20, 1, kMaxSearchResults));
  // ?for=transfer: where a member may go, anywhere in the tree; otherwise the caller's own orgs.
  const std::string purpose = req.Query("for").value_or("");
  if (!purpose.empty() && purpose != "transfer") {
    return Invalid("for", "for 只能是 transfer（转入工会）", "for may only be 'transfer'");
  }
  ZJ_ASSIGN_OR_RETURN(
      auto orgs, purpose.empty() ? SearchOrgs(c, a, req.Query("q").value_or(""), limit)
                                 : SearchTransferTargets(c, a, req.Query("q").value_or(""), limit));
  json::array items;
  for (const auto& o : orgs) {
    json::object j = OrgJson(o);
    j["ancestors"] = RefsJson(AncestorsOf(c, o));
    items.push_back(std::move(j));
  }
  return Items(std::move(items));
}

Result<Response> Subtree(Request& req, db::Connection& c, const Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  SubtreeFilter f;
  ZJ_ASSIGN_OR_RETURN(auto page, http::QueryInt(req, "page", 1, 1, 1'000'000));
  ZJ_ASSIGN_OR_RETURN(auto size, http::QueryInt(req, "page_size", 50, 1, kMaxPageSize));
  f.page = page;
  f.page_size = size;
  f.query = req.Query("q").value_or("");
  if (auto v = req.Query("level"); v && !v->empty()) f.level = *v;
  if (auto v = req.Query("kind"); v && !v->empty()) f.kind = *v;
  if (auto v = req.Query("status"); v && !v->empty()) f.status = *v;
  ZJ_ASSIGN_OR_RETURN(auto result, ListSubtree(c, a, id, f));
  json::array items;
  for (const auto& o : result.first) items.push_back(OrgJson(o));
  return Response::Json(200, json::object{{"items", std::move(items)},
                                          {"total", result.second},
                                          {"page", f.page},
                                          {"page_size", f.page_size}});
}

Result<Response> Create(Request& req, db::Connection& c, const Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  NewOrg in;
  auto parent = http::OptInt(body, "parent_id");
  auto name = http::ReqString(body, "name");
  auto level = http::ReqString(body, "level", 32);
  auto kind = http::OptString(body, "kind", 32);
  auto region = http::ReqString(body, "region_code", 16);
  auto credit = http::OptString(body, "credit_code", 64);
  for (const Error* e : {parent ? nullptr : &parent.error(), name ? nullptr : &name.error(),
                         level ? nullptr : &level.error(), kind ? nullptr : &kind.error(),
                         region ? nullptr : &region.error(), credit ? nullptr : &credit.error()}) {
    if (e) return std::unexpected(*e);
  }
  in.parent_id = *parent;
  in.name = *name;
  in.level = *level;
  in.kind = *kind;
  in.region_code = *region;
  in.credit_code = *credit;
  ZJ_ASSIGN_OR_RETURN(auto org, CreateOrg(c, a, in));
  return Response::Json(201, OrgJson(org));
}

Result<Response> Update(Request& req, db::Connection& c, const Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  OrgChanges ch;
  auto name = http::OptString(body, "name");
  auto kind = http::OptString(body, "kind", 32);
  auto region = http::OptString(body, "region_code", 16);
  auto credit = http::OptString(body, "credit_code", 64);
  for (const Error* e : {name ? nullptr : &name.error(), kind ? nullptr : &kind.error(),
                         region ? nullptr : &region.error(), credit ? nullptr : &credit.error()}) {
    if (e) return std::unexpected(*e);
  }
  ch.name = *name;
  ch.kind = *kind;
  ch.region_code = *region;
  ch.credit_code = *credit;
  ZJ_ASSIGN_OR_RETURN(auto org, UpdateOrg(c, a, id, ch));
  return Response::Json(200, OrgJson(org));
}

Result<Response> Move(Request& req, db::Connection& c, const Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  ZJ_ASSIGN_OR_RETURN(auto parent, http::ReqInt(body, "parent_id"));
  ZJ_ASSIGN_OR_RETURN(auto org, MoveOrg(c, a, id, parent));
  return Response::Json(200, OrgJson(org));
}

Result<Response> Close(Request& req, db::Connection& c, const Actor& a) {
  ZJ_ASSIGN_OR_RETURN(auto id, req.PathId("id"));
  ZJ_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  ZJ_ASSIGN_OR_RETURN(auto reason, http::ReqString(body, "reason", http::kMaxLongTextBytes));
  ZJ_ASSIGN_OR_RETURN(auto org, CloseOrg(c, a, id, reason));
  return Response::Json(200, OrgJson(org));
}

Result<Response> Regions(Request& req) {
  const std::string parent = req.Query("parent").value_or("");
  if (!parent.empty() && !FindRegion(parent)) {
    return Invalid("parent", "行政区划代码 " + parent + " 不存在",
                   "Region code " + parent + " does not exist");
  }
  static constexpr std::array<std::string_view, 3> kLevels = {"province", "city", "county"};
  json::array items;
  for (const Region* r : RegionChildren(parent)) {
    items.push_back(json::object{
        {"code", r->code}, {"name", r->name}, {"level", kLevels[static_cast<size_t>(r->level)]}});
  }
  return Items(std::move(items));
}

}  // namespace

void RegisterRoutes(http::Router& router, db::Database& db) {
  router.Add("GET", "/api/v1/orgs", WithConn(db, ListOrgs));
  router.Add("POST", "/api/v1/orgs", WithConn(db, Create));
  router.Add("GET", "/api/v1/orgs/search", WithConn(db, Search));
  router.Add("GET", "/api/v1/orgs/{id}", WithConn(db, GetOrg));
  router.Add("PATCH", "/api/v1/orgs/{id}", WithConn(db, Update));
  router.Add("GET", "/api/v1/orgs/{id}/subtree", WithConn(db, Subtree));
  router.Add("POST", "/api/v1/orgs/{id}/move", WithConn(db, Move));
  router.Add("POST", "/api/v1/orgs/{id}/close", WithConn(db, Close));
  router.Add("GET", "/api/v1/regions", Regions);
}

}  // namespace zj::orgs

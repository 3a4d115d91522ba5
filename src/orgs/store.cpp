#include "orgs/store.h"

#include <map>

#include "base/clock.h"

namespace zj::orgs::store {
namespace {

constexpr const char* kColumns =
    "o.id, o.parent_id, o.province_code, o.name, o.level, o.kind, o.region_code, "
    "o.credit_code, o.path, o.depth, o.status, o.closed_reason, o.created_at, "
    "(SELECT COUNT(*) FROM orgs c WHERE c.parent_id = o.id) AS child_count";

Org ToOrg(const db::Row& r) {
  Org o;
  o.id = r.Int(0);
  o.parent_id = r.OptInt(1);
  o.province_code = r.Text(2);
  o.name = r.Text(3);
  o.level = ParseLevel(r.Text(4)).value_or(Level::kGrassroots);
  o.kind = r.OptText(5);
  o.region_code = r.Text(6);
  o.credit_code = r.OptText(7);
  o.path = r.Text(8);
  o.depth = static_cast<int>(r.Int(9));
  o.status = r.Text(10);
  o.closed_reason = r.OptText(11);
  o.created_at = r.Text(12);
  o.child_count = r.Int(13);
  return o;
}

std::vector<Org> ToOrgs(const db::Rows& rows) {
  std::vector<Org> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(ToOrg(r));
  return out;
}

std::string LikeEscape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

// The name condition of a search: folded name, full pinyin or initials contain the query.
std::string NameCondition(std::string_view query, db::Params& params) {
  const std::string like = "%" + LikeEscape(FoldText(query)) + "%";
  params.insert(params.end(), {like, like, like});
  return "(o.name_fold LIKE ? ESCAPE '\\' OR o.name_pinyin LIKE ? ESCAPE '\\' "
         "OR o.name_initials LIKE ? ESCAPE '\\')";
}

}  // namespace

std::optional<Org> Get(db::Connection& c, const auth::DataScope& scope, int64_t id) {
  db::Params params{id};
  const std::string cond = scope.OrgCondition("o.path", "o.id", params);
  auto rows = c.Query(std::string("SELECT ") + kColumns + " FROM orgs o WHERE o.id = ? AND " + cond,
                      params);
  if (rows.empty()) return std::nullopt;
  return ToOrg(rows[0]);
}

std::vector<Org> FindByName(db::Connection& c, const auth::DataScope& scope,
                            const std::string& name) {
  db::Params params{FoldText(name)};
  const std::string cond = scope.OrgCondition("o.path", "o.id", params);
  return ToOrgs(c.Query(std::string("SELECT ") + kColumns +
                            " FROM orgs o WHERE o.name_fold = ? AND o.status = 'active' AND " +
                            cond + " ORDER BY o.depth, o.id LIMIT 5",
                        params));
}

std::vector<Org> FindByCreditCode(db::Connection& c, const auth::DataScope& scope,
                                  const std::string& code) {
  db::Params params{code};
  const std::string cond = scope.OrgCondition("o.path", "o.id", params);
  return ToOrgs(c.Query(std::string("SELECT ") + kColumns +
                            " FROM orgs o WHERE o.credit_code = ? AND o.status = 'active' AND " +
                            cond + " ORDER BY o.depth, o.id LIMIT 5",
                        params));
}

std::vector<Org> FindByRegion(db::Connection& c, const auth::DataScope& scope,
                              const std::string& region_code) {
  db::Params params{region_code};
  const std::string cond = scope.OrgCondition("o.path", "o.id", params);
  return ToOrgs(c.Query(std::string("SELECT ") + kColumns +
                            " FROM orgs o WHERE o.region_code = ? AND o.status = 'active' AND "
                            "o.level IN ('province', 'city', 'county') AND " +
                            cond + " ORDER BY o.depth, o.id",
                        params));
}

std::vector<Org> Roots(db::Connection& c, const auth::DataScope& scope) {
  if (scope.IsAll()) {
    return ToOrgs(c.Query(std::string("SELECT ") + kColumns +
                          " FROM orgs o WHERE o.parent_id IS NULL ORDER BY o.name_pinyin"));
  }
  std::vector<Org> out;
  for (const auto& path : scope.subtree_paths()) {
    auto rows =
        c.Query(std::string("SELECT ") + kColumns + " FROM orgs o WHERE o.path = ?", {path});
    for (const auto& r : rows) out.push_back(ToOrg(r));
  }
  for (int64_t id : scope.org_ids()) {
    auto rows = c.Query(std::string("SELECT ") + kColumns + " FROM orgs o WHERE o.id = ?", {id});
    for (const auto& r : rows) {
      Org o = ToOrg(r);
      if (!scope.subtree_paths().empty() && scope.Contains(o.path, -1)) continue;  // listed
      out.push_back(std::move(o));
    }
  }
  return out;
}

std::vector<Org> Children(db::Connection& c, const auth::DataScope& scope, int64_t parent_id) {
  db::Params params{parent_id};
  const std::string cond = scope.OrgCondition("o.path", "o.id", params);
  return ToOrgs(c.Query(std::string("SELECT ") + kColumns +
                            " FROM orgs o WHERE o.parent_id = ? AND " + cond +
                            " ORDER BY o.status, o.name_pinyin",
                        params));
}

std::vector<Org> Search(db::Connection& c, const auth::DataScope& scope, std::string_view query,
                        int64_t limit, bool active_only) {
  db::Params params;
  std::string sql = std::string("SELECT ") + kColumns + " FROM orgs o WHERE ";
  sql += NameCondition(query, params);
  sql += " AND " + scope.OrgCondition("o.path", "o.id", params);
  if (active_only) sql += " AND o.status = 'active'";
  sql += " ORDER BY o.depth, o.name_pinyin LIMIT ?";
  params.emplace_back(limit);
  return ToOrgs(c.Query(sql, params));
}

std::pair<std::vector<Org>, int64_t> Subtree(db::Connection& c, const auth::DataScope& scope,
                                             const std::string& path, const SubtreeFilter& f) {
  db::Params params{path, auth::PathRangeEnd(path)};
  std::string where =
      "o.path >= ? AND o.path < ? AND " + scope.OrgCondition("o.path", "o.id", params);
  if (!f.query.empty()) where += " AND " + NameCondition(f.query, params);
  if (f.level) {
    where += " AND o.level = ?";
    params.emplace_back(*f.level);
  }
  if (f.kind) {
    where += " AND o.kind = ?";
    params.emplace_back(*f.kind);
  }
  if (f.status) {
    where += " AND o.status = ?";
    params.emplace_back(*f.status);
  }
  const int64_t total = c.Scalar("SELECT COUNT(*) FROM orgs o WHERE " + where, params)->AsInt();
  params.emplace_back(f.page_size);
  params.emplace_back((f.page - 1) * f.page_size);
  auto rows = c.Query(std::string("SELECT ") + kColumns + " FROM orgs o WHERE " + where +
                          " ORDER BY o.path LIMIT ? OFFSET ?",
                      params);
  return {ToOrgs(rows), total};
}

OrgCounts Counts(db::Connection& c, const auth::DataScope& scope, const Org& org) {
  OrgCounts counts;
  counts.children = org.child_count;
  db::Params params{org.path, auth::PathRangeEnd(org.path)};
  const std::string where = "o.path >= ? AND o.path < ? AND o.status = 'active' AND " +
                            scope.OrgCondition("o.path", "o.id", params);
  auto rows = c.Query(
      "SELECT o.level, o.kind, COUNT(*) FROM orgs o WHERE " + where + " GROUP BY o.level, o.kind",
      params);
  for (const auto& r : rows) {
    const int64_t n = r.Int(2);
    counts.subtree += n;
    counts.by_level[r.Text(0)] += n;
    if (!r.IsNull(1)) counts.by_kind[r.Text(1)] += n;
  }
  return counts;
}

std::vector<OrgRef> Ancestors(db::Connection& c, const std::string& path) {
  std::vector<int64_t> ids;
  size_t i = 1;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) break;
    ids.push_back(std::stoll(path.substr(i, j - i)));
    i = j + 1;
  }
  if (!ids.empty()) ids.pop_back();  // the org itself
  if (ids.empty()) return {};
  std::string marks;
  db::Params params;
  for (int64_t id : ids) {
    marks += marks.empty() ? "?" : ",?";
    params.emplace_back(id);
  }
  std::map<int64_t, std::string> names;  // one query for the whole chain
  for (const auto& r : c.Query("SELECT id, name FROM orgs WHERE id IN (" + marks + ")", params)) {
    names[r.Int(0)] = r.Text(1);
  }
  std::vector<OrgRef> out;
  for (int64_t id : ids) {
    if (auto it = names.find(id); it != names.end()) out.push_back({id, it->second});
  }
  return out;
}

Org Insert(db::Connection& c, Org org, const Org* parent, const SearchKeys& keys) {
  const std::string now = NowIso();
  const std::string parent_path = parent ? parent->path : "/";
  org.depth = parent ? parent->depth + 1 : 0;
  auto rows = c.Query(
      "INSERT INTO orgs (parent_id, province_code, name, name_fold, name_pinyin, name_initials, "
      "level, kind, region_code, credit_code, path, depth, status, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?) RETURNING id",
      {org.parent_id, org.province_code, org.name, keys.fold, keys.pinyin, keys.initials,
       LevelName(org.level), org.kind, org.region_code, org.credit_code, parent_path, org.depth,
       now, now});
  org.id = rows.at(0).Int(0);
  org.path = parent_path + std::to_string(org.id) + "/";
  c.Exec("UPDATE orgs SET path = ? WHERE id = ?", {org.path, org.id});
  org.status = "active";
  org.created_at = now;
  return org;
}

void UpdateFields(db::Connection& c, const Org& org, const SearchKeys& keys) {
  c.Exec(
      "UPDATE orgs SET name = ?, name_fold = ?, name_pinyin = ?, name_initials = ?, kind = ?, "
      "region_code = ?, province_code = ?, credit_code = ?, updated_at = ? WHERE id = ?",
      {org.name, keys.fold, keys.pinyin, keys.initials, org.kind, org.region_code,
       org.province_code, org.credit_code, NowIso(), org.id});
}

void Move(db::Connection& c, const Org& org, const Org& new_parent) {
  const std::string new_path = new_parent.path + std::to_string(org.id) + "/";
  const int depth_delta = new_parent.depth + 1 - org.depth;
  c.Exec("UPDATE orgs SET parent_id = ?, updated_at = ? WHERE id = ?",
         {new_parent.id, NowIso(), org.id});
  c.Exec(
      "UPDATE orgs SET path = ? || substr(path, ?), depth = depth + ? "
      "WHERE path >= ? AND path < ?",
      {new_path, static_cast<int64_t>(org.path.size()) + 1, depth_delta, org.path,
       auth::PathRangeEnd(org.path)});
}

void Close(db::Connection& c, int64_t id, const std::string& reason) {
  c.Exec("UPDATE orgs SET status = 'closed', closed_reason = ?, updated_at = ? WHERE id = ?",
         {reason, NowIso(), id});
}

bool NameTaken(db::Connection& c, std::optional<int64_t> parent_id, const std::string& name_fold,
               int64_t except_id) {
  if (!parent_id) {
    return c
        .Scalar("SELECT 1 FROM orgs WHERE parent_id IS NULL AND name_fold = ? AND id <> ?",
                {name_fold, except_id})
        .has_value();
  }
  return c
      .Scalar(
          "SELECT 1 FROM orgs WHERE parent_id = ? AND name_fold = ? AND id <> ? "
          "AND status = 'active'",
          {*parent_id, name_fold, except_id})
      .has_value();
}

int64_t ActiveChildren(db::Connection& c, int64_t id) {
  return c.Scalar("SELECT COUNT(*) FROM orgs WHERE parent_id = ? AND status = 'active'", {id})
      ->AsInt();
}

}  // namespace zj::orgs::store

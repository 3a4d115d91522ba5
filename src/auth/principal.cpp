#include "auth/principal.h"

#include <algorithm>

namespace zj::auth {

std::string_view ScopeKindName(ScopeKind kind) {
  switch (kind) {
    case ScopeKind::kAll:
      return "all";
    case ScopeKind::kSubtree:
      return "subtree";
    case ScopeKind::kOwnOrg:
      return "own_org";
    case ScopeKind::kSelf:
      return "self";
  }
  return "self";
}

bool ParseScopeKind(std::string_view text, ScopeKind* out) {
  for (ScopeKind k : {ScopeKind::kAll, ScopeKind::kSubtree, ScopeKind::kOwnOrg, ScopeKind::kSelf}) {
    if (ScopeKindName(k) == text) {
      *out = k;
      return true;
    }
  }
  return false;
}

std::string PathRangeEnd(std::string_view path) {
  std::string end(path);
  if (!end.empty() && end.back() == '/') end.back() = '0';
  return end;
}

DataScope DataScope::All() {
  DataScope s;
  s.all_ = true;
  return s;
}

DataScope DataScope::None() { return DataScope(); }

bool DataScope::Contains(std::string_view org_path, int64_t org_id) const {
  if (all_) return true;
  for (const auto& p : subtree_paths_) {
    if (org_path.starts_with(p)) return true;
  }
  return std::find(org_ids_.begin(), org_ids_.end(), org_id) != org_ids_.end();
}

std::string DataScope::OrgCondition(std::string_view path_column, std::string_view id_column,
                                    db::Params& params) const {
  if (all_) return "1=1";
  if (IsEmpty()) return "1=0";
  std::string sql = "(";
  bool first = true;
  for (const auto& p : subtree_paths_) {
    sql += first ? "" : " OR ";
    sql += "(" + std::string(path_column) + " >= ? AND " + std::string(path_column) + " < ?)";
    params.emplace_back(p);
    params.emplace_back(PathRangeEnd(p));
    first = false;
  }
  for (int64_t id : org_ids_) {
    sql += first ? "" : " OR ";
    sql += std::string(id_column) + " = ?";
    params.emplace_back(id);
    first = false;
  }
  return sql + ")";
}

bool Principal::Has(std::string_view permission) const {
  return permissions.contains(std::string(permission));
}

DataScope Principal::ScopeFor(std::string_view permission) const {
  DataScope scope;
  auto it = permissions.find(std::string(permission));
  if (it == permissions.end()) return scope;
  for (const Grant& g : it->second) {
    switch (g.scope) {
      case ScopeKind::kAll:
        return DataScope::All();
      case ScopeKind::kSubtree:
        scope.subtree_paths_.push_back(g.org_path);
        break;
      case ScopeKind::kOwnOrg:
        scope.org_ids_.push_back(g.org_id);
        break;
      case ScopeKind::kSelf:
        break;  // own records only: no org-wide data
    }
  }
  // Keep only topmost paths: one inside another adds nothing.
  auto& paths = scope.subtree_paths_;
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> top;
  for (const auto& p : paths) {
    if (top.empty() || !p.starts_with(top.back())) top.push_back(p);
  }
  paths = std::move(top);
  return scope;
}

}  // namespace zj::auth

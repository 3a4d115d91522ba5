#pragma once
// Who is calling and what they may do where. A Principal is built once per request from the
// user's grants; a DataScope is what the store layer applies to every query.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/value.h"

namespace zj::auth {

enum class ScopeKind { kAll, kSubtree, kOwnOrg, kSelf };
std::string_view ScopeKindName(ScopeKind kind);
// "all" / "subtree" / "own_org" / "self"; false for anything else.
bool ParseScopeKind(std::string_view text, ScopeKind* out);

// The orgs in which a permission holds. Built only by Principal::ScopeFor (and by tests and the
// CLI through All()), so that a store cannot be called without a scope.
class DataScope {
 public:
  // The unrestricted scope, for the command line and background jobs run by the operator.
  static DataScope All();
  static DataScope None();

  bool IsAll() const { return all_; }
  bool IsEmpty() const { return !all_ && subtree_paths_.empty() && org_ids_.empty(); }
  // True when the org with this materialized path and id lies inside the scope.
  bool Contains(std::string_view org_path, int64_t org_id) const;
  // An SQL condition over an org path column and an org id column that keeps only rows in the
  // scope, appending its parameters. Never empty: an empty scope gives "1=0".
  std::string OrgCondition(std::string_view path_column, std::string_view id_column,
                           db::Params& params) const;
  // The topmost paths of the scope (no path inside another), for listing scope roots.
  const std::vector<std::string>& subtree_paths() const { return subtree_paths_; }
  const std::vector<int64_t>& org_ids() const { return org_ids_; }

 private:
  friend class Principal;
  bool all_ = false;
  std::vector<std::string> subtree_paths_;
  std::vector<int64_t> org_ids_;
};

// The upper bound of a materialized-path prefix range: "/1/2/" -> "/1/20" (the byte after '/').
std::string PathRangeEnd(std::string_view path);

struct Grant {
  std::string role;
  ScopeKind scope = ScopeKind::kSelf;
  int64_t org_id = 0;    // the scope's org (subtree / own org)
  std::string org_path;  // its materialized path
};

class Principal {
 public:
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  int64_t org_id = 0;
  std::string org_name;
  std::string org_path;
  bool via_token = false;
  std::optional<int64_t> member_id;  // a worker acting on their own records (self scope)
  // permission -> the grants that give it
  std::map<std::string, std::vector<Grant>> permissions;

  bool Has(std::string_view permission) const;
  // Where the caller holds the permission; empty when nowhere.
  DataScope ScopeFor(std::string_view permission) const;
  // "username" for the audit log.
  std::string Label() const { return username; }
};

}  // namespace zj::auth

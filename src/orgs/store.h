#pragma once
// SQL of the org tree. Every read takes the caller's DataScope and applies it in the query.
#include <optional>
#include <vector>

#include "auth/principal.h"
#include "base/text.h"
#include "db/database.h"
#include "orgs/model.h"

namespace zj::orgs::store {

std::optional<Org> Get(db::Connection& c, const auth::DataScope& scope, int64_t id);
std::vector<Org> FindByName(db::Connection& c, const auth::DataScope& scope,
                            const std::string& name);
std::vector<Org> FindByCreditCode(db::Connection& c, const auth::DataScope& scope,
                                  const std::string& code);
// Active province-, city- and county-level orgs of exactly this region inside scope.
std::vector<Org> FindByRegion(db::Connection& c, const auth::DataScope& scope,
                              const std::string& region_code);
// The topmost orgs of the scope.
std::vector<Org> Roots(db::Connection& c, const auth::DataScope& scope);
std::vector<Org> Children(db::Connection& c, const auth::DataScope& scope, int64_t parent_id);
// Orgs whose name (folded), full pinyin or initials contain the query, shallowest first.
std::vector<Org> Search(db::Connection& c, const auth::DataScope& scope, std::string_view query,
                        int64_t limit, bool active_only = false);
// One page of the subtree under path (the org itself included), and the total matching.
std::pair<std::vector<Org>, int64_t> Subtree(db::Connection& c, const auth::DataScope& scope,
                                             const std::string& path, const SubtreeFilter& f);
OrgCounts Counts(db::Connection& c, const auth::DataScope& scope, const Org& org);
// The orgs named in a path, root first, excluding the last (the org itself).
std::vector<OrgRef> Ancestors(db::Connection& c, const std::string& path);

// Inserts the org under parent (nullptr for a root) and returns it with id and path set.
Org Insert(db::Connection& c, Org org, const Org* parent, const SearchKeys& keys);
void UpdateFields(db::Connection& c, const Org& org, const SearchKeys& keys);
// Moves org (and its subtree) under new_parent, rewriting paths and depths.
void Move(db::Connection& c, const Org& org, const Org& new_parent);
void Close(db::Connection& c, int64_t id, const std::string& reason);
// Whether another org under parent_id has this folded name.
bool NameTaken(db::Connection& c, std::optional<int64_t> parent_id, const std::string& name_fold,
               int64_t except_id);
int64_t ActiveChildren(db::Connection& c, int64_t id);

}  // namespace zj::orgs::store

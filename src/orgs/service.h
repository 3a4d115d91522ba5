#pragma once
// The org tree's rules: who may see and change which org, level and region consistency, moves
// that keep the tree a tree, closing only empty orgs.
#include <optional>
#include <string>
#include <vector>

#include "auth/actor.h"
#include "auth/principal.h"
#include "base/error.h"
#include "db/database.h"
#include "orgs/model.h"

namespace zj::orgs {

inline constexpr const char* kReadPermission = "org:read";
inline constexpr const char* kWritePermission = "org:write";

struct OrgDetail {
  Org org;
  std::vector<OrgRef> ancestors;
  OrgCounts counts;
};

struct NewOrg {
  std::optional<int64_t> parent_id;  // none: a root (national federation), only with "all" scope
  std::string name;
  std::string level;
  std::optional<std::string> kind;
  std::string region_code;
  std::optional<std::string> credit_code;
};

struct OrgChanges {
  std::optional<std::string> name;
  std::optional<std::string> kind;
  std::optional<std::string> region_code;
  std::optional<std::string> credit_code;
};

using auth::Actor;

// The org if it lies in scope (no counts, no ancestors): for other capabilities' checks.
std::optional<Org> FindOrg(db::Connection& c, const auth::DataScope& scope, int64_t id);
// Active orgs with exactly this name inside scope (an import names orgs by name).
std::vector<Org> FindOrgsByName(db::Connection& c, const auth::DataScope& scope,
                                const std::string& name);
// Active orgs with this unified social credit code (already checked) inside scope.
std::vector<Org> FindOrgsByCreditCode(db::Connection& c, const auth::DataScope& scope,
                                      const std::string& code);

// The federations (province, city or county level) of this region inside scope.
std::vector<Org> FindRegionOrgs(db::Connection& c, const auth::DataScope& scope,
                                const std::string& region_code);

Result<OrgDetail> GetDetail(db::Connection& c, const Actor& a, int64_t id);
Result<std::vector<Org>> ListChildren(db::Connection& c, const Actor& a,
                                      std::optional<int64_t> parent_id);
Result<std::vector<Org>> SearchOrgs(db::Connection& c, const Actor& a, std::string_view query,
                                    int64_t limit);
// Active unions anywhere in the tree, by name, pinyin or initials: where a member may transfer to
// (the receiving union need not be the caller's). Only for a caller who may write members
// somewhere; org names and their places in the tree are public.
Result<std::vector<Org>> SearchTransferTargets(db::Connection& c, const Actor& a,
                                               std::string_view query, int64_t limit);
Result<std::pair<std::vector<Org>, int64_t>> ListSubtree(db::Connection& c, const Actor& a,
                                                         int64_t id, const SubtreeFilter& f);
std::vector<OrgRef> AncestorsOf(db::Connection& c, const Org& org);

Result<Org> CreateOrg(db::Connection& c, const Actor& a, const NewOrg& input);
Result<Org> UpdateOrg(db::Connection& c, const Actor& a, int64_t id, const OrgChanges& changes);
Result<Org> MoveOrg(db::Connection& c, const Actor& a, int64_t id, int64_t new_parent_id);
Result<Org> CloseOrg(db::Connection& c, const Actor& a, int64_t id, const std::string& reason);

}  // namespace zj::orgs

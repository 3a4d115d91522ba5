#include "orgs/service.h"

#include <boost/json.hpp>

#include "auth/audit.h"
#include "auth/permissions.h"
#include "base/credit_code.h"
#include "base/regions.h"
#include "base/text.h"
#include "orgs/store.h"

namespace zj::orgs {
namespace {

std::unexpected<Error> NotInScope(int64_t id) {
  return Fail(ErrorCode::kNotFound, "组织 " + std::to_string(id) + " 不存在或不在您的管辖范围内",
              "Org " + std::to_string(id) + " does not exist or is outside your scope", "id");
}

std::unexpected<Error> NoWriteRight(int64_t id) {
  return Fail(ErrorCode::kForbidden, "您无权修改组织 " + std::to_string(id),
              "You may not change org " + std::to_string(id), "id");
}

// An org the caller may read; and, when write is true, also change.
Result<Org> Load(db::Connection& c, const Actor& a, int64_t id, bool write) {
  auto org = store::Get(c, a.ScopeFor(kReadPermission), id);
  if (!org) {
    // Writers may hold org:write without org:read; look there too before saying "not found".
    if (!write || !(org = store::Get(c, a.ScopeFor(kWritePermission), id))) return NotInScope(id);
  }
  if (write && !a.ScopeFor(kWritePermission).Contains(org->path, org->id)) return NoWriteRight(id);
  return *org;
}

Result<std::string> ValidName(const std::string& name) {
  if (name.empty() || !IsValidUtf8(name) || Utf8Length(name) > kMaxNameChars) {
    return Invalid("name", "组织名称应为 1–100 个字符", "An org name is 1-100 characters");
  }
  return name;
}

// A region code that exists and lies inside the parent's region.
Result<std::string> ValidRegion(const std::string& code, const Org* parent) {
  if (code == kNationalRegion && !parent) return code;
  if (!FindRegion(code)) {
    return Invalid("region_code", "行政区划代码 " + code + " 不存在（GB/T 2260，6 位）",
                   "Region code " + code + " does not exist (GB/T 2260, 6 digits)");
  }
  if (parent && parent->region_code != kNationalRegion) {
    // "330000" covers "33xxxx"; "330100" covers "3301xx"; a county covers only itself.
    std::string prefix = parent->region_code;
    while (prefix.size() > 2 && prefix.ends_with("00")) prefix.resize(prefix.size() - 2);
    if (!code.starts_with(prefix)) {
      return Invalid("region_code",
                     "行政区划 " + RegionFullName(code) + " 不在上级组织的区划 " +
                         RegionFullName(parent->region_code) + " 之内",
                     "Region " + code + " is outside the parent's region " + parent->region_code);
    }
  }
  return code;
}

Result<std::optional<std::string>> ValidCreditCode(const std::optional<std::string>& code) {
  if (!code || code->empty()) return std::optional<std::string>();
  auto parsed = ParseCreditCode(*code);
  if (!parsed) {
    Error e = parsed.error();
    e.field = "credit_code";
    return std::unexpected(e);
  }
  return std::optional<std::string>(*parsed);
}

// Kind is required for grassroots unions and meaningless above them.
Result<std::optional<std::string>> ValidKind(const std::optional<std::string>& kind, Level level) {
  if (level != Level::kGrassroots) {
    if (kind && !kind->empty()) {
      return Invalid("kind", "只有基层工会有类型", "Only grassroots unions have a kind");
    }
    return std::optional<std::string>();
  }
  if (!kind || !IsKnownKind(*kind)) {
    return Invalid("kind", "请选择基层工会类型（企业、事业单位、机关、社区……）",
                   "Choose the grassroots kind (enterprise, institution, community, ...)");
  }
  return kind;
}

std::string OrgJsonDetail(const Org& o) {
  return boost::json::serialize(boost::json::object{
      {"name", o.name}, {"level", LevelName(o.level)}, {"region_code", o.region_code}});
}

void AuditOrg(db::Connection& c, const Actor& a, const char* action, const Org& o,
              std::string detail) {
  auto entry = auth::AuditBy(a.principal, action, "org", std::to_string(o.id), a.request_id);
  entry.org_path = o.path;
  entry.detail = std::move(detail);
  auth::Audit(c, entry);
}

std::unexpected<Error> NameTakenError(const std::string& name) {
  return Fail(ErrorCode::kConflict, "同一上级下已有名为“" + name + "”的组织",
              "An org named '" + name + "' already exists under this parent", "name");
}

}  // namespace

std::optional<Org> FindOrg(db::Connection& c, const auth::DataScope& scope, int64_t id) {
  return store::Get(c, scope, id);
}

std::vector<Org> FindOrgsByName(db::Connection& c, const auth::DataScope& scope,
                                const std::string& name) {
  return store::FindByName(c, scope, name);
}

std::vector<Org> FindOrgsByCreditCode(db::Connection& c, const auth::DataScope& scope,
                                      const std::string& code) {
  return store::FindByCreditCode(c, scope, code);
}

std::vector<Org> FindRegionOrgs(db::Connection& c, const auth::DataScope& scope,
                                const std::string& region_code) {
  return store::FindByRegion(c, scope, region_code);
}

Result<OrgDetail> GetDetail(db::Connection& c, const Actor& a, int64_t id) {
  ZJ_ASSIGN_OR_RETURN(auto org, Load(c, a, id, false));
  OrgDetail d{org, store::Ancestors(c, org.path), {}};
  d.counts = store::Counts(c, a.ScopeFor(kReadPermission), org);
  return d;
}

Result<std::vector<Org>> ListChildren(db::Connection& c, const Actor& a,
                                      std::optional<int64_t> parent_id) {
  const auth::DataScope scope = a.ScopeFor(kReadPermission);
  if (!parent_id) return store::Roots(c, scope);
  ZJ_TRY(Load(c, a, *parent_id, false));
  return store::Children(c, scope, *parent_id);
}

namespace {

// Orgs in `scope` by name, pinyin or initials; nothing for an empty query.
Result<std::vector<Org>> SearchIn(db::Connection& c, const auth::DataScope& scope,
                                  std::string_view query, int64_t limit, bool active_only) {
  if (query.empty()) return std::vector<Org>{};
  if (!IsValidUtf8(query) || Utf8Length(query) > kMaxNameChars) {
    return Invalid("q", "搜索词应为 1–100 个字符", "The search text is 1-100 characters");
  }
  return store::Search(c, scope, query, limit, active_only);
}

}  // namespace

Result<std::vector<Org>> SearchOrgs(db::Connection& c, const Actor& a, std::string_view query,
                                    int64_t limit) {
  return SearchIn(c, a.ScopeFor(kReadPermission), query, limit, false);
}

Result<std::vector<Org>> SearchTransferTargets(db::Connection& c, const Actor& a,
                                               std::string_view query, int64_t limit) {
  // members::kWrite; orgs sit below members and cannot include it.
  static constexpr const char* kMemberWrite = "member:write";
  if (a.ScopeFor(kMemberWrite).IsEmpty()) {
    return auth::NoRight(kMemberWrite);
  }
  return SearchIn(c, auth::DataScope::All(), query, limit, true);
}

Result<std::pair<std::vector<Org>, int64_t>> ListSubtree(db::Connection& c, const Actor& a,
                                                         int64_t id, const SubtreeFilter& f) {
  ZJ_ASSIGN_OR_RETURN(auto org, Load(c, a, id, false));
  if (f.level && !ParseLevel(*f.level)) {
    return Invalid("level", "未知的组织层级：" + *f.level, "Unknown org level: " + *f.level);
  }
  if (f.kind && !IsKnownKind(*f.kind)) {
    return Invalid("kind", "未知的基层工会类型：" + *f.kind, "Unknown grassroots kind: " + *f.kind);
  }
  if (f.status && *f.status != "active" && *f.status != "closed") {
    return Invalid("status", "状态应为 active 或 closed", "Status must be active or closed");
  }
  return store::Subtree(c, a.ScopeFor(kReadPermission), org.path, f);
}

std::vector<OrgRef> AncestorsOf(db::Connection& c, const Org& org) {
  return store::Ancestors(c, org.path);
}

Result<Org> CreateOrg(db::Connection& c, const Actor& a, const NewOrg& in) {
  ZJ_ASSIGN_OR_RETURN(auto name, ValidName(in.name));
  auto level = ParseLevel(in.level);
  if (!level) {
    return Invalid("level", "未知的组织层级：" + in.level, "Unknown org level: " + in.level);
  }
  ZJ_ASSIGN_OR_RETURN(auto kind, ValidKind(in.kind, *level));
  ZJ_ASSIGN_OR_RETURN(auto credit, ValidCreditCode(in.credit_code));
  return db::WithTransaction(c, [&]() -> Result<Org> {
    std::optional<Org> parent;
    if (in.parent_id) {
      ZJ_ASSIGN_OR_RETURN(auto p, Load(c, a, *in.parent_id, true));
      parent = p;
      if (!MayHangUnder(*level, parent->level)) {
        return Invalid("level",
                       "层级为 " + in.level + " 的组织不能直接隶属于 " +
                           std::string(LevelName(parent->level)) + " 级组织",
                       "An org of level " + in.level + " cannot hang directly under a " +
                           std::string(LevelName(parent->level)) + " org");
      }
      if (parent->status != "active") {
        return Fail(ErrorCode::kConflict, "上级组织已撤销", "The parent org is closed",
                    "parent_id");
      }
    } else if (!a.ScopeFor(kWritePermission).IsAll() || *level != Level::kNational) {
      return Invalid("parent_id", "请指定上级组织", "Choose the parent org");
    }
    ZJ_ASSIGN_OR_RETURN(auto region, ValidRegion(in.region_code, parent ? &*parent : nullptr));
    const SearchKeys keys = MakeSearchKeys(name);
    if (store::NameTaken(c, in.parent_id, keys.fold, 0)) return NameTakenError(name);
    Org org;
    org.parent_id = in.parent_id;
    org.name = name;
    org.level = *level;
    org.kind = kind;
    org.region_code = region;
    org.province_code = std::string(ProvinceCode(region));
    org.credit_code = credit;
    Org created = store::Insert(c, org, parent ? &*parent : nullptr, keys);
    AuditOrg(c, a, "org.create", created, OrgJsonDetail(created));
    return created;
  });
}

Result<Org> UpdateOrg(db::Connection& c, const Actor& a, int64_t id, const OrgChanges& ch) {
  return db::WithTransaction(c, [&]() -> Result<Org> {
    ZJ_ASSIGN_OR_RETURN(auto org, Load(c, a, id, true));
    Org updated = org;
    if (ch.name) {
      ZJ_ASSIGN_OR_RETURN(auto name, ValidName(*ch.name));
      updated.name = name;
    }
    if (ch.kind) {
      ZJ_ASSIGN_OR_RETURN(auto kind, ValidKind(ch.kind, org.level));
      updated.kind = kind;
    }
    if (ch.region_code) {
      std::optional<Org> parent;
      if (org.parent_id) parent = store::Get(c, auth::DataScope::All(), *org.parent_id);
      ZJ_ASSIGN_OR_RETURN(auto region, ValidRegion(*ch.region_code, parent ? &*parent : nullptr));
      updated.region_code = region;
      updated.province_code = std::string(ProvinceCode(region));
    }
    if (ch.credit_code) {
      ZJ_ASSIGN_OR_RETURN(auto credit, ValidCreditCode(ch.credit_code));
      updated.credit_code = credit;
    }
    const SearchKeys keys = MakeSearchKeys(updated.name);
    if (ch.name && store::NameTaken(c, org.parent_id, keys.fold, id)) {
      return NameTakenError(updated.name);
    }
    store::UpdateFields(c, updated, keys);
    AuditOrg(c, a, "org.update", updated,
             "{\"before\":" + OrgJsonDetail(org) + ",\"after\":" + OrgJsonDetail(updated) + "}");
    return updated;
  });
}

Result<Org> MoveOrg(db::Connection& c, const Actor& a, int64_t id, int64_t new_parent_id) {
  return db::WithTransaction(c, [&]() -> Result<Org> {
    ZJ_ASSIGN_OR_RETURN(auto org, Load(c, a, id, true));
    auto parent = Load(c, a, new_parent_id, true);
    if (!parent) {
      Error e = parent.error();
      e.field = "parent_id";
      return std::unexpected(e);
    }
    if (parent->path.starts_with(org.path)) {
      return Invalid("parent_id", "不能把组织移到它自己或它的下级组织之下",
                     "An org cannot move under itself or one of its own sub-orgs");
    }
    if (!MayHangUnder(org.level, parent->level)) {
      return Invalid("parent_id", "新上级组织的层级不允许挂接该组织",
                     "The new parent's level cannot hold an org of this level");
    }
    if (parent->status != "active") {
      return Fail(ErrorCode::kConflict, "新上级组织已撤销", "The new parent org is closed",
                  "parent_id");
    }
    ZJ_TRY(ValidRegion(org.region_code, &*parent));
    if (store::NameTaken(c, new_parent_id, FoldText(org.name), id)) {
      return NameTakenError(org.name);
    }
    store::Move(c, org, *parent);
    auto moved = store::Get(c, auth::DataScope::All(), id);
    AuditOrg(c, a, "org.move", *moved,
             "{\"from_parent\":" + std::to_string(org.parent_id.value_or(0)) +
                 ",\"to_parent\":" + std::to_string(new_parent_id) + "}");
    return *moved;
  });
}

Result<Org> CloseOrg(db::Connection& c, const Actor& a, int64_t id, const std::string& reason) {
  if (reason.empty() || Utf8Length(reason) > kMaxCloseReasonChars) {
    return Invalid("reason",
                   "请填写撤销原因（最多 " + std::to_string(kMaxCloseReasonChars) + " 字）",
                   "Give the reason for closing (at most " + std::to_string(kMaxCloseReasonChars) +
                       " characters)");
  }
  return db::WithTransaction(c, [&]() -> Result<Org> {
    ZJ_ASSIGN_OR_RETURN(auto org, Load(c, a, id, true));
    if (org.status == "closed") {
      return Fail(ErrorCode::kConflict, "该组织已撤销", "The org is already closed", "id");
    }
    if (const int64_t n = store::ActiveChildren(c, id); n > 0) {
      return Fail(
          ErrorCode::kConflict,
          "该组织还有 " + std::to_string(n) + " 个下级组织，请先撤销或移走它们",
          "The org still has " + std::to_string(n) + " active sub-orgs; close or move them first",
          "id");
    }
    store::Close(c, id, reason);
    org.status = "closed";
    org.closed_reason = reason;
    AuditOrg(c, a, "org.close", org,
             "{\"reason_chars\":" + std::to_string(Utf8Length(reason)) + "}");
    return org;
  });
}

}  // namespace zj::orgs

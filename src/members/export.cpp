#include "members/export.h"

#include "auth/audit.h"
#include "auth/permissions.h"
#include "io/xlsx_writer.h"
#include "members/store.h"

namespace zj::members {
namespace {

std::string HukouZh(const std::optional<std::string>& h) {
  if (!h) return "";
  return *h == "urban" ? "城镇" : "农村";
}

std::string FormZh(const std::string& f) {
  if (f == "new_form") return "新就业形态";
  if (f == "flexible") return "灵活就业";
  return "标准劳动关系";
}

Result<void> StartSheet(io::XlsxWriter& w) {
  std::vector<std::string> header(kFileColumns.begin(), kFileColumns.end());
  static const std::vector<double> kWidths = {10, 22, 14, 30, 8,  8,  10, 8,
                                              10, 12, 30, 22, 12, 18, 10};
  if (auto r = w.AddSheet("会员"); !r) return r;
  if (auto r = w.SetColumnWidths(kWidths); !r) return r;
  return w.WriteHeader(header);
}

}  // namespace

std::vector<std::string> FileRow(const Member& m) {
  return {m.name,
          m.id_number,
          m.phone.value_or(""),
          m.org_name,
          m.ethnicity.value_or(""),
          m.education.value_or(""),
          m.skill_level.value_or(""),
          HukouZh(m.hukou),
          m.migrant_worker ? "是" : "否",
          FormZh(m.employment_form),
          m.employer.value_or(""),
          m.employer_credit_code.value_or(""),
          m.member_since.value_or(""),
          m.card_number.value_or(""),
          std::string(kStateNamesZh[static_cast<size_t>(m.state)])};
}

// The import template: the member sheet with its header, its code columns as text (so Excel
// keeps 18-digit IDs), drop-down lists for the columns with choices and an example row; then the
// instructions — every column, whether it is required, the other names its header may have and
// what it takes.
Result<void> WriteTemplate(const std::string& path) {
  io::XlsxWriter w(path);
  if (auto r = StartSheet(w); !r) return r;
  if (auto r = w.SetTextColumns(kTextColumns); !r) return r;
  for (const auto& [column, choices] : kColumnChoices) {
    std::vector<std::string> values;
    for (std::string_view c : choices) {
      if (!c.empty()) values.emplace_back(c);
    }
    if (auto r = w.SetListColumn(static_cast<int>(column), values); !r) return r;
  }
  std::vector<std::string> example;
  for (const auto& guide : kColumnGuides) example.emplace_back(guide.example);
  if (auto r = w.WriteRow(example); !r) return r;
  if (auto r = w.AddSheet("填写说明"); !r) return r;
  static const std::vector<double> kWidths = {18, 10, 44, 60, 22};
  if (auto r = w.SetColumnWidths(kWidths); !r) return r;
  if (auto r = w.WriteHeader(std::vector<std::string>{"列名", "是否必填", "也可用的列名",
                                                      "填写要求与可填的值", "示例"});
      !r) {
    return r;
  }
  for (size_t i = 0; i < kFileColumns.size(); ++i) {
    std::string aliases;
    for (std::string_view a : kFileColumnAliases[i]) {
      if (!a.empty()) aliases += (aliases.empty() ? "" : "、") + std::string(a);
    }
    const ColumnGuide& guide = kColumnGuides[i];
    if (auto r = w.WriteRow(
            std::vector<std::string>{std::string(kFileColumns[i]), guide.required ? "必填" : "选填",
                                     aliases, std::string(guide.rule), std::string(guide.example)});
        !r) {
      return r;
    }
  }
  for (const char* note :
       {"“会员”页第 2 行是示例行（姓名以“示例”开头），导入时不会导入，可直接覆盖或删除。",
        "每一行导入后都有结果：新增、更新、未变或未导入（附原因），合计等于文件的数据行数。"}) {
    if (auto r = w.WriteRow(std::vector<std::string>{note}); !r) return r;
  }
  return w.Close();
}

Result<int64_t> ExportMembers(db::Connection& c, const Actor& a, const MemberFilter& f, bool unmask,
                              const std::string& path) {
  const auto scope = a.ScopeFor(kExport);
  if (scope.IsEmpty()) {
    return auth::NoRight(kExport);
  }
  std::optional<std::string> org_path;
  if (f.org_id) {
    auto org = orgs::FindOrg(c, scope, *f.org_id);
    if (!org) {
      return Fail(ErrorCode::kNotFound, "组织不存在或不在您的导出范围内",
                  "No such org in your export scope", "org_id");
    }
    org_path = org->path;
  }
  // Unmasking a whole export needs the unmask right over everything exported.
  if (unmask) {
    const auto unmask_scope = a.ScopeFor(kUnmask);
    const bool covered = unmask_scope.IsAll() ||
                         (org_path && unmask_scope.Contains(*org_path, *f.org_id)) ||
                         (!org_path && !scope.IsAll() && [&] {
                           for (const auto& p : scope.subtree_paths()) {
                             if (!unmask_scope.Contains(p, -1)) return false;
                           }
                           return scope.org_ids().empty();
                         }());
    if (!covered) {
      return Fail(ErrorCode::kForbidden, "您无权导出未脱敏的会员信息（member:unmask）",
                  "You may not export unmasked member data (member:unmask)");
    }
  }
  io::XlsxWriter w(path);
  ZJ_TRY(StartSheet(w));
  int64_t rows = 0, after = 0;
  for (;;) {
    auto page = store::After(c, scope, f, org_path, after, kExportPageRows);
    for (Member& m : page) {
      after = m.id;
      if (!unmask) Mask(m);
      ZJ_TRY(w.WriteRow(FileRow(m)));
      ++rows;
    }
    if (static_cast<int64_t>(page.size()) < kExportPageRows) break;
  }
  ZJ_TRY(w.Close());
  db::WithTransaction(c, [&] {
    auto e = auth::AuditBy(a.principal, unmask ? "member.export_unmasked" : "member.export",
                           "member", "", a.request_id);
    e.org_path = org_path.value_or("");
    e.detail = "{\"rows\":" + std::to_string(rows) + "}";
    auth::Audit(c, e);
  });
  return rows;
}

}  // namespace zj::members

#pragma once
// Every permission string, what it lets a person do in words (Chinese and English), and the one
// refusal for lacking it: people read words, never codes such as "hardship:policy:write".
#include <array>
#include <expected>
#include <string_view>

#include "base/error.h"

namespace zj::auth {

struct PermissionInfo {
  std::string_view code;
  std::string_view zh;  // a verb phrase: "维护帮扶政策"
  std::string_view en;  // "maintain assistance policy"
};

inline constexpr std::array<PermissionInfo, 19> kPermissions = {{
    {"org:read", "查看组织架构", "see the organisation tree"},
    {"org:write", "维护组织架构", "maintain the organisation tree"},
    {"user:manage", "管理用户和授权", "manage users and their rights"},
    {"audit:read", "查看审计日志", "read the audit log"},
    {"member:read", "查看会员", "see members"},
    {"member:write", "登记和维护会员", "register and maintain members"},
    {"member:approve", "审批入会和会籍变动", "approve membership and its changes"},
    {"member:unmask", "查看会员完整的身份证号和手机号", "see members' full ID and phone numbers"},
    {"member:import", "批量导入会员", "import members in bulk"},
    {"member:export", "导出会员", "export members"},
    {"hardship:read", "查看困难职工档案和帮扶政策", "see hardship files and assistance policy"},
    {"hardship:apply", "申请困难帮扶", "apply for hardship assistance"},
    {"hardship:file:write", "办理困难职工档案", "handle hardship files"},
    {"hardship:file:approve", "审核建档", "review files for filing"},
    {"hardship:unmask", "查看档案中的完整敏感信息", "see sensitive details of files in full"},
    {"hardship:policy:write", "维护帮扶政策", "maintain assistance policy"},
    {"hardship:calendar:write", "维护工作日历", "maintain the working-day calendar"},
    {"funds:read", "查看帮扶资金", "see assistance funds"},
    {"funds:write", "动用和审批帮扶资金", "use and approve assistance funds"},
}};

// The permission's words, or the code itself if it is not in kPermissions.
const PermissionInfo& DescribePermission(std::string_view code);

// The refusal for lacking a permission (403), naming what it allows in words.
std::unexpected<Error> NoRight(std::string_view permission);

}  // namespace zj::auth

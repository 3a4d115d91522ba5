#include "auth/permissions.h"

#include <string>

namespace zj::auth {

const PermissionInfo& DescribePermission(std::string_view code) {
  for (const auto& p : kPermissions) {
    if (p.code == code) return p;
  }
  // Unknown codes are a bug in the caller; they are still said as they are.
  thread_local PermissionInfo unknown;
  thread_local std::string text;
  text = std::string(code);
  unknown = {text, text, text};
  return unknown;
}

std::unexpected<Error> NoRight(std::string_view permission) {
  const PermissionInfo& p = DescribePermission(permission);
  return Fail(ErrorCode::kForbidden, "您没有“" + std::string(p.zh) + "”的权限",
              "You may not " + std::string(p.en));
}

}  // namespace zj::auth

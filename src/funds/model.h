#pragma once
// The funds capability's permission strings.

namespace zj::funds {

inline constexpr const char* kFundsRead = "funds:read";
inline constexpr const char* kFundsWrite = "funds:write";

}  // namespace zj::funds

#pragma once
// Wall-clock time as the database stores it: UTC, ISO 8601 with milliseconds and a Z.
#include <chrono>
#include <string>

namespace zj {

using SysTime = std::chrono::system_clock::time_point;

// "2026-11-28T10:00:00.123Z" for the given instant (now by default).
std::string FormatIso(SysTime t);
std::string NowIso();

}  // namespace zj

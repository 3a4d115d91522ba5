#pragma once
// Wall-clock time as the database stores it: UTC, ISO 8601 with milliseconds and a Z.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace zj {

using SysTime = std::chrono::system_clock::time_point;

// "2026-11-28T10:00:00.123Z" for the given instant (now by default).
std::string FormatIso(SysTime t);
std::string NowIso();
// The instant of a time FormatIso wrote; nullopt for anything else.
std::optional<SysTime> ParseIso(std::string_view text);

}  // namespace zj

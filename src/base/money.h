#pragma once
// Money is an int64 count of fen (分, 1/100 yuan) everywhere: in memory, in the database
// (BIGINT) and in JSON. Only the edges turn it into text and back.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"

namespace zj {

// Longest amount text accepted, in bytes; anything longer is junk, not money.
inline constexpr std::size_t kMaxMoneyTextBytes = 64;

// Parses an amount in yuan as cadres write it into fen: "1,234.56", "1234.5", "1234", "-12.30",
// full-width digits ("１２３４．５６"), an optional ¥ or ￥ before or after the sign, spaces
// around. Thousands separators, if used, must group every three digits; at most two decimals are
// allowed. Fails (kInvalidArgument on `field`) on empty text, junk, misplaced separators, more
// than two decimals or an amount beyond the int64 range of fen, saying what to fix.
Result<std::int64_t> ParseMoney(std::string_view text, std::string_view field = "amount");

// Formats fen as yuan with thousands separators and exactly two decimals: 123456 → "1,234.56",
// -5 → "-0.05". Defined for every int64 value; ParseMoney reads the result back for all but
// INT64_MIN.
std::string FormatMoney(std::int64_t fen);

}  // namespace zj

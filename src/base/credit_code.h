#pragma once
// Unified social credit codes (统一社会信用代码, GB 32100-2015) of employers and other legal
// persons: 18 characters from 0-9 and the capital letters other than I, O, S, V and Z, the last
// one a check character over the first 17.
#include <string>
#include <string_view>

#include "base/error.h"

namespace zj {

// Parses a credit code as typed or imported. Normalises first: full-width characters folded,
// spaces (also U+3000 and inside the code) removed, letters upper-cased. Fails (kInvalidArgument
// on field "credit_code") on an empty value, a length other than 18 (saying how many characters
// were given), a character outside the code's alphabet (naming it and its position; I, O, S, V
// and Z are never used) or a wrong check character (naming the right one). Returns the
// normalised 18-character code.
Result<std::string> ParseCreditCode(std::string_view raw);

// The check character for the first 17 characters of a credit code.
// REQUIRES: first17 is 17 characters of the alphabet 0-9 A-H J-N P-R T U W-Y (else throws
// std::invalid_argument: a bug).
char CreditCodeCheckChar(std::string_view first17);

}  // namespace zj

#pragma once
// 18-character citizen identity numbers (公民身份号码, GB 11643-1999): 6-digit region code of first
// registration, 8-digit birth date, 3-digit sequence (odd for men, even for women) and an ISO 7064
// MOD 11-2 check character (0-9 or X). The residence permits of Hong Kong, Macao and Taiwan
// residents (港澳台居民居住证, prefixes 81, 82, 83) use the same format and are accepted.
#include <string>
#include <string_view>

#include "base/date.h"
#include "base/error.h"

namespace zj {

enum class Sex { kMale, kFemale };

struct ResidentId {
  std::string value;        // 18 characters, digits and a final upper-case X if any
  std::string region_code;  // the first 6 digits
  Date birth_date;
  Sex sex;  // from the 17th digit: odd = male
};

// Parses an ID number as it arrives from forms and Excel files. Normalises first: full-width
// digits and letters are folded, spaces (also U+3000 and inside the number) removed, x
// upper-cased. Then fails (kInvalidArgument on field "id_number"), each with its own message that
// says what to fix, on: an empty value; a cell Excel turned into scientific notation
// ("1.10105E+17"); a length other than 18; characters other than digits and a final X; an X not
// in last place; an unknown province (first two digits); a birth date that does not exist, lies
// after `today` or before 1900; a wrong check character (naming the right one).
Result<ResidentId> ParseResidentId(std::string_view raw, Date today = TodayInShanghai());

// The ID with all but its first 6 and last 4 characters masked: "11010519491231002X" →
// "110105********002X". Any other ASCII input of 11 characters or more is masked the same way,
// keeping its length; shorter or non-ASCII input is masked entirely.
std::string MaskResidentId(std::string_view id);

// The ISO 7064 MOD 11-2 check character ('0'-'9' or 'X') for the first 17 digits of an ID.
// REQUIRES: first17 is exactly 17 ASCII digits (else throws std::invalid_argument: a bug).
char ResidentIdCheckChar(std::string_view first17);

}  // namespace zj

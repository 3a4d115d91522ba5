#include "members/search.h"

#include <cctype>

#include "base/text.h"

namespace zj::members {
namespace {

bool AllDigitsOrX(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char ch = s[i];
    if (!std::isdigit(static_cast<unsigned char>(ch)) && !(i + 1 == s.size() && ch == 'X')) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string MemberIdsMatching(std::string_view raw, db::Params& params) {
  std::string q;
  for (char ch : raw) {
    if (ch != ' ') q += ch == 'x' ? 'X' : ch;
  }
  auto range = [&](const char* column, const std::string& prefix) {
    params.emplace_back(prefix);
    params.emplace_back(db::PrefixEnd(prefix));
    return std::string("SELECT id FROM members WHERE ") + column + " >= ? AND " + column + " < ?";
  };
  std::string lookups;
  if (AllDigitsOrX(q) && q.size() >= 4 && q.size() <= 6) {
    lookups = range("id_rev", std::string(q.rbegin(), q.rend()));
  } else {
    const std::string fold = FoldText(raw);
    if (fold.empty()) return "SELECT id FROM members WHERE 1=0";
    lookups = range("name_fold", fold);
    // Letters (and digits kept in readings, "王50明" → "w50m") may be pinyin or initials.
    bool pinyin = false, ascii = true;
    for (char ch : fold) {
      ascii = ascii && std::isalnum(static_cast<unsigned char>(ch));
      pinyin = pinyin || std::isalpha(static_cast<unsigned char>(ch));
    }
    if (ascii && pinyin) {
      lookups += " UNION ALL " + range("name_pinyin", fold);
      lookups += " UNION ALL " + range("name_initials", fold);
    }
  }
  return lookups;
}

}  // namespace zj::members

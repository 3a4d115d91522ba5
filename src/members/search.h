#pragma once
// The members' search, published for other capabilities' stores: the holder search of hardship
// files finds its households through the members' own search indexes. The SQL stays here, with
// the indexes it relies on (migrations 0002 and 0014).
#include <string>
#include <string_view>

#include "db/database.h"

namespace zj::members {

// A subquery "SELECT id FROM members WHERE …" (its values appended to `params`) for the members
// matching a search: an ID tail (4-6 characters), else a name in either script, full pinyin or
// initials. "1=0"-like (no rows) for a search with nothing to look for.
std::string MemberIdsMatching(std::string_view query, db::Params& params);

}  // namespace zj::members

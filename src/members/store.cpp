#include "members/store.h"

#include <array>
#include <cctype>

#include "base/clock.h"
#include "base/resident_id.h"

namespace zj::members::store {
namespace {

constexpr const char* kSelect =
    "SELECT m.id, m.org_id, o.name, m.province_code, m.name, m.id_number, m.sex, m.birth_date, "
    "m.phone, m.ethnicity, m.education, m.skill_level, m.hukou, m.migrant_worker, "
    "m.employment_form, m.employer, m.employer_credit_code, m.card_number, m.member_since, "
    "m.state, m.retained_reason, m.created_at, m.updated_at, o.path "
    "FROM members m JOIN orgs o ON o.id = m.org_id ";

Member ToMember(const db::Row& r) {
  Member m;
  m.id = r.Int(0);
  m.org_id = r.Int(1);
  m.org_name = r.Text(2);
  m.province_code = r.Text(3);
  m.name = r.Text(4);
  m.id_number = r.Text(5);
  m.sex = r.Text(6);
  m.birth_date = r.Text(7);
  m.phone = r.OptText(8);
  m.ethnicity = r.OptText(9);
  m.education = r.OptText(10);
  m.skill_level = r.OptText(11);
  m.hukou = r.OptText(12);
  m.migrant_worker = r.Int(13) != 0;
  m.employment_form = r.Text(14);
  m.employer = r.OptText(15);
  m.employer_credit_code = r.OptText(16);
  m.card_number = r.OptText(17);
  m.member_since = r.OptText(18);
  m.state = ParseState(r.Text(19)).value_or(State::kApplied);
  m.retained_reason = r.OptText(20);
  m.created_at = r.Text(21);
  m.updated_at = r.Text(22);
  m.org_path = r.Text(23);
  return m;
}

const std::vector<std::string> kInsertColumns = {"province_code",
                                                 "org_id",
                                                 "name",
                                                 "name_fold",
                                                 "name_pinyin",
                                                 "name_initials",
                                                 "id_number",
                                                 "id_rev",
                                                 "sex",
                                                 "birth_date",
                                                 "phone",
                                                 "ethnicity",
                                                 "education",
                                                 "skill_level",
                                                 "hukou",
                                                 "migrant_worker",
                                                 "employment_form",
                                                 "employer",
                                                 "employer_credit_code",
                                                 "card_number",
                                                 "member_since",
                                                 "state",
                                                 "retained_reason",
                                                 "created_at",
                                                 "updated_at"};

// Writes the values of kInsertColumns for one member.
// REQUIRES: m, keys and now outlive the bulk write the row is for (their text is Stable).
void WriteMember(db::RowWriter& w, const Member& m, const SearchKeys& keys, std::string_view now) {
  w.Stable(m.province_code);
  w.Int(m.org_id);
  w.Stable(m.name);
  w.Stable(keys.fold);
  w.Stable(keys.pinyin);
  w.Stable(keys.initials);
  w.Stable(m.id_number);
  w.Text(Reverse(m.id_number));
  w.Stable(m.sex);
  w.Stable(m.birth_date);
  w.Stable(m.phone);
  w.Stable(m.ethnicity);
  w.Stable(m.education);
  w.Stable(m.skill_level);
  w.Stable(m.hukou);
  w.Int(m.migrant_worker ? 1 : 0);
  w.Stable(m.employment_form);
  w.Stable(m.employer);
  w.Stable(m.employer_credit_code);
  w.Stable(m.card_number);
  w.Stable(m.member_since);
  w.Stable(StateName(m.state));
  w.Stable(m.retained_reason);
  w.Stable(now);
  w.Stable(now);
}

db::Params InsertValues(const Member& m, const SearchKeys& keys, const std::string& now) {
  db::ParamsWriter w;
  WriteMember(w, m, keys, now);
  return std::move(w.params);
}

bool AllOf(std::string_view s, int (*pred)(int)) {
  if (s.empty()) return false;
  for (char ch : s) {
    if (!pred(static_cast<unsigned char>(ch))) return false;
  }
  return true;
}

// "SELECT id FROM members WHERE column starts with prefix": one index range.
std::string RangeIds(std::string_view column, const std::string& prefix, db::Params& params) {
  params.emplace_back(prefix);
  params.emplace_back(db::PrefixEnd(prefix));
  return "SELECT id FROM members WHERE " + std::string(column) + " >= ? AND " +
         std::string(column) + " < ?";
}

// The first kSearchCandidates members whose name key starts with the prefix, in the order of
// the key's index (the key, then pinyin: the list's own order for a common name): a name shared
// by tens of thousands costs what a rare one does.
std::string NameCandidates(std::string_view column, const std::string& prefix, bool bounded,
                           db::Params& params) {
  if (!bounded) return RangeIds(column, prefix, params);
  params.emplace_back(prefix);
  params.emplace_back(db::PrefixEnd(prefix));
  params.emplace_back(kSearchCandidates);
  const std::string c(column);
  return "SELECT id FROM (SELECT id FROM members WHERE " + c + " >= ? AND " + c + " < ? ORDER BY " +
         c + (c == "name_pinyin" ? "" : ", name_pinyin") + " LIMIT ?) " + c + "_candidates";
}

// The condition for the search text: an ID tail, a phone, a whole ID, or a name. It is written
// as "m.id IN (index lookups)" so that both engines start from the selective index and only
// then apply the scope, whatever their statistics say. A name's candidates are bounded (a list
// page) or not (an export); *by_name says whether the text was taken as a name.
std::string QueryCondition(std::string_view raw, bool bounded, db::Params& params, bool* by_name) {
  std::string q;
  for (char ch : raw) {
    if (ch != ' ') q += static_cast<char>(ch == 'x' ? 'X' : ch);
  }
  const bool id_like = !q.empty() && AllOf(q.substr(0, q.size() - 1), isdigit) &&
                       (std::isdigit(static_cast<unsigned char>(q.back())) || q.back() == 'X');
  std::string lookups;
  if (id_like && q.size() >= 4 && q.size() <= 6) {
    lookups = RangeIds("id_rev", Reverse(q), params);
  } else if (AllOf(q, isdigit) && q.size() == 11) {
    params.emplace_back(q);
    lookups = "SELECT id FROM members WHERE phone = ?";
  } else if (id_like && q.size() == 18) {
    params.emplace_back(q);
    lookups = "SELECT id FROM members WHERE id_number = ?";
  } else {
    const std::string fold = FoldText(raw);
    if (fold.empty()) return "1=0";
    *by_name = true;
    lookups = NameCandidates("name_fold", fold, bounded, params);
    if (AllOf(fold, isalpha)) {
      lookups += " UNION ALL " + NameCandidates("name_pinyin", fold, bounded, params);
      lookups += " UNION ALL " + NameCandidates("name_initials", fold, bounded, params);
    }
  }
  return "m.id IN (" + lookups + ")";
}

std::string OrderBy(SortKey k) {
  switch (k) {
    case SortKey::kName:
      return "m.name_pinyin, m.id";
    case SortKey::kNameDesc:
      return "m.name_pinyin DESC, m.id DESC";
    case SortKey::kMemberSince:
      return "m.member_since, m.id";
    case SortKey::kMemberSinceDesc:
      return "m.member_since DESC, m.id DESC";
    case SortKey::kUpdatedDesc:
      return "m.updated_at DESC, m.id DESC";
  }
  return "m.id";
}

constexpr const char* kTransferSelect =
    "SELECT t.id, t.member_id, m.name, t.from_org_id, fo.name, t.to_org_id, tor.name, t.state, "
    "t.reason, t.requested_by, t.released_by, t.accepted_by, t.decided_reason, t.created_at "
    "FROM member_transfers t JOIN members m ON m.id = t.member_id "
    "JOIN orgs fo ON fo.id = t.from_org_id JOIN orgs tor ON tor.id = t.to_org_id ";

Transfer ToTransfer(const db::Row& r) {
  Transfer t;
  t.id = r.Int(0);
  t.member_id = r.Int(1);
  t.member_name = r.Text(2);
  t.from_org_id = r.Int(3);
  t.from_org_name = r.Text(4);
  t.to_org_id = r.Int(5);
  t.to_org_name = r.Text(6);
  t.state = r.Text(7);
  t.reason = r.OptText(8);
  t.requested_by = r.Text(9);
  t.released_by = r.OptText(10);
  t.accepted_by = r.OptText(11);
  t.decided_reason = r.OptText(12);
  t.created_at = r.Text(13);
  return t;
}

}  // namespace

std::optional<Member> Get(db::Connection& c, const auth::DataScope& scope, int64_t id) {
  db::Params params{id};
  const std::string cond = scope.OrgCondition("o.path", "o.id", params);
  auto rows = c.Query(std::string(kSelect) + "WHERE m.id = ? AND " + cond, params);
  if (rows.empty()) return std::nullopt;
  return ToMember(rows[0]);
}

namespace {

std::string Where(const auth::DataScope& scope, const MemberFilter& f,
                  const std::optional<std::string>& org_path, db::Params& params,
                  bool bounded = false, bool* by_name = nullptr) {
  bool name = false;
  std::string where = "WHERE " + scope.OrgCondition("o.path", "o.id", params);
  if (org_path) {
    where += " AND o.path >= ? AND o.path < ?";
    params.emplace_back(*org_path);
    params.emplace_back(auth::PathRangeEnd(*org_path));
  }
  if (!f.query.empty()) where += " AND " + QueryCondition(f.query, bounded, params, &name);
  if (by_name) *by_name = name;
  if (f.state) {
    where += " AND m.state = ?";
    params.emplace_back(*f.state);
  }
  if (f.employment_form) {
    where += " AND m.employment_form = ?";
    params.emplace_back(*f.employment_form);
  }
  return where;
}

}  // namespace

SearchPage Search(db::Connection& c, const auth::DataScope& scope, const MemberFilter& f,
                  const std::optional<std::string>& org_path) {
  db::Params params;
  bool by_name = false;
  const std::string where = Where(scope, f, org_path, params, true, &by_name);
  db::Params count_params = params;
  count_params.emplace_back(kCountCap + 1);
  SearchPage page;
  page.total =
      c.Scalar("SELECT COUNT(*) FROM (SELECT 1 FROM members m JOIN orgs o ON o.id = m.org_id " +
                   where + " LIMIT ?) capped",
               count_params)
          ->AsInt();
  page.capped = page.total > kCountCap || (by_name && page.total >= kSearchCandidates);
  page.total = std::min(page.total, kCountCap);
  params.emplace_back(f.page_size + 1);
  params.emplace_back((f.page - 1) * f.page_size);
  auto rows = c.Query(
      std::string(kSelect) + where + " ORDER BY " + OrderBy(f.sort) + " LIMIT ? OFFSET ?", params);
  page.has_more = std::ssize(rows) > f.page_size;
  if (page.has_more) rows.pop_back();
  page.members.reserve(rows.size());
  for (const auto& r : rows) page.members.push_back(ToMember(r));
  return page;
}

std::vector<Member> After(db::Connection& c, const auth::DataScope& scope, const MemberFilter& f,
                          const std::optional<std::string>& org_path, int64_t after_id,
                          int64_t limit) {
  db::Params params;
  std::string where = Where(scope, f, org_path, params);
  where += " AND m.id > ?";
  params.emplace_back(after_id);
  params.emplace_back(limit);
  std::vector<Member> out;
  for (const auto& r : c.Query(std::string(kSelect) + where + " ORDER BY m.id LIMIT ?", params)) {
    out.push_back(ToMember(r));
  }
  return out;
}

std::optional<Holder> FindByIdNumber(db::Connection& c, const std::string& id_number) {
  auto rows = c.Query(
      "SELECT m.id, m.org_id, o.name, m.state FROM members m JOIN orgs o ON o.id = m.org_id "
      "WHERE m.id_number = ?",
      {id_number});
  if (rows.empty()) return std::nullopt;
  return Holder{rows[0].Int(0), rows[0].Int(1), rows[0].Text(2),
                ParseState(rows[0].Text(3)).value_or(State::kApplied)};
}

int64_t Insert(db::Connection& c, const Member& m, const SearchKeys& keys) {
  std::string columns, marks;
  for (const auto& col : kInsertColumns) {
    columns += (columns.empty() ? "" : ", ") + col;
    marks += marks.empty() ? "?" : ", ?";
  }
  auto rows = c.Query("INSERT INTO members (" + columns + ") VALUES (" + marks + ") RETURNING id",
                      InsertValues(m, keys, NowIso()));
  return rows.at(0).Int(0);
}

namespace {

constexpr size_t kInChunk = 500;

// Runs fn over slices of at most kInChunk values with "?, ?, ..." placeholders for each.
template <class T, class Fn>
void InChunks(const std::vector<T>& values, Fn fn) {
  for (size_t i = 0; i < values.size(); i += kInChunk) {
    const size_t n = std::min(kInChunk, values.size() - i);
    std::string marks;
    db::Params params;
    for (size_t k = 0; k < n; ++k) {
      marks += k ? ",?" : "?";
      params.emplace_back(values[i + k]);
    }
    fn(marks, params);
  }
}

}  // namespace

std::vector<Member> GetByIdNumbers(db::Connection& c, const std::vector<std::string>& ids) {
  std::vector<Member> out;
  InChunks(ids, [&](const std::string& marks, const db::Params& params) {
    for (const auto& r :
         c.Query(std::string(kSelect) + "WHERE m.id_number IN (" + marks + ")", params)) {
      out.push_back(ToMember(r));
    }
  });
  return out;
}

std::vector<bool> InsertNew(db::Connection& c, const std::vector<NewMember>& members,
                            const auth::Principal* actor, const std::string& reason) {
  static const std::vector<std::string> kColumns = [] {
    std::vector<std::string> columns{"id"};
    columns.insert(columns.end(), kInsertColumns.begin(), kInsertColumns.end());
    return columns;
  }();
  const std::string now = NowIso();
  std::vector<bool> inserted =
      c.InsertNew("members", kColumns, members.size(), [&](size_t i, db::RowWriter& w) {
        w.Int(members[i].member->id);
        WriteMember(w, *members[i].member, *members[i].keys, now);
      });
  const std::optional<int64_t> actor_id =
      actor ? std::optional<int64_t>(actor->user_id) : std::nullopt;
  const std::string actor_name = actor ? actor->username : "cli";
  static const std::vector<std::string> kEventColumns = {
      "member_id", "at", "actor_user_id", "actor", "action", "to_state", "org_id", "reason"};
  std::vector<const Member*> added;
  added.reserve(members.size());
  for (size_t i = 0; i < members.size(); ++i) {
    if (inserted[i]) added.push_back(members[i].member);
  }
  c.BulkWrite("member_events", kEventColumns, added.size(), [&](size_t i, db::RowWriter& w) {
    const Member& m = *added[i];
    w.Int(m.id);
    w.Stable(now);
    w.Int(actor_id);
    w.Stable(actor_name);
    w.Stable("import");
    w.Stable(StateName(m.state));
    w.Int(m.org_id);
    w.Stable(reason);
  });
  return inserted;
}

void UpdateProfile(db::Connection& c, const Member& m) {
  c.Exec(
      "UPDATE members SET phone = ?, ethnicity = ?, education = ?, skill_level = ?, hukou = ?, "
      "migrant_worker = ?, employment_form = ?, employer = ?, employer_credit_code = ?, "
      "updated_at = ? WHERE id = ?",
      {m.phone, m.ethnicity, m.education, m.skill_level, m.hukou, m.migrant_worker,
       m.employment_form, m.employer, m.employer_credit_code, NowIso(), m.id});
}

void SetState(db::Connection& c, const Member& m) {
  c.Exec(
      "UPDATE members SET state = ?, org_id = ?, province_code = ?, member_since = ?, "
      "card_number = ?, retained_reason = ?, updated_at = ? WHERE id = ?",
      {StateName(m.state), m.org_id, m.province_code, m.member_since, m.card_number,
       m.retained_reason, NowIso(), m.id});
}

void AddEvent(db::Connection& c, int64_t member_id, const auth::Principal* actor,
              std::string_view action, std::optional<State> from, State to, int64_t org_id,
              const std::optional<std::string>& reason) {
  c.Exec(
      "INSERT INTO member_events (member_id, at, actor_user_id, actor, action, from_state, "
      "to_state, org_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {member_id, NowIso(), actor ? db::Value(actor->user_id) : db::Value(),
       actor ? actor->username : std::string("cli"), action,
       from ? db::Value(StateName(*from)) : db::Value(), StateName(to), org_id, reason});
}

std::vector<MemberEvent> Events(db::Connection& c, int64_t member_id) {
  auto rows = c.Query(
      "SELECT e.at, e.actor, e.action, e.from_state, e.to_state, o.name, e.reason "
      "FROM member_events e JOIN orgs o ON o.id = e.org_id WHERE e.member_id = ? ORDER BY e.id",
      {member_id});
  std::vector<MemberEvent> out;
  for (const auto& r : rows) {
    out.push_back(
        {r.Text(0), r.Text(1), r.Text(2), r.OptText(3), r.Text(4), r.Text(5), r.OptText(6)});
  }
  return out;
}

int64_t InsertTransfer(db::Connection& c, const Transfer& t) {
  const std::string now = NowIso();
  auto rows = c.Query(
      "INSERT INTO member_transfers (member_id, from_org_id, to_org_id, state, reason, "
      "requested_by, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?, ?, ?) RETURNING id",
      {t.member_id, t.from_org_id, t.to_org_id, t.reason, t.requested_by, now, now});
  return rows.at(0).Int(0);
}

std::optional<Transfer> GetTransfer(db::Connection& c, int64_t id) {
  auto rows = c.Query(std::string(kTransferSelect) + "WHERE t.id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return ToTransfer(rows[0]);
}

void UpdateTransfer(db::Connection& c, const Transfer& t) {
  c.Exec(
      "UPDATE member_transfers SET state = ?, released_by = ?, accepted_by = ?, "
      "decided_reason = ?, updated_at = ? WHERE id = ?",
      {t.state, t.released_by, t.accepted_by, t.decided_reason, NowIso(), t.id});
}

std::vector<Transfer> TransfersOf(db::Connection& c, int64_t member_id) {
  std::vector<Transfer> out;
  for (const auto& r :
       c.Query(std::string(kTransferSelect) + "WHERE t.member_id = ? ORDER BY t.id", {member_id})) {
    out.push_back(ToTransfer(r));
  }
  return out;
}

std::vector<Transfer> TransferQueue(db::Connection& c, const auth::DataScope& scope, bool outgoing,
                                    bool open_only, int64_t limit) {
  db::Params params;
  const char* alias = outgoing ? "fo" : "tor";
  std::string where = "WHERE " + scope.OrgCondition(std::string(alias) + ".path",
                                                    std::string(alias) + ".id", params);
  if (open_only) where += " AND t.state IN ('pending', 'released')";
  params.emplace_back(limit);
  std::vector<Transfer> out;
  for (const auto& r :
       c.Query(std::string(kTransferSelect) + where + " ORDER BY t.id LIMIT ?", params)) {
    out.push_back(ToTransfer(r));
  }
  return out;
}

namespace {
// Name and columns, as in migrations 0002_members.sql and 0014_member_search.sql.
constexpr std::array<std::pair<const char*, const char*>, 6> kSearchIndexes = {{
    {"members_org", "org_id, name_pinyin"},
    {"members_fold", "name_fold, name_pinyin"},
    {"members_pinyin", "name_pinyin"},
    {"members_initials", "name_initials, name_pinyin"},
    {"members_id_rev", "id_rev"},
    {"members_phone", "phone"},
}};
}  // namespace

void DropSearchIndexes(db::Connection& c) {
  for (const auto& [name, columns] : kSearchIndexes) {
    c.ExecScript(std::string("DROP INDEX IF EXISTS ") + name);
  }
}

void EnsureSearchIndexes(db::Connection& c) {
  for (const auto& [name, columns] : kSearchIndexes) {
    c.ExecScript(std::string("CREATE INDEX IF NOT EXISTS ") + name + " ON members (" + columns +
                 ")");
  }
}

}  // namespace zj::members::store

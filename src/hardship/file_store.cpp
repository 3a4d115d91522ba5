#include "hardship/file_store.h"

#include <cctype>

#include "base/clock.h"
#include "base/date.h"
#include "base/text.h"
#include "members/search.h"

namespace zj::hardship::store {
namespace json = boost::json;
namespace {

constexpr const char* kSelect =
    "SELECT f.id, f.org_id, o.name, f.org_path, f.province_code, f.region_code, "
    "f.holder_member_id, f.holder_name, f.holder_id_number, f.state, f.category, "
    "f.per_head_monthly_fen, f.policy_region, f.policy_version, f.filed_level, f.data, "
    "f.consent_at, f.notice_start, f.notice_end, f.filed_at, f.last_reviewed_at, "
    "f.next_review_due, f.last_aided_at, f.exit_kind, f.exit_candidate, f.applied_by, "
    "f.created_at, f.updated_at FROM hardship_files f JOIN orgs o ON o.id = f.org_id ";
// kSelect with room for an index hint after the files table.
constexpr std::string_view kSelectFrom = "FROM hardship_files f ";

HardshipFile ToFile(const db::Row& r) {
  HardshipFile f;
  f.id = r.Int(0);
  f.org_id = r.Int(1);
  f.org_name = r.Text(2);
  f.org_path = r.Text(3);
  f.province_code = r.Text(4);
  f.region_code = r.Text(5);
  f.holder_member_id = r.Int(6);
  f.holder_name = r.Text(7);
  f.holder_id_number = r.Text(8);
  f.state = ParseFileState(r.Text(9)).value_or(FileState::kApplied);
  f.category = r.OptText(10);
  f.per_head_monthly_fen = r.OptInt(11);
  f.policy_region = r.OptText(12);
  f.policy_version = r.OptInt(13);
  f.filed_level = r.OptText(14);
  // Written only by FileDataToJson, so it always parses; a damaged row shows as empty data.
  boost::system::error_code ec;
  json::value data = json::parse(r.Text(15), ec);
  if (!ec && data.is_object()) {
    if (auto d = FileDataFromJson(data.as_object())) f.data = std::move(*d);
  }
  f.consent_at = r.OptText(16);
  f.notice_start = r.OptText(17);
  f.notice_end = r.OptText(18);
  f.filed_at = r.OptText(19);
  f.last_reviewed_at = r.OptText(20);
  f.next_review_due = r.OptText(21);
  f.last_aided_at = r.OptText(22);
  f.exit_kind = r.OptText(23);
  f.exit_candidate = r.Int(24) != 0;
  f.applied_by = r.Text(25);
  f.created_at = r.Text(26);
  f.updated_at = r.Text(27);
  return f;
}

std::vector<HardshipFile> ToFiles(const db::Rows& rows) {
  std::vector<HardshipFile> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(ToFile(r));
  return out;
}

// Everyone the file lists: the holder and the household members.
std::vector<std::string> PeopleOf(const HardshipFile& f) {
  std::vector<std::string> ids{f.holder_id_number};
  for (const auto& p : f.data.people) ids.push_back(p.id_number);
  return ids;
}

void WritePeople(db::Connection& c, const HardshipFile& f) {
  c.Exec("DELETE FROM hardship_file_people WHERE file_id = ?", {f.id});
  const bool open = IsOpen(f.state);
  for (const auto& id : PeopleOf(f)) {
    c.Exec(
        "INSERT INTO hardship_file_people (file_id, id_number, is_open) VALUES (?, ?, ?) "
        "ON CONFLICT (file_id, id_number) DO NOTHING",
        {f.id, id, open ? 1 : 0});
  }
}

std::string Marks(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

std::string QueueCondition(Queue q, const std::string& today, db::Params& params) {
  switch (q) {
    case Queue::kAll:
      return "1=1";
    case Queue::kTasks:
      return "f.state IN ('applied', 'checked', 'visited', 'verified', 'reviewed', 'notice', "
             "'returned')";
    case Queue::kUpperReview:
      return "f.state = 'upper_review'";
    case Queue::kReviewDue: {
      auto day = ParseDate(today);
      params.emplace_back(FormatDate(day ? day->AddDays(30) : TodayInShanghai().AddDays(30)));
      return "f.state IN ('filed', 'aided') AND f.next_review_due <= ?";
    }
    case Queue::kOverdue:
      params.emplace_back(today);
      return "f.state IN ('filed', 'aided') AND f.next_review_due < ?";
    case Queue::kStale: {
      auto day = ParseDate(today);
      params.emplace_back(FormatDate(day ? day->AddDays(-365) : TodayInShanghai().AddDays(-365)));
      return "f.state NOT IN ('rejected', 'closed') AND f.updated_at < ?";
    }
    case Queue::kNeverAided:
      return "f.state = 'filed' AND f.last_aided_at IS NULL";
    case Queue::kNoticeEnding:
      params.emplace_back(today);
      return "f.state = 'notice' AND f.notice_end = ?";
    case Queue::kExitCandidates:
      return "f.state IN ('filed', 'aided') AND f.exit_candidate = 1";
  }
  return "1=1";
}

std::string QueueOrder(Queue q) {
  switch (q) {
    case Queue::kReviewDue:
    case Queue::kOverdue:
      return "f.next_review_due, f.id";
    case Queue::kStale:
      return "f.updated_at, f.id";
    default:
      return "f.updated_at DESC, f.id DESC";
  }
}

std::string ScopeWhere(const auth::DataScope& scope, const std::optional<std::string>& org_path,
                       db::Params& params) {
  std::string where = "WHERE " + scope.OrgCondition("f.org_path", "f.org_id", params);
  if (org_path) {
    where += " AND f.org_path >= ? AND f.org_path < ?";
    params.emplace_back(*org_path);
    params.emplace_back(auth::PathRangeEnd(*org_path));
  }
  return where;
}

const std::vector<std::string> kColumns = {"province_code",    "org_id",
                                           "org_path",         "region_code",
                                           "holder_member_id", "holder_name",
                                           "holder_id_number", "state",
                                           "category",         "per_head_monthly_fen",
                                           "policy_region",    "policy_version",
                                           "filed_level",      "data",
                                           "consent_at",       "notice_start",
                                           "notice_end",       "filed_at",
                                           "last_reviewed_at", "next_review_due",
                                           "last_aided_at",    "exit_kind",
                                           "exit_candidate",   "applied_by",
                                           "created_at",       "updated_at"};

db::Params Values(const HardshipFile& f) {
  return {f.province_code,    f.org_id,
          f.org_path,         f.region_code,
          f.holder_member_id, f.holder_name,
          f.holder_id_number, FileStateName(f.state),
          f.category,         f.per_head_monthly_fen,
          f.policy_region,    f.policy_version,
          f.filed_level,      json::serialize(FileDataToJson(f.data)),
          f.consent_at,       f.notice_start,
          f.notice_end,       f.filed_at,
          f.last_reviewed_at, f.next_review_due,
          f.last_aided_at,    f.exit_kind,
          f.exit_candidate,   f.applied_by,
          f.created_at,       f.updated_at};
}

}  // namespace

std::optional<HardshipFile> GetFile(db::Connection& c, const auth::DataScope& scope, int64_t id) {
  db::Params params{id};
  const std::string cond = scope.OrgCondition("f.org_path", "f.org_id", params);
  auto rows = c.Query(std::string(kSelect) + "WHERE f.id = ? AND " + cond, params);
  if (rows.empty()) return std::nullopt;
  return ToFile(rows[0]);
}

std::optional<HardshipFile> FileOfHolder(db::Connection& c, int64_t member_id) {
  auto rows =
      c.Query(std::string(kSelect) + "WHERE f.holder_member_id = ? ORDER BY f.id DESC LIMIT 1",
              {member_id});
  if (rows.empty()) return std::nullopt;
  return ToFile(rows[0]);
}

int64_t InsertFile(db::Connection& c, const HardshipFile& f) {
  std::string columns;
  for (const auto& col : kColumns) columns += (columns.empty() ? "" : ", ") + col;
  auto rows = c.Query("INSERT INTO hardship_files (" + columns + ") VALUES (" +
                          Marks(kColumns.size()) + ") RETURNING id",
                      Values(f));
  HardshipFile stored = f;
  stored.id = rows.at(0).Int(0);
  WritePeople(c, stored);
  return stored.id;
}

void UpdateFile(db::Connection& c, const HardshipFile& f) {
  std::string sets;
  for (const auto& col : kColumns) sets += (sets.empty() ? "" : ", ") + col + " = ?";
  db::Params params = Values(f);
  params.emplace_back(f.id);
  c.Exec("UPDATE hardship_files SET " + sets + " WHERE id = ?", params);
  WritePeople(c, f);
}

std::vector<std::tuple<int64_t, std::string, std::string, std::string>> Facts(
    db::Connection& c, const std::vector<int64_t>& ids) {
  std::vector<std::tuple<int64_t, std::string, std::string, std::string>> out;
  constexpr size_t kChunk = 500;
  for (size_t i = 0; i < ids.size(); i += kChunk) {
    const size_t n = std::min(kChunk, ids.size() - i);
    db::Params params(ids.begin() + static_cast<std::ptrdiff_t>(i),
                      ids.begin() + static_cast<std::ptrdiff_t>(i + n));
    for (const auto& r : c.Query("SELECT id, org_path, state, filed_level FROM hardship_files "
                                 "WHERE id IN (" +
                                     Marks(n) + ")",
                                 params)) {
      out.emplace_back(r.Int(0), r.Text(1), r.Text(2), r.OptText(3).value_or(""));
    }
  }
  return out;
}

std::vector<OpenFileHolder> OpenFilesOf(db::Connection& c, const std::vector<std::string>& ids,
                                        int64_t except_file) {
  if (ids.empty()) return {};
  db::Params params;
  for (const auto& id : ids) params.emplace_back(id);
  params.emplace_back(except_file);
  std::vector<OpenFileHolder> out;
  for (const auto& r :
       c.Query("SELECT p.id_number, f.id, f.org_id, o.name, f.org_path FROM hardship_file_people p "
               "JOIN hardship_files f ON f.id = p.file_id JOIN orgs o ON o.id = f.org_id "
               "WHERE p.is_open = 1 AND p.id_number IN (" +
                   Marks(ids.size()) + ") AND p.file_id <> ?",
               params)) {
    out.push_back({r.Text(0), r.Int(1), r.Int(2), r.Text(3), r.Text(4)});
  }
  return out;
}

void AddEvent(db::Connection& c, const FileEvent& e, int64_t file_id) {
  c.Exec(
      "INSERT INTO hardship_events (file_id, at, actor, action, from_state, to_state, reason, "
      "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {file_id, e.at, e.actor, e.action, e.from_state, e.to_state, e.reason, e.detail});
}

std::vector<FileEvent> Events(db::Connection& c, int64_t file_id) {
  std::vector<FileEvent> out;
  for (const auto& r : c.Query("SELECT id, at, actor, action, from_state, to_state, reason, detail "
                               "FROM hardship_events WHERE file_id = ? ORDER BY id",
                               {file_id})) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.OptText(4), r.Text(5), r.OptText(6),
                   r.OptText(7)});
  }
  return out;
}

namespace {
constexpr const char* kObjectionSelect =
    "SELECT id, file_id, raised_at, raised_by, content, recorded_by, answer, answered_by, "
    "answered_at FROM hardship_objections ";
Objection ToObjection(const db::Row& r) {
  return {r.Int(0),  r.Int(1),     r.Text(2),    r.Text(3),   r.Text(4),
          r.Text(5), r.OptText(6), r.OptText(7), r.OptText(8)};
}
}  // namespace

int64_t AddObjection(db::Connection& c, const Objection& o) {
  return c
      .Query(
          "INSERT INTO hardship_objections (file_id, raised_at, raised_by, content, recorded_by) "
          "VALUES (?, ?, ?, ?, ?) RETURNING id",
          {o.file_id, o.raised_at, o.raised_by, o.content, o.recorded_by})
      .at(0)
      .Int(0);
}

std::optional<Objection> GetObjection(db::Connection& c, int64_t id) {
  auto rows = c.Query(std::string(kObjectionSelect) + "WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return ToObjection(rows[0]);
}

void AnswerObjection(db::Connection& c, const Objection& o) {
  c.Exec("UPDATE hardship_objections SET answer = ?, answered_by = ?, answered_at = ? WHERE id = ?",
         {o.answer, o.answered_by, o.answered_at, o.id});
}

std::vector<Objection> Objections(db::Connection& c, int64_t file_id) {
  std::vector<Objection> out;
  for (const auto& r :
       c.Query(std::string(kObjectionSelect) + "WHERE file_id = ? ORDER BY id", {file_id})) {
    out.push_back(ToObjection(r));
  }
  return out;
}

void AddAssessment(db::Connection& c, int64_t file_id, const StoredAssessment& a) {
  c.Exec(
      "INSERT INTO hardship_assessments (file_id, at, actor, policy_region, policy_version, "
      "category, per_head_monthly_fen, inputs, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {file_id, a.at, a.actor, a.policy_region, a.policy_version, a.category,
       a.per_head_monthly_fen, a.inputs, a.result});
}

std::vector<StoredAssessment> Assessments(db::Connection& c, int64_t file_id) {
  std::vector<StoredAssessment> out;
  for (const auto& r : c.Query(
           "SELECT id, at, actor, policy_region, policy_version, category, per_head_monthly_fen, "
           "inputs, result FROM hardship_assessments WHERE file_id = ? ORDER BY id",
           {file_id})) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4), r.Text(5), r.Int(6),
                   r.Text(7), r.Text(8)});
  }
  return out;
}

void PutMonth(db::Connection& c, int64_t file_id, const MonthFigure& m, const std::string& actor) {
  c.Exec(
      "INSERT INTO hardship_monitoring (file_id, month, per_head_monthly_fen, dibao_monthly_fen, "
      "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (file_id, month) DO UPDATE "
      "SET per_head_monthly_fen = excluded.per_head_monthly_fen, "
      "dibao_monthly_fen = excluded.dibao_monthly_fen, recorded_by = excluded.recorded_by, "
      "recorded_at = excluded.recorded_at",
      {file_id, m.month, m.per_head_monthly_fen, m.dibao_monthly_fen, actor, NowIso()});
}

std::vector<MonthFigure> LatestMonths(db::Connection& c, int64_t file_id, int n) {
  std::vector<MonthFigure> out;
  for (const auto& r :
       c.Query("SELECT month, per_head_monthly_fen, dibao_monthly_fen FROM hardship_monitoring "
               "WHERE file_id = ? ORDER BY month DESC LIMIT ?",
               {file_id, n})) {
    out.push_back({r.Text(0), r.Int(1), r.Int(2)});
  }
  return out;
}

std::optional<Queue> ParseQueue(std::string_view name) {
  static const std::pair<std::string_view, Queue> kNames[] = {
      {"all", Queue::kAll},
      {"tasks", Queue::kTasks},
      {"upper_review", Queue::kUpperReview},
      {"review_due", Queue::kReviewDue},
      {"overdue", Queue::kOverdue},
      {"stale", Queue::kStale},
      {"never_aided", Queue::kNeverAided},
      {"notice_ending", Queue::kNoticeEnding},
      {"exit_candidates", Queue::kExitCandidates}};
  for (const auto& [n, q] : kNames) {
    if (n == name) return q;
  }
  return std::nullopt;
}

std::pair<std::vector<HardshipFile>, int64_t> ListFiles(db::Connection& c,
                                                        const auth::DataScope& scope,
                                                        const FileFilter& f) {
  db::Params params;
  std::string where = ScopeWhere(scope, f.org_path, params);
  where += " AND " + QueueCondition(f.queue, f.today, params);
  if (f.state) {
    where += " AND f.state = ?";
    params.emplace_back(FileStateName(*f.state));
  }
  if (!f.query.empty())
    where += " AND f.holder_member_id IN (" + members::MemberIdsMatching(f.query, params) + ")";
  // The due queues read the partial due-date index in order, checking the subtree inside it
  // (2-6 ms at 150k files, against 60-170 ms through the path index). PostgreSQL finds it from
  // its statistics; SQLite keeps none, so it is named.
  const bool due = f.queue == Queue::kReviewDue || f.queue == Queue::kOverdue;
  const std::string files = due && c.engine() == db::Engine::kSqlite
                                ? "hardship_files f INDEXED BY hardship_files_due "
                                : "hardship_files f ";
  db::Params count_params = params;
  count_params.emplace_back(kFileCountCap + 1);
  const int64_t total =
      c.Scalar("SELECT COUNT(*) FROM (SELECT 1 FROM " + files + where + " LIMIT ?) capped",
               count_params)
          ->AsInt();
  params.emplace_back(f.page_size);
  params.emplace_back((f.page - 1) * f.page_size);
  std::string select(kSelect);
  select.replace(select.find(kSelectFrom), kSelectFrom.size(), "FROM " + files);
  auto rows =
      c.Query(select + where + " ORDER BY " + QueueOrder(f.queue) + " LIMIT ? OFFSET ?", params);
  return {ToFiles(rows), total};
}

std::vector<std::pair<std::string, int64_t>> CountByState(
    db::Connection& c, const auth::DataScope& scope, const std::optional<std::string>& org_path) {
  db::Params params;
  const std::string where = ScopeWhere(scope, org_path, params);
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& r :
       c.Query("SELECT f.state, COUNT(*) FROM hardship_files f " + where + " GROUP BY f.state",
               params)) {
    out.emplace_back(r.Text(0), r.Int(1));
  }
  return out;
}

std::vector<HardshipFile> OpenFilesAfter(db::Connection& c, const auth::DataScope& scope,
                                         const std::optional<std::string>& org_path,
                                         int64_t after_id, int64_t limit) {
  db::Params params;
  std::string where = ScopeWhere(scope, org_path, params);
  where += " AND f.state NOT IN ('rejected', 'closed') AND f.id > ?";
  params.emplace_back(after_id);
  params.emplace_back(limit);
  return ToFiles(c.Query(std::string(kSelect) + where + " ORDER BY f.id LIMIT ?", params));
}

int64_t CountOpenFiles(db::Connection& c, const auth::DataScope& scope,
                       const std::optional<std::string>& org_path) {
  db::Params params;
  std::string where = ScopeWhere(scope, org_path, params);
  where += " AND f.state NOT IN ('rejected', 'closed')";
  return c.Scalar("SELECT COUNT(*) FROM hardship_files f " + where, params)->AsInt();
}

std::vector<HardshipFile> InNotice(db::Connection& c, const std::string& org_path) {
  return ToFiles(c.Query(std::string(kSelect) +
                             "WHERE f.state = 'notice' AND f.org_path >= ? AND f.org_path < ? "
                             "ORDER BY f.notice_end, f.id LIMIT 500",
                         {org_path, auth::PathRangeEnd(org_path)}));
}

WorkCalendar LoadCalendar(db::Connection& c) {
  std::set<Date> holidays, workdays;
  for (const auto& r : c.Query("SELECT day, kind FROM work_calendar")) {
    auto d = ParseDate(r.Text(0));
    if (!d) continue;
    (r.Text(1) == "holiday" ? holidays : workdays).insert(*d);
  }
  return WorkCalendar(std::move(holidays), std::move(workdays));
}

std::vector<CalendarDay> CalendarYear(db::Connection& c, int year) {
  std::vector<CalendarDay> out;
  const std::string from = std::to_string(year) + "-01-01";
  const std::string to = std::to_string(year + 1) + "-01-01";
  for (const auto& r :
       c.Query("SELECT day, kind, note FROM work_calendar WHERE day >= ? AND day < ? ORDER BY day",
               {from, to})) {
    out.push_back({r.Text(0), r.Text(1), r.OptText(2)});
  }
  return out;
}

void ReplaceCalendarYear(db::Connection& c, int year, const std::vector<CalendarDay>& days) {
  c.Exec("DELETE FROM work_calendar WHERE day >= ? AND day < ?",
         {std::to_string(year) + "-01-01", std::to_string(year + 1) + "-01-01"});
  for (const auto& d : days) {
    c.Exec("INSERT INTO work_calendar (day, kind, note) VALUES (?, ?, ?)", {d.day, d.kind, d.note});
  }
}

std::vector<Cause> Causes(db::Connection& c) {
  std::vector<Cause> out;
  for (const auto& r :
       c.Query("SELECT code, name_zh, name_en, active FROM hardship_causes ORDER BY sort, code")) {
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3) != 0});
  }
  return out;
}

void PutCause(db::Connection& c, const Cause& cause) {
  c.Exec(
      "INSERT INTO hardship_causes (code, name_zh, name_en, active, sort) VALUES (?, ?, ?, ?, "
      "(SELECT COALESCE(MAX(sort), 0) + 1 FROM hardship_causes)) ON CONFLICT (code) DO UPDATE SET "
      "name_zh = excluded.name_zh, name_en = excluded.name_en, active = excluded.active",
      {cause.code, cause.name_zh, cause.name_en, cause.active});
}

std::vector<WhatIfRow> WhatIfRows(db::Connection& c, int64_t job_id, int64_t limit,
                                  int64_t offset) {
  std::vector<WhatIfRow> out;
  for (const auto& r :
       c.Query("SELECT w.file_id, w.org_id, o.name, w.holder_name, w.from_category, w.to_category, "
               "w.per_head_monthly_fen FROM hardship_whatif_rows w JOIN orgs o ON o.id = w.org_id "
               "WHERE w.job_id = ? ORDER BY w.file_id LIMIT ? OFFSET ?",
               {job_id, limit, offset})) {
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Int(6)});
  }
  return out;
}

}  // namespace zj::hardship::store

#pragma once
// SQL of the hardship household files. Reads take the caller's DataScope, applied through the
// file's org; the one-person-one-file lookup is deliberately unscoped (it spans the database).
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "auth/principal.h"
#include "db/database.h"
#include "hardship/calendar.h"
#include "hardship/file.h"

namespace zj::hardship::store {

std::optional<HardshipFile> GetFile(db::Connection& c, const auth::DataScope& scope, int64_t id);
// The holder's most recent file, whatever its state (the worker's own view).
std::optional<HardshipFile> FileOfHolder(db::Connection& c, int64_t member_id);

int64_t InsertFile(db::Connection& c, const HardshipFile& f);
// (id, org_path, state, filed_level) of these files, unscoped.
std::vector<std::tuple<int64_t, std::string, std::string, std::string>> Facts(
    db::Connection& c, const std::vector<int64_t>& ids);
// Writes every mutable column of the file and refreshes its people rows.
void UpdateFile(db::Connection& c, const HardshipFile& f);

struct OpenFileHolder {
  std::string id_number;
  int64_t file_id = 0;
  int64_t org_id = 0;
  std::string org_name;
  std::string org_path;
};
// The open files, other than except_file, that list any of these ID numbers (unscoped).
std::vector<OpenFileHolder> OpenFilesOf(db::Connection& c, const std::vector<std::string>& ids,
                                        int64_t except_file);

void AddEvent(db::Connection& c, const FileEvent& e, int64_t file_id);
std::vector<FileEvent> Events(db::Connection& c, int64_t file_id);

int64_t AddObjection(db::Connection& c, const Objection& o);
std::optional<Objection> GetObjection(db::Connection& c, int64_t id);
void AnswerObjection(db::Connection& c, const Objection& o);
std::vector<Objection> Objections(db::Connection& c, int64_t file_id);

struct StoredAssessment {
  int64_t id = 0;
  std::string at;
  std::string actor;
  std::string policy_region;
  int64_t policy_version = 0;
  std::string category;
  int64_t per_head_monthly_fen = 0;
  std::string inputs;  // JSON of the Household assessed
  std::string result;  // JSON of the figures, exclusions and explanation
};
void AddAssessment(db::Connection& c, int64_t file_id, const StoredAssessment& a);
std::vector<StoredAssessment> Assessments(db::Connection& c, int64_t file_id);

struct MonthFigure {
  std::string month;  // YYYY-MM
  int64_t per_head_monthly_fen = 0;
  int64_t dibao_monthly_fen = 0;
};
void PutMonth(db::Connection& c, int64_t file_id, const MonthFigure& m, const std::string& actor);
// The latest n months recorded, newest first.
std::vector<MonthFigure> LatestMonths(db::Connection& c, int64_t file_id, int n);

// The queues of the review workbench (DOMAIN.md §4, dynamic management).
enum class Queue {
  kAll,
  kTasks,         // waiting for the file's own union
  kUpperReview,   // waiting for an upper union
  kReviewDue,     // yearly review due within 30 days (overdue included)
  kOverdue,       // yearly review past due
  kStale,         // not updated for a year
  kNeverAided,    // filed and never aided
  kNoticeEnding,  // public notice ends today
  kExitCandidates
};
std::optional<Queue> ParseQueue(std::string_view name);

struct FileFilter {
  Queue queue = Queue::kAll;
  std::optional<FileState> state;
  std::optional<std::string> org_path;  // that org's subtree
  std::string query;                    // holder name (folded), pinyin initials or ID tail
  std::string today;                    // YYYY-MM-DD in Shanghai
  int64_t page = 1;
  int64_t page_size = 20;
};
inline constexpr int64_t kFileCountCap = 10'000;
std::pair<std::vector<HardshipFile>, int64_t> ListFiles(db::Connection& c,
                                                        const auth::DataScope& scope,
                                                        const FileFilter& f);
// Files per state inside scope (and the subtree when given).
std::vector<std::pair<std::string, int64_t>> CountByState(
    db::Connection& c, const auth::DataScope& scope, const std::optional<std::string>& org_path);

// The next open files (by id) in scope, for what-if runs and bulk re-assessment.
std::vector<HardshipFile> OpenFilesAfter(db::Connection& c, const auth::DataScope& scope,
                                         const std::optional<std::string>& org_path,
                                         int64_t after_id, int64_t limit);
int64_t CountOpenFiles(db::Connection& c, const auth::DataScope& scope,
                       const std::optional<std::string>& org_path);

// Files in public notice under an org (the public notice page).
std::vector<HardshipFile> InNotice(db::Connection& c, const std::string& org_path);

WorkCalendar LoadCalendar(db::Connection& c);
struct CalendarDay {
  std::string day;
  std::string kind;  // holiday | workday
  std::optional<std::string> note;
};
std::vector<CalendarDay> CalendarYear(db::Connection& c, int year);
void ReplaceCalendarYear(db::Connection& c, int year, const std::vector<CalendarDay>& days);

struct Cause {
  std::string code;
  std::string name_zh;
  std::string name_en;
  bool active = true;
};
std::vector<Cause> Causes(db::Connection& c);
void PutCause(db::Connection& c, const Cause& cause);

// The changed households of a what-if run, by file id.
struct WhatIfRow {
  int64_t file_id = 0;
  int64_t org_id = 0;
  std::string org_name, holder_name, from_category, to_category;
  int64_t per_head_monthly_fen = 0;
};
std::vector<WhatIfRow> WhatIfRows(db::Connection& c, int64_t job_id, int64_t limit, int64_t offset);

}  // namespace zj::hardship::store

#pragma once
// The rules of hardship household files: who may apply, one person in one open file, the
// workflow table checked for permission and scope, assessments kept for replay, the public
// notice window in working days, objections, yearly reviews, monthly monitoring and exits.
// Every change writes an event on the file and an audit entry in the same transaction.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/actor.h"
#include "base/date.h"
#include "base/error.h"
#include "db/database.h"
#include "hardship/file.h"
#include "hardship/file_store.h"

namespace zj::hardship {

// The parameters a transition may take.
struct ActInput {
  std::optional<std::string> reason;
  std::optional<bool> consent;              // visit: consent to the economic check, signed
  std::optional<std::string> notice_start;  // start_notice: the day the notice went up
  std::optional<std::string> level;         // approve: national | provincial | local
};

// A worker applies for themselves (hardship:apply, their own member record); a cadre applies for
// a member of a union in their scope (hardship:file:write).
Result<HardshipFile> ApplyForHardship(db::Connection& c, const auth::Actor& a, int64_t member_id,
                                      const FileData& data);
// The file, masked unless the actor may unmask (which is audited). The holder may read their own.
Result<HardshipFile> GetHardshipFile(db::Connection& c, const auth::Actor& a, int64_t id,
                                     bool unmask);
// The worker's own file (most recent).
Result<HardshipFile> MyFile(db::Connection& c, const auth::Actor& a);
// Sets the bank account aid is paid to, in any open state (a filed household's card changes, or
// it had none): the holder name must be the real name. An event on the timeline, audited.
Result<HardshipFile> SetBankAccount(db::Connection& c, const auth::Actor& a, int64_t id,
                                    const BankAccount& account);
// Corrects the declaration before it is verified (applied, checked, visited, returned).
Result<HardshipFile> UpdateDeclaration(db::Connection& c, const auth::Actor& a, int64_t id,
                                       const FileData& data);
Result<HardshipFile> ActOnFile(db::Connection& c, const auth::Actor& a, int64_t id,
                               std::string_view action, const ActInput& in, Date today);
// The yearly review of a filed household: re-assessed against today's policy (with a corrected
// declaration if given); the category may change; the next review falls due.
Result<HardshipFile> ReviewFile(db::Connection& c, const auth::Actor& a, int64_t id,
                                const std::optional<FileData>& data, Date today);
// One month's per-head income while under aid or monitoring; flags 脱困 after six months in a row
// above 1× 低保.
Result<HardshipFile> RecordMonth(db::Connection& c, const auth::Actor& a, int64_t id,
                                 const std::string& month, int64_t per_head_monthly_fen,
                                 Date today);

Result<Objection> RaiseObjection(db::Connection& c, const auth::Actor& a, int64_t file_id,
                                 const std::string& raised_by, const std::string& content);
Result<Objection> AnswerObjection(db::Connection& c, const auth::Actor& a, int64_t objection_id,
                                  const std::string& answer);

Result<std::pair<std::vector<HardshipFile>, int64_t>> ListHardshipFiles(
    db::Connection& c, const auth::Actor& a, store::FileFilter f, std::optional<int64_t> org_id);
Result<std::vector<std::pair<std::string, int64_t>>> FileStateCounts(db::Connection& c,
                                                                     const auth::Actor& a,
                                                                     std::optional<int64_t> org_id);
// The events, objections and assessments of a file the actor may read.
Result<std::vector<FileEvent>> FileEvents(db::Connection& c, const auth::Actor& a, int64_t id);
Result<std::vector<Objection>> FileObjections(db::Connection& c, const auth::Actor& a, int64_t id);
struct Replayed {
  store::StoredAssessment stored;
  bool replay_matches = false;  // re-running it with its policy version gives the same result
};
Result<std::vector<Replayed>> FileAssessments(db::Connection& c, const auth::Actor& a, int64_t id);

// The public notice board of a union: the files in notice under it, masked. No login needed.
struct NoticeEntry {
  std::string masked_name;
  std::string org_name;
  std::string category;
  int household_size = 1;
  std::string notice_start;
  std::string notice_end;
};
struct NoticeBoard {
  std::string org_name;
  std::vector<NoticeEntry> entries;
};
Result<NoticeBoard> PublicNotice(db::Connection& c, int64_t org_id);

// The file, unmasked, if the actor may read it (in hardship:read scope, or their own file): for
// the parts of a file kept elsewhere (attachments, aid).
Result<HardshipFile> FileForActor(db::Connection& c, const auth::Actor& a, int64_t id);
// Whether the actor may add to the file: hardship:file:write over its org, or the holder while it
// is still an application.
bool MayChangeFile(const auth::Actor& a, const HardshipFile& f);

// The workflow steps this actor may take on the file now (permission, scope, state, and the
// conditions known without input: 脱困 needs six months on record, submission an ended notice).
std::vector<std::string_view> AllowedActions(const auth::Actor& a, const HardshipFile& f);

// Masks ID numbers, phone and bank account in place.
void MaskFile(HardshipFile& f);
bool MayUnmaskFile(const auth::Actor& a, const HardshipFile& f);

// The working-day calendar of a year, editable by hardship:calendar:write (all scope).
Result<std::vector<store::CalendarDay>> CalendarOf(db::Connection& c, int year);
Result<void> SetCalendar(db::Connection& c, const auth::Actor& a, int year,
                         const std::vector<store::CalendarDay>& days);

// What the funds ledger must know of households to check an aid payment (their union, state and
// filing level), read unscoped: the ledger checks the fund's own scope against them. Published
// for the ledger, so that it never reads this capability's tables.
struct HouseholdFacts {
  std::string org_path;
  FileState state = FileState::kApplied;
  std::string level;  // filed_level, "" before filing
};
std::map<int64_t, HouseholdFacts> HouseholdFactsOf(db::Connection& c,
                                                   const std::vector<int64_t>& file_ids);

// Aid from a fund, as the funds capability tells it: an event on the file's timeline (`action`
// with its JSON detail) and, when the money was paid (`paid`), the file under aid since `today`
// through the workflow table's "aid_paid" step. Inside the caller's transaction.
Result<void> RecordAidOnFile(db::Connection& c, const auth::Actor& a, int64_t file_id,
                             const std::string& action, const std::string& detail, bool paid,
                             Date today);

// d plus n calendar months, the day clamped to the month's end (2025-01-31 + 1 → 2025-02-28).
Date AddMonths(Date d, int n);

// The path of an org's subtree if it is in the caller's hardship:read scope (404 otherwise);
// nothing for no org (the caller's whole scope).
Result<std::optional<std::string>> HardshipSubtree(db::Connection& c, const auth::Actor& a,
                                                   std::optional<int64_t> org_id);
// A page of a what-if run's changed households (the route checks the run is the caller's).
Result<std::vector<store::WhatIfRow>> WhatIfPage(db::Connection& c, int64_t job_id, int64_t limit,
                                                 int64_t offset);

}  // namespace zj::hardship

#pragma once
// The hardship household file (一户一档, DOMAIN.md §4): what a household declares and a cadre
// verifies, the workflow states and the table of transitions between them.
#include <array>
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "hardship/assessment.h"

namespace zj::hardship {

// application → preliminary check → home visit → verification → (democratic review) → public
// notice → upper-union review → filed → under aid; returned goes back to be verified again;
// monitoring follows an exit (脱困, 解困); rejected and closed files are kept, not reopened except
// by a re-application.
enum class FileState {
  kApplied,
  kChecked,
  kVisited,
  kVerified,
  kReviewed,
  kNotice,
  kUpperReview,
  kReturned,
  kFiled,
  kAided,
  kMonitoring,
  kRejected,
  kClosed
};
inline constexpr std::array<std::string_view, 13> kFileStateNames = {
    "applied",  "checked", "visited", "verified",   "reviewed", "notice", "upper_review",
    "returned", "filed",   "aided",   "monitoring", "rejected", "closed"};
inline constexpr std::array<std::string_view, 13> kFileStateNamesZh = {
    "已申请", "初审通过", "已入户走访", "已核实",   "已民主评议", "公示中", "上级审核中",
    "退回",   "已建档",   "帮扶中",     "脱困监测", "未通过",     "已注销"};
std::string_view FileStateName(FileState s);
std::optional<FileState> ParseFileState(std::string_view name);
// A file in which a person counts for the one-person-one-file rule.
bool IsOpen(FileState s);

// How far back a public notice may have gone up when it is recorded.
inline constexpr int kNoticeBackDays = 30;

inline constexpr const char* kHardshipRead = "hardship:read";
inline constexpr const char* kPolicyWrite = "hardship:policy:write";
inline constexpr const char* kFileWrite = "hardship:file:write";
inline constexpr const char* kFileApprove = "hardship:file:approve";
inline constexpr const char* kHardshipUnmask = "hardship:unmask";
inline constexpr const char* kApply = "hardship:apply";

// Who may take a step: the file's own union (or any union above it), only a union above it, or
// no person by the steps route: another capability's service, as the step's consequence (aid
// paid from a fund puts the file under aid).
enum class Who { kOwnOrAbove, kAboveOnly, kService };
std::string_view WhoName(Who w);

struct FileTransition {
  std::string_view action;
  std::vector<FileState> from;
  FileState to;
  const char* permission;
  Who who;
  bool needs_reason;
  bool danger = false;  // ends or sets back the file: the page asks twice
};
const std::vector<FileTransition>& FileTransitions();
const FileTransition* FindFileTransition(std::string_view action);

struct Person {
  std::string name;
  std::string relation;  // spouse, child, parent, other
  std::string id_number;
  std::optional<std::string> health;
  bool disabled = false;
  std::optional<std::string> insurance;
  std::optional<std::string> school_or_employer;
  bool working = false;
  bool able_to_work = false;
};

struct Money12 {
  std::string kind;  // IncomeKind or ExpenseKind name
  int64_t amount_fen = 0;
  std::optional<std::string> note;
};

struct BankAccount {
  std::string bank;
  std::string account;
  std::string holder_name;  // must equal the holder's real name
};

// Everything a household declares, as it was typed; verified by the cadre before the notice.
struct FileData {
  std::optional<std::string> phone;
  std::optional<std::string> health;
  bool disabled = false;
  bool holder_working = true;
  bool holder_able_to_work = true;
  std::optional<std::string> model_worker;  // e.g. "provincial", "national"
  std::optional<std::string> housing_type;  // own, rented, public, other
  int64_t housing_area_m2 = 0;
  std::optional<std::string> industry;
  std::optional<std::string> marital_status;
  std::optional<std::string> hukou_type;     // urban, rural
  std::optional<std::string> employer_type;  // state, private, foreign, public, other
  std::vector<Person> people;                // everyone but the holder
  std::vector<Money12> incomes;              // last 12 months
  std::vector<Money12> expenses;             // rigid expenses, last 12 months
  int homes = 0;
  bool private_car = false;
  bool owns_business = false;
  bool child_private_school = false;
  bool migrant_worker = false;
  int employment_months = 0;
  bool sudden_event = false;
  int64_t accident_costs_fen = 0;
  std::string primary_cause;
  std::vector<std::string> secondary_causes;  // up to three
  std::optional<BankAccount> bank;
  std::optional<std::string> notes;
};

// Reads a household's declaration; fails naming the first field that is wrong. Checks the ID
// numbers of the people, the amounts, the kinds, the counts and lengths; not the causes
// dictionary or the bank name (the service does).
// keep_masked: ID numbers and bank accounts masked as this API shows them ("330106********002X")
// are kept as they are, for the service to match against the stored file (an edit of a masked
// view); otherwise they are invalid.
Result<FileData> FileDataFromJson(const boost::json::object& o, bool keep_masked = false);
// Reads {bank, account, holder_name}: the account as 12 to 30 digits (spaces and dashes dropped),
// or masked as above when keep_masked.
Result<BankAccount> BankAccountFromJson(const boost::json::object& b, bool keep_masked = false);
boost::json::object FileDataToJson(const FileData& d);

// The assessment inputs of a household. refuses_check: no consent to the economic check.
Household ToHousehold(const FileData& d, bool union_member, bool refuses_check);

// The assessment inputs as stored with each assessment, and read back to replay it.
boost::json::object HouseholdToJson(const Household& h);
Household HouseholdFromJson(const boost::json::object& o);
// The figures, exclusions and explanation of an assessment, in both languages.
boost::json::object AssessmentToJson(const Assessment& a);

struct HardshipFile {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string org_name;
  std::string org_path;
  std::string province_code;
  std::string region_code;
  int64_t holder_member_id = 0;
  std::string holder_name;
  std::string holder_id_number;
  FileState state = FileState::kApplied;
  std::optional<std::string> category;
  std::optional<int64_t> per_head_monthly_fen;
  std::optional<std::string> policy_region;
  std::optional<int64_t> policy_version;
  std::optional<std::string> filed_level;
  FileData data;
  std::optional<std::string> consent_at;
  std::optional<std::string> notice_start;
  std::optional<std::string> notice_end;
  std::optional<std::string> filed_at;
  std::optional<std::string> last_reviewed_at;
  std::optional<std::string> next_review_due;
  std::optional<std::string> last_aided_at;
  std::optional<std::string> exit_kind;
  bool exit_candidate = false;
  std::string applied_by;
  std::string created_at;
  std::string updated_at;
};

struct FileEvent {
  int64_t id = 0;
  std::string at;
  std::string actor;
  std::string action;
  std::optional<std::string> from_state;
  std::string to_state;
  std::optional<std::string> reason;
  std::optional<std::string> detail;
};

struct Objection {
  int64_t id = 0;
  int64_t file_id = 0;
  std::string raised_at;
  std::string raised_by;
  std::string content;
  std::string recorded_by;
  std::optional<std::string> answer;
  std::optional<std::string> answered_by;
  std::optional<std::string> answered_at;
};

}  // namespace zj::hardship

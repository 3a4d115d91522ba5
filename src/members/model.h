#pragma once
// The member registry's plain types: membership states, the transition table, member records,
// transfers, and the masking of sensitive fields.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zj::members {

// DOMAIN.md §3: applied → active | rejected; provisional → active; active → transfer pending →
// active at the new org; active → retained → active; withdrawn; expelled.
enum class State {
  kApplied,
  kActive,
  kRejected,
  kProvisional,
  kTransferPending,
  kRetained,
  kWithdrawn,
  kExpelled
};
inline constexpr std::array<std::string_view, 8> kStateNames = {
    "applied",          "active",   "rejected",  "provisional",
    "transfer_pending", "retained", "withdrawn", "expelled"};
inline constexpr std::array<std::string_view, 8> kStateNamesZh = {
    "申请中", "在会", "未批准", "临时会员", "接转中", "保留会籍", "已退会", "已除名"};
std::string_view StateName(State s);
std::optional<State> ParseState(std::string_view name);

// A state change a cadre can make on a member directly (transfers have their own flow).
struct Transition {
  std::string_view action;
  std::vector<State> from;
  State to;
  bool needs_reason;
  std::string_view permission;
};
// The whole table; the service refuses anything not in it.
const std::vector<Transition>& Transitions();
const Transition* FindTransition(std::string_view action);
// Whether someone in state `s` may join again (on the same record, maybe in another union): the
// states "reapply" leaves from.
bool MayJoinAgain(State s);

inline constexpr std::array<std::string_view, 3> kEmploymentForms = {"standard", "new_form",
                                                                     "flexible"};
inline constexpr std::array<std::string_view, 4> kRetainReasons = {"retired", "unemployed",
                                                                   "employer_closed", "other"};

struct Member {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string org_name;
  std::string org_path;
  std::string province_code;
  std::string name;
  std::string id_number;  // normalised, 18 characters
  std::string sex;        // "male" | "female"
  std::string birth_date;
  std::optional<std::string> phone;
  std::optional<std::string> ethnicity;
  std::optional<std::string> education;
  std::optional<std::string> skill_level;
  std::optional<std::string> hukou;  // "urban" | "rural"
  bool migrant_worker = false;
  std::string employment_form = "standard";
  std::optional<std::string> employer;
  std::optional<std::string> employer_credit_code;
  std::optional<std::string> card_number;
  std::optional<std::string> member_since;
  State state = State::kApplied;
  std::optional<std::string> retained_reason;
  std::string created_at;
  std::string updated_at;
};

// The card number a member gets on becoming active without one: "ZJ", the province code and the
// member's id in ten digits (so unique, and increasing as members are added).
std::string CardNumber(const Member& m);

struct MemberEvent {
  std::string at;
  std::string actor;
  std::string action;
  std::optional<std::string> from_state;
  std::string to_state;
  std::string org_name;
  std::optional<std::string> reason;
};

struct Transfer {
  int64_t id = 0;
  int64_t member_id = 0;
  std::string member_name;
  int64_t from_org_id = 0;
  std::string from_org_name;
  int64_t to_org_id = 0;
  std::string to_org_name;
  std::string state;  // pending | released | accepted | rejected | cancelled
  std::optional<std::string> reason;
  std::string requested_by;
  std::optional<std::string> released_by;
  std::optional<std::string> accepted_by;
  std::optional<std::string> decided_reason;
  std::string created_at;
};

enum class SortKey { kName, kNameDesc, kMemberSince, kMemberSinceDesc, kUpdatedDesc };

struct MemberFilter {
  std::string query;
  std::optional<int64_t> org_id;  // that org and its subtree
  std::optional<std::string> state;
  std::optional<std::string> employment_form;
  SortKey sort = SortKey::kName;
  int64_t page = 1;
  int64_t page_size = 20;
};

inline constexpr int64_t kMaxPageSize = 200;
inline constexpr int64_t kMaxQueueLength = 500;
// Lists stop counting here: the total of a very large list is shown as "more than".
inline constexpr int64_t kCountCap = 10'000;
inline constexpr size_t kMaxNameChars = 50;
inline constexpr size_t kMaxTextChars = 100;

// The columns of the import file, the template and the export, in this order.
inline constexpr std::array<std::string_view, 15> kFileColumns = {
    "姓名",     "身份证号", "手机号",     "所属工会", "民族",     "学历",
    "技能等级", "户籍类型", "是否农民工", "就业形态", "工作单位", "单位统一社会信用代码",
    "入会日期", "会员卡号", "会籍状态"};

// "13812345678" → "138****5678"; anything shorter than 7 characters is masked whole.
std::string MaskPhone(std::string_view phone);
// Reversed text: suffix search on the ID number becomes a prefix range on an index.
std::string Reverse(std::string_view s);

}  // namespace zj::members

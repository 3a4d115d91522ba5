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

// One page of a member list: its rows, how many there are in all (counted up to a cap), and
// whether a row follows this page (so that paging goes on past the cap: no row is stranded).
struct SearchPage {
  std::vector<Member> members;
  int64_t total = 0;
  bool capped = false;    // there may be more than `total`: narrow the filter, or page on
  bool has_more = false;  // a row follows this page
};
inline constexpr int64_t kMaxQueueLength = 500;
// Lists stop counting here: the total of a very large list is shown as "more than".
inline constexpr int64_t kCountCap = 10'000;
// A name search takes at most this many candidates from each of its indexes (name, pinyin,
// initials): a common name in a province of millions is narrowed by typing more, not read whole.
inline constexpr int64_t kSearchCandidates = 2'000;
inline constexpr size_t kMaxNameChars = 50;
inline constexpr size_t kMaxTextChars = 100;

// The columns of the import file, the template and the export, in this order.
inline constexpr std::array<std::string_view, 15> kFileColumns = {
    "姓名",     "身份证号", "手机号",     "所属工会", "民族",     "学历",
    "技能等级", "户籍类型", "是否农民工", "就业形态", "工作单位", "单位统一社会信用代码",
    "入会日期", "会员卡号", "会籍状态"};

// How each column of kFileColumns is filled in, in its order, for the template's instructions:
// whether it is required, what it takes, and an example (the template's example row).
struct ColumnGuide {
  bool required = false;
  std::string_view rule;
  std::string_view example;
};
inline constexpr std::array<ColumnGuide, 15> kColumnGuides = {{
    {true, "与身份证一致的姓名，最多 50 字", "示例：张三"},
    {true, "18 位公民身份号码，最后一位可为 X；请将此列设为文本，以免 Excel 改成科学计数法",
     "330106198505050027"},
    {false, "11 位手机号", "13800138000"},
    {true, "系统中的工会全称、工会的统一社会信用代码（18 位）或工会编号", "西湖区总工会"},
    {false, "如 汉族", "汉族"},
    {false, "如 本科、大专、高中", "本科"},
    {false, "如 初级工、中级工、高级工、技师", "高级工"},
    {false, "城镇 或 农村（也可写 非农业、农业）", "城镇"},
    {false, "是 或 否（也可写 Y/N、1/0）", "否"},
    {false, "标准劳动关系、新就业形态 或 灵活就业", "标准劳动关系"},
    {false, "单位全称，最多 100 字", "杭州某某科技有限公司"},
    {false, "单位的 18 位统一社会信用代码", ""},
    {false, "年-月-日，如 2020-05-01（也可写 2020/5/1、20200501）；不填则为导入当天", "2020-05-01"},
    {false, "会员服务卡号；不填则在会会员自动生成", ""},
    {false, "在会、申请中、临时会员 或 保留会籍；不填为在会", "在会"},
}};
// The template's example row starts with this in its name: such a row is rejected with a reason
// (and so counted), never imported.
inline constexpr std::string_view kExampleMark = "示例";
// The choices the template offers as drop-down lists, by column of kFileColumns.
inline constexpr std::array<std::pair<size_t, std::array<std::string_view, 4>>, 4> kColumnChoices =
    {{{7, {"城镇", "农村"}},
      {8, {"是", "否"}},
      {9, {"标准劳动关系", "新就业形态", "灵活就业"}},
      {14, {"在会", "申请中", "临时会员", "保留会籍"}}}};
// The columns of kFileColumns that hold codes and digits, kept as text in the template.
inline constexpr std::array<int, 5> kTextColumns = {1, 2, 11, 12, 13};

// Other header names real files use for each column of kFileColumns, in its order: the import
// accepts any of them, and the template's instructions list them.
inline constexpr std::array<std::array<std::string_view, 6>, 15> kFileColumnAliases = {{
    {"会员姓名", "职工姓名", "名字"},
    {"身份证号码", "公民身份号码", "证件号码", "身份证"},
    {"手机号码", "手机", "联系电话", "联系方式"},
    {"工会名称", "所属工会名称", "工会统一社会信用代码", "所属工会编码", "工会编码", "工会代码"},
    {},
    {"文化程度"},
    {"技术等级", "职业技能等级"},
    {"户口性质", "户籍性质", "户口类型"},
    {"农民工"},
    {"就业方式", "用工形式"},
    {"单位名称", "工作单位名称", "所在单位"},
    {"工作单位统一社会信用代码", "单位信用代码"},
    {"入会时间"},
    {"会员卡号码", "工会会员卡号"},
    {"会员状态"},
}};

// "13812345678" → "138****5678"; anything shorter than 7 characters is masked whole.
std::string MaskPhone(std::string_view phone);
// Reversed text: suffix search on the ID number becomes a prefix range on an index.
std::string Reverse(std::string_view s);

}  // namespace zj::members

#include "hardship/file.h"

#include <algorithm>

#include "base/resident_id.h"
#include "base/text.h"

namespace zj::hardship {
namespace json = boost::json;

std::string_view FileStateName(FileState s) { return kFileStateNames[static_cast<size_t>(s)]; }

std::optional<FileState> ParseFileState(std::string_view name) {
  for (size_t i = 0; i < kFileStateNames.size(); ++i) {
    if (kFileStateNames[i] == name) return static_cast<FileState>(i);
  }
  return std::nullopt;
}

bool IsOpen(FileState s) { return s != FileState::kRejected && s != FileState::kClosed; }

const std::vector<FileTransition>& FileTransitions() {
  using S = FileState;
  static const std::vector<FileTransition> kTable = {
      {"check", {S::kApplied}, S::kChecked, kFileWrite, Who::kOwnOrAbove, false},
      {"visit", {S::kChecked}, S::kVisited, kFileWrite, Who::kOwnOrAbove, false},
      {"verify", {S::kVisited, S::kReturned}, S::kVerified, kFileWrite, Who::kOwnOrAbove, false},
      {"democratic_review", {S::kVerified}, S::kReviewed, kFileWrite, Who::kOwnOrAbove, true},
      {"start_notice",
       {S::kVerified, S::kReviewed},
       S::kNotice,
       kFileWrite,
       Who::kOwnOrAbove,
       false},
      {"submit", {S::kNotice}, S::kUpperReview, kFileWrite, Who::kOwnOrAbove, false},
      {"approve", {S::kUpperReview}, S::kFiled, kFileApprove, Who::kAboveOnly, false},
      {"return", {S::kUpperReview}, S::kReturned, kFileApprove, Who::kAboveOnly, true, true},
      {"reject",
       {S::kApplied, S::kChecked, S::kVisited, S::kVerified, S::kReviewed, S::kNotice,
        S::kReturned},
       S::kRejected,
       kFileWrite,
       Who::kOwnOrAbove,
       true,
       true},
      // Help that is not money (goods, a job, training, a volunteer); what it was is the reason.
      // Money goes through an aid request (funds), which puts the file under aid itself.
      {"record_aid", {S::kFiled, S::kAided}, S::kAided, kFileWrite, Who::kOwnOrAbove, true},
      // Money paid from a fund: the funds capability's aid approval takes this step.
      {"aid_paid", {S::kFiled, S::kAided}, S::kAided, "funds:write", Who::kService, false},
      {"exit_out", {S::kFiled, S::kAided}, S::kMonitoring, kFileWrite, Who::kOwnOrAbove, false},
      {"relieve", {S::kFiled, S::kAided}, S::kMonitoring, kFileWrite, Who::kOwnOrAbove, true},
      {"close",
       {S::kFiled, S::kAided, S::kMonitoring},
       S::kClosed,
       kFileWrite,
       Who::kOwnOrAbove,
       true,
       true},
      {"reapply",
       {S::kMonitoring, S::kClosed, S::kRejected},
       S::kApplied,
       kFileWrite,
       Who::kOwnOrAbove,
       false},
  };
  return kTable;
}

std::string_view WhoName(Who w) {
  switch (w) {
    case Who::kOwnOrAbove:
      return "own_or_above";
    case Who::kAboveOnly:
      return "above_only";
    case Who::kService:
      return "service";
  }
  return "own_or_above";
}

const FileTransition* FindFileTransition(std::string_view action) {
  for (const auto& t : FileTransitions()) {
    if (t.action == action) return &t;
  }
  return nullptr;
}

namespace {

constexpr size_t kMaxPeople = 29;  // a household has at most 30 members
constexpr size_t kMaxItems = 50;
constexpr int64_t kMaxAmountFen = 100'000'000'00;  // 100 million yuan: a typo beyond that
constexpr size_t kMaxText = 200;

const std::array<std::string_view, 6> kIncomeKinds = {"wage",      "pension",      "business",
                                                      "union_aid", "holiday_gift", "other"};
const std::array<std::string_view, 4> kExpenseKinds = {"medical", "schooling", "rehabilitation",
                                                       "disaster"};
const std::array<std::string_view, 4> kRelations = {"spouse", "child", "parent", "other"};

std::unexpected<Error> Bad(const std::string& field, const std::string& zh, const std::string& en) {
  return Invalid(field, zh, en);
}

Result<std::optional<std::string>> Text(const json::object& o, std::string_view key,
                                        const std::string& path, size_t max_chars = kMaxText) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_string()) {
    return Bad(path, "字段 " + path + " 应为文字", "Field " + path + " must be text");
  }
  std::string v(it->value().as_string());
  while (!v.empty() && v.back() == ' ') v.pop_back();
  while (!v.empty() && v.front() == ' ') v.erase(0, 1);
  if (!IsValidUtf8(v) || Utf8Length(v) > max_chars) {
    return Bad(path,
               "字段 " + path + " 过长或含无效字符（最多 " + std::to_string(max_chars) + " 字）",
               "Field " + path + " is too long or not valid text (at most " +
                   std::to_string(max_chars) + " characters)");
  }
  if (v.empty()) return std::nullopt;
  return v;
}

Result<std::string> ReqText(const json::object& o, std::string_view key, const std::string& path) {
  ZJ_ASSIGN_OR_RETURN(auto v, Text(o, key, path));
  if (!v) return Bad(path, "缺少必填字段 " + path, "Field " + path + " is required");
  return *v;
}

Result<bool> Flag(const json::object& o, std::string_view key, const std::string& path, bool def) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return def;
  if (!it->value().is_bool()) {
    return Bad(path, "字段 " + path + " 应为 true 或 false",
               "Field " + path + " must be true or false");
  }
  return it->value().as_bool();
}

Result<int64_t> Number(const json::object& o, std::string_view key, const std::string& path,
                       int64_t max) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return 0;
  const auto& v = it->value();
  int64_t n = 0;
  if (v.is_int64()) {
    n = v.as_int64();
  } else if (v.is_uint64() && v.as_uint64() <= static_cast<uint64_t>(max)) {
    n = static_cast<int64_t>(v.as_uint64());
  } else {
    return Bad(path, "字段 " + path + " 应为整数", "Field " + path + " must be a whole number");
  }
  if (n < 0 || n > max) {
    return Bad(path, "字段 " + path + " 应在 0 到 " + std::to_string(max) + " 之间",
               "Field " + path + " must be between 0 and " + std::to_string(max));
  }
  return n;
}

template <size_t N>
Result<std::string> OneOf(const json::object& o, std::string_view key, const std::string& path,
                          const std::array<std::string_view, N>& allowed) {
  auto v = ReqText(o, key, path);
  if (!v) return v;
  if (std::find(allowed.begin(), allowed.end(), *v) == allowed.end()) {
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    return Bad(path, "字段 " + path + " 的取值“" + *v + "”无效，可选：" + list,
               "Field " + path + " has the invalid value '" + *v + "'; one of: " + list);
  }
  return v;
}

const json::array* ArrayField(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_array()) return nullptr;
  return &it->value().as_array();
}

Result<void> NotArray(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it != o.end() && !it->value().is_null() && !it->value().is_array()) {
    return Bad(std::string(key), "字段 " + std::string(key) + " 应为列表",
               "Field " + std::string(key) + " must be a list");
  }
  return {};
}

#define ZJ_SET(target, expr)                         \
  do {                                               \
    auto zj_v = (expr);                              \
    if (!zj_v) return std::unexpected(zj_v.error()); \
    target = std::move(*zj_v);                       \
  } while (0)

Result<Person> PersonOf(const json::value& v, const std::string& at, bool keep_masked) {
  if (!v.is_object()) return Bad(at, at + " 应为对象", at + " must be an object");
  const auto& o = v.as_object();
  Person p;
  ZJ_SET(p.name, ReqText(o, "name", at + ".name"));
  ZJ_SET(p.relation, OneOf(o, "relation", at + ".relation", kRelations));
  std::string raw;
  ZJ_SET(raw, ReqText(o, "id_number", at + ".id_number"));
  if (keep_masked && raw.find('*') != std::string::npos) {
    p.id_number = raw;
    raw.clear();
  }
  auto id = raw.empty() ? Result<ResidentId>(ResidentId{p.id_number, "", {}, Sex::kMale})
                        : ParseResidentId(raw);
  if (!id) {
    Error e = id.error();
    e.field = at + ".id_number";
    e.message_zh = p.name + "：" + e.message_zh;
    e.message_en = p.name + ": " + e.message_en;
    return std::unexpected(e);
  }
  p.id_number = id->value;
  ZJ_SET(p.health, Text(o, "health", at + ".health"));
  ZJ_SET(p.disabled, Flag(o, "disabled", at + ".disabled", false));
  ZJ_SET(p.insurance, Text(o, "insurance", at + ".insurance"));
  ZJ_SET(p.school_or_employer, Text(o, "school_or_employer", at + ".school_or_employer"));
  ZJ_SET(p.working, Flag(o, "working", at + ".working", false));
  ZJ_SET(p.able_to_work, Flag(o, "able_to_work", at + ".able_to_work", false));
  return p;
}

template <size_t N>
Result<std::vector<Money12>> Items(const json::object& o, std::string_view key,
                                   const std::array<std::string_view, N>& kinds) {
  std::vector<Money12> out;
  ZJ_TRY(NotArray(o, key));
  const json::array* list = ArrayField(o, key);
  if (!list) return out;
  if (list->size() > kMaxItems) {
    return Bad(std::string(key), "最多填写 " + std::to_string(kMaxItems) + " 项",
               "At most " + std::to_string(kMaxItems) + " items");
  }
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string at = std::string(key) + "[" + std::to_string(i) + "]";
    if (!(*list)[i].is_object()) return Bad(at, at + " 应为对象", at + " must be an object");
    const auto& item = (*list)[i].as_object();
    Money12 m;
    ZJ_SET(m.kind, OneOf(item, "kind", at + ".kind", kinds));
    ZJ_SET(m.amount_fen, Number(item, "amount_fen", at + ".amount_fen", kMaxAmountFen));
    ZJ_SET(m.note, Text(item, "note", at + ".note"));
    out.push_back(std::move(m));
  }
  return out;
}

IncomeKind IncomeKindOf(std::string_view k) {
  for (size_t i = 0; i < kIncomeKinds.size(); ++i) {
    if (kIncomeKinds[i] == k) return static_cast<IncomeKind>(i);
  }
  return IncomeKind::kOther;
}

ExpenseKind ExpenseKindOf(std::string_view k) {
  for (size_t i = 0; i < kExpenseKinds.size(); ++i) {
    if (kExpenseKinds[i] == k) return static_cast<ExpenseKind>(i);
  }
  return ExpenseKind::kMedical;
}

json::value Opt(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

json::array ItemsJson(const std::vector<Money12>& items) {
  json::array out;
  for (const auto& m : items) {
    out.push_back(
        json::object{{"kind", m.kind}, {"amount_fen", m.amount_fen}, {"note", Opt(m.note)}});
  }
  return out;
}

}  // namespace

Result<BankAccount> BankAccountFromJson(const json::object& b, bool keep_masked) {
  BankAccount acct;
  ZJ_SET(acct.bank, ReqText(b, "bank", "bank.bank"));
  ZJ_SET(acct.account, ReqText(b, "account", "bank.account"));
  ZJ_SET(acct.holder_name, ReqText(b, "holder_name", "bank.holder_name"));
  std::string digits;
  for (char ch : acct.account) {
    if (ch != ' ' && ch != '-') digits += ch;
  }
  const bool masked = keep_masked && digits.find('*') != std::string::npos;
  if (!masked && (digits.size() < 12 || digits.size() > 30 ||
                  digits.find_first_not_of("0123456789") != std::string::npos)) {
    return Bad("bank.account", "银行账号应为 12 到 30 位数字",
               "A bank account number has 12 to 30 digits");
  }
  acct.account = digits;
  return acct;
}

Result<FileData> FileDataFromJson(const json::object& o, bool keep_masked) {
  FileData d;
  ZJ_SET(d.phone, Text(o, "phone", "phone", 20));
  ZJ_SET(d.health, Text(o, "health", "health"));
  ZJ_SET(d.disabled, Flag(o, "disabled", "disabled", false));
  ZJ_SET(d.holder_working, Flag(o, "holder_working", "holder_working", true));
  ZJ_SET(d.holder_able_to_work, Flag(o, "holder_able_to_work", "holder_able_to_work", true));
  ZJ_SET(d.model_worker, Text(o, "model_worker", "model_worker", 20));
  ZJ_SET(d.housing_type, Text(o, "housing_type", "housing_type", 20));
  ZJ_SET(d.housing_area_m2, Number(o, "housing_area_m2", "housing_area_m2", 10'000));
  ZJ_SET(d.industry, Text(o, "industry", "industry", 50));
  ZJ_SET(d.marital_status, Text(o, "marital_status", "marital_status", 20));
  ZJ_SET(d.hukou_type, Text(o, "hukou_type", "hukou_type", 20));
  ZJ_SET(d.employer_type, Text(o, "employer_type", "employer_type", 20));
  ZJ_TRY(NotArray(o, "people"));
  if (const json::array* people = ArrayField(o, "people")) {
    if (people->size() > kMaxPeople) {
      return Bad("people", "家庭成员最多 30 人（含户主）",
                 "A household has at most 30 members, the holder included");
    }
    for (size_t i = 0; i < people->size(); ++i) {
      Person p;
      ZJ_SET(p, PersonOf((*people)[i], "people[" + std::to_string(i) + "]", keep_masked));
      d.people.push_back(std::move(p));
    }
  }
  ZJ_SET(d.incomes, Items(o, "incomes", kIncomeKinds));
  ZJ_SET(d.expenses, Items(o, "expenses", kExpenseKinds));
  int64_t n = 0;
  ZJ_SET(n, Number(o, "homes", "homes", 100));
  d.homes = static_cast<int>(n);
  ZJ_SET(d.private_car, Flag(o, "private_car", "private_car", false));
  ZJ_SET(d.owns_business, Flag(o, "owns_business", "owns_business", false));
  ZJ_SET(d.child_private_school, Flag(o, "child_private_school", "child_private_school", false));
  ZJ_SET(d.migrant_worker, Flag(o, "migrant_worker", "migrant_worker", false));
  ZJ_SET(n, Number(o, "employment_months", "employment_months", 1200));
  d.employment_months = static_cast<int>(n);
  ZJ_SET(d.sudden_event, Flag(o, "sudden_event", "sudden_event", false));
  ZJ_SET(d.accident_costs_fen,
         Number(o, "accident_costs_fen", "accident_costs_fen", kMaxAmountFen));
  ZJ_SET(d.primary_cause, ReqText(o, "primary_cause", "primary_cause"));
  ZJ_TRY(NotArray(o, "secondary_causes"));
  if (const json::array* causes = ArrayField(o, "secondary_causes")) {
    if (causes->size() > 3) {
      return Bad("secondary_causes", "次要致困原因最多 3 项", "At most three secondary causes");
    }
    for (const auto& c : *causes) {
      if (!c.is_string()) {
        return Bad("secondary_causes", "致困原因应为代码文字", "Causes must be codes (text)");
      }
      const std::string code(c.as_string());
      if (code == d.primary_cause || std::find(d.secondary_causes.begin(), d.secondary_causes.end(),
                                               code) != d.secondary_causes.end()) {
        return Bad("secondary_causes", "致困原因“" + code + "”重复",
                   "Cause '" + code + "' is listed twice");
      }
      d.secondary_causes.push_back(code);
    }
  }
  if (auto it = o.find("bank"); it != o.end() && !it->value().is_null()) {
    if (!it->value().is_object()) return Bad("bank", "bank 应为对象", "bank must be an object");
    ZJ_ASSIGN_OR_RETURN(auto acct, BankAccountFromJson(it->value().as_object(), keep_masked));
    d.bank = std::move(acct);
  }
  ZJ_SET(d.notes, Text(o, "notes", "notes", 1000));
  return d;
}

#undef ZJ_SET

json::object FileDataToJson(const FileData& d) {
  json::array people;
  for (const auto& p : d.people) {
    people.push_back(json::object{{"name", p.name},
                                  {"relation", p.relation},
                                  {"id_number", p.id_number},
                                  {"health", Opt(p.health)},
                                  {"disabled", p.disabled},
                                  {"insurance", Opt(p.insurance)},
                                  {"school_or_employer", Opt(p.school_or_employer)},
                                  {"working", p.working},
                                  {"able_to_work", p.able_to_work}});
  }
  json::array secondary;
  for (const auto& c : d.secondary_causes) secondary.emplace_back(c);
  json::value bank = nullptr;
  if (d.bank) {
    bank = json::object{
        {"bank", d.bank->bank}, {"account", d.bank->account}, {"holder_name", d.bank->holder_name}};
  }
  return json::object{{"phone", Opt(d.phone)},
                      {"health", Opt(d.health)},
                      {"disabled", d.disabled},
                      {"holder_working", d.holder_working},
                      {"holder_able_to_work", d.holder_able_to_work},
                      {"model_worker", Opt(d.model_worker)},
                      {"housing_type", Opt(d.housing_type)},
                      {"housing_area_m2", d.housing_area_m2},
                      {"industry", Opt(d.industry)},
                      {"marital_status", Opt(d.marital_status)},
                      {"hukou_type", Opt(d.hukou_type)},
                      {"employer_type", Opt(d.employer_type)},
                      {"people", std::move(people)},
                      {"incomes", ItemsJson(d.incomes)},
                      {"expenses", ItemsJson(d.expenses)},
                      {"homes", d.homes},
                      {"private_car", d.private_car},
                      {"owns_business", d.owns_business},
                      {"child_private_school", d.child_private_school},
                      {"migrant_worker", d.migrant_worker},
                      {"employment_months", d.employment_months},
                      {"sudden_event", d.sudden_event},
                      {"accident_costs_fen", d.accident_costs_fen},
                      {"primary_cause", d.primary_cause},
                      {"secondary_causes", std::move(secondary)},
                      {"bank", std::move(bank)},
                      {"notes", Opt(d.notes)}};
}

Household ToHousehold(const FileData& d, bool union_member, bool refuses_check) {
  Household h;
  h.members = 1 + static_cast<int>(d.people.size());
  h.idle_able_members = (!d.holder_working && d.holder_able_to_work) ? 1 : 0;
  for (const auto& p : d.people) {
    if (!p.working && p.able_to_work) ++h.idle_able_members;
  }
  for (const auto& i : d.incomes) h.incomes.push_back({IncomeKindOf(i.kind), i.amount_fen});
  for (const auto& e : d.expenses) h.expenses.push_back({ExpenseKindOf(e.kind), e.amount_fen});
  h.homes = d.homes;
  h.private_car = d.private_car;
  h.owns_business = d.owns_business;
  h.child_private_school = d.child_private_school;
  h.refuses_economic_check = refuses_check;
  h.migrant_worker = d.migrant_worker;
  h.union_member = union_member;
  h.employment_months = d.employment_months;
  h.sudden_event = d.sudden_event;
  h.accident_costs_fen = d.accident_costs_fen;
  return h;
}

json::object HouseholdToJson(const Household& h) {
  json::array incomes, expenses;
  for (const auto& i : h.incomes) {
    incomes.push_back(
        json::object{{"kind", static_cast<int>(i.kind)}, {"amount_fen", i.amount_fen}});
  }
  for (const auto& e : h.expenses) {
    expenses.push_back(
        json::object{{"kind", static_cast<int>(e.kind)}, {"amount_fen", e.amount_fen}});
  }
  return json::object{{"members", h.members},
                      {"idle_able_members", h.idle_able_members},
                      {"incomes", std::move(incomes)},
                      {"expenses", std::move(expenses)},
                      {"homes", h.homes},
                      {"private_car", h.private_car},
                      {"owns_business", h.owns_business},
                      {"child_private_school", h.child_private_school},
                      {"refuses_economic_check", h.refuses_economic_check},
                      {"migrant_worker", h.migrant_worker},
                      {"union_member", h.union_member},
                      {"employment_months", h.employment_months},
                      {"sudden_event", h.sudden_event},
                      {"accident_costs_fen", h.accident_costs_fen}};
}

Household HouseholdFromJson(const json::object& o) {
  auto num = [&](const char* k) -> int64_t {
    auto it = o.find(k);
    return it != o.end() && it->value().is_int64() ? it->value().as_int64() : 0;
  };
  auto flag = [&](const char* k) {
    auto it = o.find(k);
    return it != o.end() && it->value().is_bool() && it->value().as_bool();
  };
  Household h;
  h.members = static_cast<int>(num("members"));
  h.idle_able_members = static_cast<int>(num("idle_able_members"));
  auto items = [&](const char* k, auto add) {
    auto it = o.find(k);
    if (it == o.end() || !it->value().is_array()) return;
    for (const auto& v : it->value().as_array()) {
      if (!v.is_object()) continue;
      const auto& item = v.as_object();
      const int64_t kind =
          item.contains("kind") && item.at("kind").is_int64() ? item.at("kind").as_int64() : 0;
      const int64_t amount = item.contains("amount_fen") && item.at("amount_fen").is_int64()
                                 ? item.at("amount_fen").as_int64()
                                 : 0;
      add(kind, amount);
    }
  };
  items("incomes", [&](int64_t k, int64_t a) {
    h.incomes.push_back({static_cast<IncomeKind>(std::clamp<int64_t>(k, 0, 5)), a});
  });
  items("expenses", [&](int64_t k, int64_t a) {
    h.expenses.push_back({static_cast<ExpenseKind>(std::clamp<int64_t>(k, 0, 3)), a});
  });
  h.homes = static_cast<int>(num("homes"));
  h.private_car = flag("private_car");
  h.owns_business = flag("owns_business");
  h.child_private_school = flag("child_private_school");
  h.refuses_economic_check = flag("refuses_economic_check");
  h.migrant_worker = flag("migrant_worker");
  h.union_member = flag("union_member");
  h.employment_months = static_cast<int>(num("employment_months"));
  h.sudden_event = flag("sudden_event");
  h.accident_costs_fen = num("accident_costs_fen");
  return h;
}

json::object AssessmentToJson(const Assessment& a) {
  const auto& f = a.figures;
  auto reasons = [](const std::vector<Reason>& list) {
    json::array out;
    for (const auto& r : list) out.push_back(json::object{{"zh", r.zh}, {"en", r.en}});
    return out;
  };
  return json::object{{"category", CategoryName(a.category)},
                      {"policy_version", a.policy_version},
                      {"figures", json::object{{"income_fen", f.income_fen},
                                               {"idle_income_fen", f.idle_income_fen},
                                               {"rigid_expenses_fen", f.rigid_expenses_fen},
                                               {"per_head_monthly_fen", f.per_head_monthly_fen},
                                               {"deep_line_fen", f.deep_line_fen},
                                               {"relative_line_fen", f.relative_line_fen}}},
                      {"exclusions", reasons(a.exclusions)},
                      {"explanation", reasons(a.explanation)}};
}

}  // namespace zj::hardship

#include "members/import.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "auth/audit.h"
#include "base/credit_code.h"
#include "base/date.h"
#include "base/text.h"
#include "io/header_index.h"
#include "members/store.h"

namespace zj::members {
namespace {

enum Col {
  kName,
  kIdNumber,
  kPhone,
  kOrg,
  kEthnicity,
  kEducation,
  kSkill,
  kHukou,
  kMigrant,
  kForm,
  kEmployer,
  kCredit,
  kSince,
  kCard,
  kState,
  kColCount
};

// Where each column is in this file (-1: absent).
using ColumnMap = std::array<int, kColCount>;

std::string Reason(const Error& e) { return jobs::ReasonText(e.message_zh, e.message_en); }
std::string Reason(const std::string& zh, const std::string& en) {
  return jobs::ReasonText(zh, en);
}

// A cell as typed, without the spaces around it, or nullopt when empty: names and other text are
// stored like this.
std::optional<std::string> Opt(const io::TableRow& row, int col) {
  if (col < 0 || col >= static_cast<int>(row.size())) return std::nullopt;
  std::string v(TrimSpaces(row[col]));
  if (v.empty()) return std::nullopt;
  return v;
}

// A cell that holds a code (a yes/no, a card number, a state): full-width forms folded too, so
// that "Ｙ" is "Y". Only for matching; text is stored as typed.
std::optional<std::string> Code(const io::TableRow& row, int col) {
  auto v = Opt(row, col);
  if (v) v = FoldFullWidth(*v);
  return v;
}

template <class Map>
std::optional<typename Map::mapped_type> Lookup(const Map& m, const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  auto it = m.find(*v);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

const std::map<std::string, std::string> kHukouNames = {{"城镇", "urban"},  {"非农业", "urban"},
                                                        {"urban", "urban"}, {"农村", "rural"},
                                                        {"农业", "rural"},  {"rural", "rural"}};
const std::map<std::string, bool> kYesNo = {
    {"是", true},  {"否", false},  {"Y", true},      {"N", false}, {"yes", true},
    {"no", false}, {"TRUE", true}, {"FALSE", false}, {"1", true},  {"0", false}};
const std::map<std::string, std::string> kForms = {
    {"标准劳动关系", "standard"}, {"标准", "standard"},     {"standard", "standard"},
    {"新就业形态", "new_form"},   {"new_form", "new_form"}, {"灵活就业", "flexible"},
    {"flexible", "flexible"}};
const std::map<std::string, State> kStates = {
    {"在会", State::kActive},          {"active", State::kActive},
    {"申请中", State::kApplied},       {"applied", State::kApplied},
    {"临时会员", State::kProvisional}, {"provisional", State::kProvisional},
    {"保留会籍", State::kRetained},    {"retained", State::kRetained}};

// The values a column accepts, as the template's sheet of allowed values lists them.
// The Chinese names for a Chinese message, the ASCII ones for an English one.
template <class Map>
std::string AllowedValues(const Map& map, bool chinese) {
  std::string out;
  for (const auto& [name, value] : map) {
    const bool ascii = static_cast<unsigned char>(name[0]) < 0x80;
    if (ascii == chinese) continue;
    out += (out.empty() ? "" : chinese ? "、" : ", ") + name;
  }
  return out;
}

// A date as typed ("2020-05-01", "2020/5/1") or as an Excel serial number ("43952").
std::optional<std::string> ParseSince(const std::string& text) {
  if (auto date = ParseLooseDate(text)) return FormatDate(*date);
  return std::nullopt;
}

// Where each column of kFileColumns is in `header`, by its name or one of its aliases (-1:
// absent; the first matching column when several do).
ColumnMap FindColumns(const io::TableRow& header) {
  ColumnMap columns;
  columns.fill(-1);
  for (size_t i = 0; i < kFileColumns.size(); ++i) {
    for (size_t column = 0; column < header.size() && columns[i] < 0; ++column) {
      const std::string_view name = io::TrimHeaderName(header[column]);
      if (name.empty()) continue;
      bool match = name == kFileColumns[i];
      for (std::string_view alias : kFileColumnAliases[i]) match = match || name == alias;
      if (match) columns[i] = static_cast<int>(column);
    }
  }
  return columns;
}

// Finds each column of the file; fails when a required one is missing.
Result<ColumnMap> MapHeader(const io::TableRow& header) {
  const ColumnMap columns = FindColumns(header);
  std::string missing;
  for (int required : {kName, kIdNumber, kOrg}) {
    if (columns[required] < 0) {
      missing += std::string(missing.empty() ? "" : "、") + std::string(kFileColumns[required]);
    }
  }
  if (!missing.empty()) {
    return Invalid(
        "file",
        "文件缺少必需的列：" + missing + "。请使用导入模板的表头（“填写说明”页列出可用的列名）",
        "The file lacks required columns: " + missing +
            ". Use the headers of the import template (its instructions sheet lists the names "
            "accepted)");
  }
  return columns;
}

struct ParsedRow {
  int64_t line = 0;
  io::TableRow cells;
  Member member;
  std::optional<std::string> given_card;  // as the file gives it (a retried batch starts again)
  SearchKeys keys;  // made here, on the reading thread, to spare the storing one
  std::vector<std::string> reasons;
};

class Importer {
 public:
  Importer(db::Database& db, const Actor& a, const ImportOptions& o, int64_t job_id)
      : db_(db), actor_(a), options_(o), job_id_(job_id) {}

  void SetColumns(const ColumnMap& columns) { columns_ = columns; }

  // A row the reader could not read whole: rejected with the reader's reason.
  static ParsedRow Faulted(int64_t line, io::TableRow cells, const Error& fault) {
    ParsedRow r{line, std::move(cells), {}, {}, {}, {Reason(fault)}};
    return r;
  }

  // Validates one row against itself and the rows before it (reading the unions it names).
  ParsedRow Parse(int64_t line, io::TableRow cells) {
    ParsedRow r{line, std::move(cells), {}, {}, {}, {}};
    const auto& c = r.cells;
    if (Opt(c, columns_[kName]).value_or("").starts_with(kExampleMark)) {
      r.reasons.push_back(Reason("这是导入模板中的示例行，未导入；请删除或改写为真实会员",
                                 "This is the template's example row, left out; delete it or "
                                 "write a real member over it"));
      return r;
    }
    MemberInput in;
    in.name = Opt(c, columns_[kName]).value_or("");
    in.id_number = Opt(c, columns_[kIdNumber]).value_or("");
    in.phone = Opt(c, columns_[kPhone]);
    in.ethnicity = Opt(c, columns_[kEthnicity]);
    in.education = Opt(c, columns_[kEducation]);
    in.skill_level = Opt(c, columns_[kSkill]);
    in.employer = Opt(c, columns_[kEmployer]);
    in.employer_credit_code = Opt(c, columns_[kCredit]);
    auto mapped = [&](auto& map, int col, const char* zh, const char* en) {
      auto v = Code(c, columns_[col]);
      auto m = Lookup(map, v);
      if (v && !m) {
        r.reasons.push_back(Reason(std::string(zh) + "“" + Utf8Truncate(*v, 20) +
                                       "”无法识别，可填：" + AllowedValues(map, true),
                                   std::string(en) + " '" + Utf8Truncate(*v, 20) +
                                       "' is not recognised; write one of " +
                                       AllowedValues(map, false)));
      }
      return m;
    };
    in.hukou = mapped(kHukouNames, kHukou, "户籍类型", "Household registration");
    in.migrant_worker = mapped(kYesNo, kMigrant, "是否农民工", "Migrant worker");
    in.employment_form = mapped(kForms, kForm, "就业形态", "Employment form");
    auto state = mapped(kStates, kState, "会籍状态", "Membership state");
    for (const Error& e : ValidateInput(in, &r.member)) r.reasons.push_back(Reason(e));
    r.member.state = state.value_or(State::kActive);
    if (auto since = Code(c, columns_[kSince])) {
      r.member.member_since = ParseSince(*since);
      if (!r.member.member_since) {
        r.reasons.push_back(
            Reason("入会日期“" + Utf8Truncate(*since, 20) +
                       "”不是有效日期，请写成 年-月-日，如 2020-05-01",
                   "Membership date '" + Utf8Truncate(*since, 20) +
                       "' is not a valid date; write year-month-day, e.g. 2020-05-01"));
      }
    } else if (r.member.state == State::kActive) {
      r.member.member_since = FormatDate(TodayInShanghai());
    }
    r.given_card = Code(c, columns_[kCard]);
    r.member.card_number = r.given_card;
    if (r.member.state == State::kRetained) r.member.retained_reason = "other";
    ResolveOrg(Opt(c, columns_[kOrg]), r);
    if (r.reasons.empty()) CheckDuplicateInFile(r);
    if (r.reasons.empty()) r.keys = KeysOf(r.member.name);
    return r;
  }

  // Stores one batch in one transaction. New people go in with one bulk insert that skips
  // whoever is already there; only those skipped are looked up, to tell an unchanged or updated
  // record from a conflict.
  void Store(db::Connection& conn, std::vector<ParsedRow>& batch, jobs::Counters& k) {
    std::vector<ParsedRow*> good;
    for (auto& r : batch) {
      if (r.reasons.empty()) good.push_back(&r);
    }
    // In ID order: neighbouring keys share the index pages the insert walks.
    std::sort(good.begin(), good.end(), [](const ParsedRow* a, const ParsedRow* b) {
      return a->member.id_number < b->member.id_number;
    });
    int64_t added = 0, updated = 0, unchanged = 0;
    db::WithTransaction(conn, [&] {
      added = updated = unchanged = 0;
      for (ParsedRow* r : good) r->reasons.clear();  // a retried transaction starts again
      const std::vector<int64_t> ids = conn.TakeIds("members", static_cast<int64_t>(good.size()));
      std::vector<store::NewMember> fresh;
      fresh.reserve(good.size());
      for (size_t i = 0; i < good.size(); ++i) {
        Member& m = good[i]->member;
        m.id = ids[i];
        m.card_number = good[i]->given_card;
        if (m.state == State::kActive && !m.card_number) m.card_number = CardNumber(m);
        fresh.push_back({&m, &good[i]->keys});
      }
      const std::vector<bool> inserted = store::InsertNew(conn, fresh, actor_.principal, Source());
      std::vector<ParsedRow*> skipped;
      std::vector<std::string> skipped_ids;
      for (size_t i = 0; i < good.size(); ++i) {
        if (inserted[i]) {
          ++added;
        } else {
          skipped.push_back(good[i]);
          skipped_ids.push_back(good[i]->member.id_number);
        }
      }
      std::unordered_map<std::string, Member> existing;
      for (auto& m : store::GetByIdNumbers(conn, skipped_ids)) existing.emplace(m.id_number, m);
      for (ParsedRow* r : skipped) {
        auto it = existing.find(r->member.id_number);
        if (it == existing.end()) {
          // Not the person: the card number, then, is someone else's.
          r->reasons.push_back(Reason(
              "会员卡号 " + r->member.card_number.value_or("") + " 已被他人使用",
              "Card number " + r->member.card_number.value_or("") + " belongs to someone else"));
          continue;
        }
        const Member& old = it->second;
        if (auto clash = ClashWith(old, r->member)) {
          r->reasons.push_back(*clash);
          continue;
        }
        if (options_.update && Differs(old, r->member)) {
          Member changed = r->member;
          changed.id = old.id;
          store::UpdateProfile(conn, changed);
          ++updated;
        } else {
          ++unchanged;
        }
      }
      if (added > 0 || updated > 0) {
        auto e = auth::AuditBy(actor_.principal, "member.import", "job", std::to_string(job_id_),
                               actor_.request_id);
        e.detail = "{\"inserted\":" + std::to_string(added) + "}";
        auth::Audit(conn, e);
      }
    });
    k.accepted_rows += added;
    k.updated_rows += updated;
    k.unchanged_rows += unchanged;
    for (auto& r : batch) {
      if (!r.reasons.empty()) ++k.rejected_rows;
    }
    k.processed_rows += static_cast<int64_t>(batch.size());
  }

  // Why a row may not go to the record already held for the same person, if it may not: the
  // person is registered with another union (nullopt: the same union — unchanged or updated).
  static std::optional<std::string> ClashWith(const Member& old, const Member& row) {
    if (old.org_id == row.org_id) return std::nullopt;
    if (MayJoinAgain(old.state)) {
      return Reason(
          "此人曾在“" + old.org_name + "”登记，现已不在会；请在会员页面“新增会员”为其重新入会",
          "This person left '" + old.org_name +
              "'; add them on the members page to let them join again");
    }
    return Reason(
        "此人已是“" + old.org_name + "”的会员，一人只能有一条记录；如需变更请办理会籍接转",
        "This person is already a member of '" + old.org_name +
            "'; one person has one record — use a transfer");
  }

 private:
  std::string Source() const { return "批量导入 #" + std::to_string(job_id_); }

  static bool Differs(const Member& a, const Member& b) {
    return a.phone != b.phone || a.ethnicity != b.ethnicity || a.education != b.education ||
           a.skill_level != b.skill_level || a.hukou != b.hukou ||
           a.migrant_worker != b.migrant_worker || a.employment_form != b.employment_form ||
           a.employer != b.employer || a.employer_credit_code != b.employer_credit_code;
  }

  void ResolveOrg(const std::optional<std::string>& name, ParsedRow& r) {
    if (!name) {
      r.reasons.push_back(Reason("所属工会为空", "The union column is empty"));
      return;
    }
    auto it = orgs_.find(*name);
    if (it == orgs_.end()) it = orgs_.emplace(*name, FindOrg(*name)).first;
    if (!it->second) {
      r.reasons.push_back(Reason(it->second.error()));
      return;
    }
    r.member.org_id = it->second->id;
    r.member.org_name = it->second->name;
    r.member.province_code = it->second->province_code;
  }

  // The union a row names: by its name, its unified social credit code, or its number.
  Result<orgs::Org> FindOrg(const std::string& name) {
    auto conn = db_.Acquire();
    const auto scope = actor_.ScopeFor(kImport);
    auto code = ParseCreditCode(name);
    std::vector<orgs::Org> found = code ? orgs::FindOrgsByCreditCode(*conn, scope, *code)
                                        : orgs::FindOrgsByName(*conn, scope, name);
    int64_t id = 0;
    auto [p, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
    if (found.empty() && ec == std::errc() && p == name.data() + name.size()) {
      if (auto org = orgs::FindOrg(*conn, scope, id)) found.push_back(*org);
    }
    if (found.size() == 1) return found[0];
    if (found.size() > 1) {
      return Invalid("org", "有多个工会名为“" + name + "”，请改填工会的统一社会信用代码或编号",
                     "Several unions are named '" + name +
                         "'; give the union's credit code or number instead");
    }
    const auto everywhere = code ? orgs::FindOrgsByCreditCode(*conn, auth::DataScope::All(), *code)
                                 : orgs::FindOrgsByName(*conn, auth::DataScope::All(), name);
    if (!everywhere.empty()) {
      return Fail(ErrorCode::kForbidden, "工会“" + name + "”不在您的管辖范围内，不能导入",
                  "The union '" + name + "' is outside your scope; you cannot import into it");
    }
    if (code) {
      return Invalid("org", "未找到统一社会信用代码为 " + *code + " 的工会",
                     "No union has the credit code " + *code);
    }
    return Invalid("org",
                   "未找到工会“" + Utf8Truncate(name, 40) +
                       "”，请填写系统中的工会全称、统一社会信用代码或编号",
                   "No union named '" + Utf8Truncate(name, 40) +
                       "'; write the union's full name as in the system, its credit code or its "
                       "number");
  }

  // Names repeat: their search keys are made once each.
  const SearchKeys& KeysOf(const std::string& name) {
    if (auto it = keys_.find(name); it != keys_.end()) return it->second;
    if (keys_.size() >= kKeyCacheSize) keys_.clear();
    return keys_.emplace(name, MakeSearchKeys(name)).first->second;
  }

  // A valid ID number as a number: its first 17 digits (the 18th is their check character).
  static uint64_t IdKey(const std::string& id_number) {
    uint64_t key = 0;
    std::from_chars(id_number.data(), id_number.data() + 17, key);
    return key;
  }

  void CheckDuplicateInFile(ParsedRow& r) {
    auto [it, inserted] = seen_ids_.emplace(IdKey(r.member.id_number), r.line);
    if (!inserted) {
      r.reasons.push_back(Reason("身份证号与第 " + std::to_string(it->second) + " 行重复",
                                 "The ID number repeats row " + std::to_string(it->second)));
    }
    if (r.member.card_number) {
      auto [cit, card_new] = seen_cards_.emplace(*r.member.card_number, r.line);
      if (!card_new) {
        r.reasons.push_back(Reason("会员卡号与第 " + std::to_string(cit->second) + " 行重复",
                                   "The card number repeats row " + std::to_string(cit->second)));
      }
    }
  }

  db::Database& db_;
  const Actor& actor_;
  ImportOptions options_;
  int64_t job_id_;
  ColumnMap columns_{};
  std::unordered_map<std::string, Result<orgs::Org>> orgs_;
  static constexpr size_t kKeyCacheSize = 100'000;
  std::unordered_map<std::string, SearchKeys> keys_;
  std::unordered_map<uint64_t, int64_t> seen_ids_;
  std::unordered_map<std::string, int64_t> seen_cards_;
};

bool Blank(const io::TableRow& row) {
  for (const auto& cell : row) {
    if (!TrimSpaces(cell).empty()) return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> MissingColumns(const io::TableRow& header) {
  const ColumnMap columns = FindColumns(header);
  std::vector<std::string> missing;
  for (size_t i = 0; i < kFileColumns.size(); ++i) {
    if (columns[i] < 0) missing.emplace_back(kFileColumns[i]);
  }
  return missing;
}

Result<void> CheckHeader(const io::TableRow& header) {
  ZJ_TRY(MapHeader(header));
  return {};
}

Result<TableScan> ScanTable(std::string_view bytes) {
  ZJ_ASSIGN_OR_RETURN(auto reader, io::OpenTable(std::string(bytes)));
  io::TableRow row;
  int64_t line = 0;
  auto more = (reader)->Next(&row, &line);
  if (!more) return std::unexpected(more.error());
  if (!*more) return Invalid("file", "文件是空的", "The file is empty");
  if (const auto& fault = (reader)->RowFault()) return std::unexpected(*fault);
  ZJ_TRY(CheckHeader(row));
  TableScan scan;
  for (;;) {
    more = (reader)->Next(&row, &line);
    if (!more) return std::unexpected(more.error());
    if (!*more) return scan;
    if ((reader)->RowFault() || !Blank(row)) {
      ++scan.data_rows;
    } else {
      ++scan.blank_rows;
    }
  }
}

int64_t ImportBatchRows(int64_t total_rows, db::Engine engine) {
  return std::clamp(
      total_rows / 10, kMinImportBatchRows,
      engine == db::Engine::kSqlite ? kMaxImportBatchRowsSqlite : kMaxImportBatchRowsPostgres);
}

// Files of at least this many rows into a table holding fewer than half as many rebuild the
// search indexes at the end instead of updating them row by row.
constexpr int64_t kDeferIndexesRows = 50'000;

Result<jobs::Counters> ImportMembers(db::Database& db, const Actor& a, io::TableReader& reader,
                                     int64_t total_rows, const ImportOptions& options,
                                     const ImportSink& sink, int64_t job_id) {
  Importer importer(db, a, options, job_id);
  io::TableRow row;
  int64_t line = 0;
  auto more = reader.Next(&row, &line);
  if (!more) return std::unexpected(more.error());
  if (!*more) return Invalid("file", "文件是空的", "The file is empty");
  if (const auto& fault = reader.RowFault()) return std::unexpected(*fault);
  ZJ_ASSIGN_OR_RETURN(auto columns, MapHeader(row));
  importer.SetColumns(columns);
  if (sink.header) sink.header(row);
  jobs::Counters k;
  k.total_rows = total_rows;
  // Each lane is a connection that stores batches, set up for a bulk load while the import lasts.
  // PostgreSQL stores two batches at once (its server does most of the work and has the cores
  // for both); SQLite has one writer.
  struct Lane {
    db::PooledConnection conn;
    std::future<void> storing;
    explicit Lane(db::Database& db) : conn(db.Acquire()) { conn->SetBulkLoad(true); }
    void Wait() {
      if (storing.valid()) storing.get();  // rethrows what the store thread threw
    }
    ~Lane() {
      if (storing.valid()) storing.wait();
      try {
        conn->SetBulkLoad(false);
      } catch (const std::exception&) {
        // The connection goes back to the pool, which drops a broken one.
      }
    }
  };
  std::vector<std::unique_ptr<Lane>> lanes;
  const size_t lane_count = db.engine() == db::Engine::kPostgres ? 2 : 1;
  for (size_t i = 0; i < lane_count; ++i) lanes.push_back(std::make_unique<Lane>(db));
  // Loading into a table much smaller than the file: the search indexes go, and come back built
  // in one sort each at the end, whatever happens in between (at start-up too, after a crash).
  struct Rebuild {
    std::vector<std::unique_ptr<Lane>>& lanes;
    bool on = false;
    ~Rebuild() {
      if (!on) return;
      try {
        for (auto& lane : lanes) {
          if (lane->storing.valid()) lane->storing.wait();
        }
        const auto started = std::chrono::steady_clock::now();
        store::EnsureSearchIndexes(*lanes[0]->conn);
        lanes[0]->conn->RefreshStatistics("members");
        spdlog::info(
            "member search indexes rebuilt in {:.2f} s",
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      } catch (const std::exception&) {
        // Start-up builds the indexes again; a failed build must not mask the import's outcome.
      }
    }
  } rebuild{lanes};
  if (total_rows >= kDeferIndexesRows) {
    db::Connection& conn = *lanes[0]->conn;
    const int64_t existing =
        conn.Scalar("SELECT COUNT(*) FROM (SELECT 1 FROM members LIMIT ?) s", {total_rows / 2})
            ->AsInt();
    if (existing < total_rows / 2) {
      store::DropSearchIndexes(conn);
      rebuild.on = true;
    }
  }
  const int64_t batch_rows =
      options.batch_rows > 0 ? options.batch_rows : ImportBatchRows(total_rows, db.engine());
  std::vector<ParsedRow> batch;
  batch.reserve(static_cast<size_t>(batch_rows));
  int64_t batches = 0;
  std::mutex report;  // the counters and the sink, shared by the lanes
  // Stores one batch on a lane's thread, while this one reads and checks the next. Parse and
  // Store share no state.
  auto store = [&](Lane* lane, std::vector<ParsedRow> rows) {
    jobs::Counters done;
    importer.Store(*lane->conn, rows, done);
    std::vector<jobs::RowError> errors;
    for (auto& r : rows) {
      if (!r.reasons.empty()) errors.push_back({r.line, std::move(r.cells), std::move(r.reasons)});
    }
    std::lock_guard lock(report);
    k.accepted_rows += done.accepted_rows;
    k.updated_rows += done.updated_rows;
    k.unchanged_rows += done.unchanged_rows;
    k.rejected_rows += done.rejected_rows;
    k.processed_rows += done.processed_rows;
    // Each time the table may have doubled, let the planner know (cached plans of a small table
    // would scan it whole).
    if (++batches <= 1024 && (batches & (batches - 1)) == 0) {
      lane->conn->RefreshStatistics("members");
      lane->conn->RefreshStatistics("member_events");
    }
    if (!errors.empty() && sink.rejected) sink.rejected(errors);
    if (sink.progress) sink.progress(k);
  };
  size_t next_lane = 0;
  auto wait = [&] {
    for (auto& lane : lanes) lane->Wait();
  };
  auto flush = [&] {
    Lane* lane = lanes[next_lane++ % lanes.size()].get();
    lane->Wait();
    lane->storing = std::async(std::launch::async, store, lane, std::move(batch));
    batch = {};
    batch.reserve(static_cast<size_t>(batch_rows));
  };
  for (;;) {
    more = reader.Next(&row, &line);
    if (!more) {
      // A row the reader cannot read ends the import; rows before it are kept.
      if (!batch.empty()) flush();
      wait();
      return std::unexpected(more.error());
    }
    if (!*more) break;
    if (const auto& fault = reader.RowFault()) {
      batch.push_back(Importer::Faulted(line, std::move(row), *fault));
    } else if (Blank(row)) {
      continue;
    } else {
      batch.push_back(importer.Parse(line, std::move(row)));
    }
    row = {};
    if (static_cast<int64_t>(batch.size()) >= batch_rows) {
      flush();
      // Cancelling waits for the batch in flight: no batch is ever half written.
      if (sink.cancelled && sink.cancelled()) {
        wait();
        return k;
      }
    }
  }
  if (!batch.empty()) flush();
  wait();
  if (total_rows > 0 && k.processed_rows != total_rows) {
    // The file was scanned whole before: a difference is a bug, not a property of the file.
    throw std::logic_error("import read " + std::to_string(k.processed_rows) +
                           " data rows where the scan counted " + std::to_string(total_rows));
  }
  k.total_rows = k.processed_rows;
  return k;
}

Result<ImportPreview> PreviewImport(db::Database& db, const Actor& a, std::string bytes) {
  ZJ_ASSIGN_OR_RETURN(auto reader, io::OpenTable(std::move(bytes)));
  io::TableReader& table = *reader;
  ImportPreview p;
  p.format = table.Format();
  p.encoding = table.Encoding();
  io::TableRow row;
  int64_t line = 0;
  auto more = table.Next(&row, &line);
  if (!more) return std::unexpected(more.error());
  if (!*more) return Invalid("file", "文件是空的", "The file is empty");
  p.header = row;
  p.missing_headers = MissingColumns(row);
  auto columns = MapHeader(row);
  if (table.RowFault()) p.problem = *table.RowFault();
  if (!columns && !p.problem) p.problem = columns.error();
  Importer importer(db, a, {}, 0);
  if (columns) importer.SetColumns(*columns);
  std::vector<ParsedRow> pending;  // checked against the registry a thousand at a time
  auto problem = [&](int64_t at, const std::vector<std::string>& reasons) {
    ++p.would_reject;
    if (p.problems.size() < kPreviewProblems) p.problems.push_back({at, reasons});
  };
  auto classify = [&] {
    std::vector<std::string> ids;
    for (const auto& r : pending) ids.push_back(r.member.id_number);
    std::unordered_map<std::string, Member> existing;
    {
      auto conn = db.Acquire();
      for (auto& m : store::GetByIdNumbers(*conn, ids)) existing.emplace(m.id_number, m);
    }
    for (auto& r : pending) {
      auto it = existing.find(r.member.id_number);
      if (it == existing.end()) {
        ++p.would_add;
      } else if (auto clash = Importer::ClashWith(it->second, r.member)) {
        problem(r.line, {*clash});
      } else {
        ++p.would_keep;
      }
    }
    pending.clear();
  };
  for (;;) {
    more = table.Next(&row, &line);
    if (!more) {
      p.problem = more.error();  // the rest cannot be read: the import would write nothing
      return p;
    }
    if (!*more) break;
    const auto& fault = table.RowFault();
    if (!fault && Blank(row)) {
      ++p.blank_rows;
      continue;
    }
    ++p.data_rows;
    if (p.first_rows.size() < kPreviewRows) p.first_rows.push_back({line, row});
    if (fault) {
      problem(line, {Reason(*fault)});
      continue;
    }
    if (!columns) continue;
    ParsedRow parsed = importer.Parse(line, std::move(row));
    row = {};
    if (!parsed.reasons.empty()) {
      problem(line, parsed.reasons);
      continue;
    }
    pending.push_back(std::move(parsed));
    if (pending.size() >= 1000) classify();
  }
  if (!pending.empty()) classify();
  return p;
}

}  // namespace zj::members

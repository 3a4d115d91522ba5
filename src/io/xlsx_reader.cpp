#include "io/xlsx_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <deque>
#include <optional>
#include <vector>

#include "base/text.h"
#include "io/xlsx_archive.h"

namespace zj::io {
namespace {

// Uncompressed sheet bytes parsed at a time.
constexpr int kSheetChunkBytes = 64 * 1024;
// Uncompressed bytes of workbook.xml and of its relationships: a few KiB in real files.
constexpr std::int64_t kMaxWorkbookPartBytes = 16 << 20;
// Relationships and sheets kept from workbook.xml and its relationships.
constexpr std::size_t kMaxWorkbookEntries = 10'000;
// Strings in the shared strings table (each costs 4 bytes of offsets beyond its text).
constexpr std::size_t kMaxSharedStrings = 64'000'000;
// "XFD" is Excel's last column; more letters is not a cell reference.
constexpr int kMaxColumnLetters = 3;
// Digits of a row number: enough for any limit, few enough never to overflow.
constexpr std::size_t kMaxRowDigits = 10;

template <class T>
T* Self(void* parser) {
  return static_cast<T*>(XML_GetUserData(static_cast<XML_Parser>(parser)));
}

void Stop(void* parser) { XML_StopParser(static_cast<XML_Parser>(parser), XML_FALSE); }

// ---- Which part is the first worksheet ----------------------------------------------------

struct Relationship {
  std::string id, type, target;
};

struct WorkbookParts {
  std::vector<Relationship> relationships;  // of xl/workbook.xml
  std::vector<std::string> sheet_ids;       // relationship ids of its <sheet>s, in order
};

void XMLCALL RelationshipStart(void* parser, const XML_Char* name, const XML_Char** attributes) {
  auto* parts = Self<WorkbookParts>(parser);
  if (LocalName(name) != "Relationship" || parts->relationships.size() >= kMaxWorkbookEntries) {
    return;
  }
  const XML_Char* id = Attribute(attributes, "Id");
  const XML_Char* type = Attribute(attributes, "Type");
  const XML_Char* target = Attribute(attributes, "Target");
  if (id && type && target) parts->relationships.push_back({id, type, target});
}

void XMLCALL WorkbookStart(void* parser, const XML_Char* name, const XML_Char** attributes) {
  auto* parts = Self<WorkbookParts>(parser);
  if (LocalName(name) != "sheet" || parts->sheet_ids.size() >= kMaxWorkbookEntries) return;
  if (const XML_Char* id = Attribute(attributes, "id")) parts->sheet_ids.emplace_back(id);
}

Result<void> ParseWorkbookPart(zip_t* zip, const std::string& name, WorkbookParts* parts,
                               XML_StartElementHandler start) {
  if (!HasEntry(zip, name)) return {};
  XmlParserPtr parser = NewXmlParser(parts);
  XML_SetStartElementHandler(parser.get(), start);
  std::int64_t budget = kMaxWorkbookPartBytes;
  return ParseEntry(zip, name, parser.get(), &budget, kMaxWorkbookPartBytes, std::nullopt);
}

// A relationship target relative to xl/ (or absolute in the package) as an entry name.
std::string EntryName(std::string_view target) {
  if (target.starts_with('/')) return std::string(target.substr(1));
  return "xl/" + std::string(target);
}

struct PartNames {
  std::string sheet;
  std::string shared_strings;  // "" if the workbook has none
};

Result<PartNames> FindParts(zip_t* zip) {
  WorkbookParts parts;
  ZJ_TRY(ParseWorkbookPart(zip, "xl/_rels/workbook.xml.rels", &parts, RelationshipStart));
  ZJ_TRY(ParseWorkbookPart(zip, "xl/workbook.xml", &parts, WorkbookStart));
  PartNames names;
  for (const std::string& id : parts.sheet_ids) {
    for (const Relationship& rel : parts.relationships) {
      if (rel.id == id && rel.type.ends_with("/worksheet")) names.sheet = EntryName(rel.target);
    }
    if (!names.sheet.empty()) break;
  }
  if (names.sheet.empty()) names.sheet = "xl/worksheets/sheet1.xml";
  if (!HasEntry(zip, names.sheet)) {
    return Invalid("file", "xlsx 文件里没有工作表，或工作表已损坏。请用 Excel 重新保存后再上传。",
                   "The .xlsx file holds no worksheet, or it is damaged. Save it again from Excel "
                   "and upload it again.");
  }
  for (const Relationship& rel : parts.relationships) {
    if (rel.type.ends_with("/sharedStrings") && HasEntry(zip, EntryName(rel.target))) {
      names.shared_strings = EntryName(rel.target);
    }
  }
  if (names.shared_strings.empty() && HasEntry(zip, "xl/sharedStrings.xml")) {
    names.shared_strings = "xl/sharedStrings.xml";
  }
  return names;
}

// ---- The shared strings table --------------------------------------------------------------

// The strings in blocks of kBlockBytes — a string never spans two, and nothing is copied to grow,
// so that the table never holds twice its size for a moment — and a reference to each. The
// memory is leased from the process's budget as it grows. A string longer than the cell limit is
// kept one byte over it, so that using it faults its row.
struct SharedStrings {
  static constexpr std::size_t kBlockBytes = 1 << 20;
  static constexpr std::size_t kRefsPerLease = 4096;
  struct Ref {
    std::uint32_t block = 0, offset = 0, length = 0;
  };
  std::vector<std::unique_ptr<char[]>> blocks;
  std::size_t used = 0;  // bytes used in the last block
  std::deque<Ref> refs;
  Ref current;  // the string being read
  std::int64_t max_bytes = 0;
  SharedStringsBudget::Lease lease;  // the bytes the table may hold, from the process's pool
  bool in_string = false;
  bool in_text = false;
  int phonetic_depth = 0;  // inside <rPh>: a reading guide, not part of the text
  std::optional<Error> error;

  bool Lease(std::int64_t more, void* parser) {
    if (auto ok = lease.Extend(lease.bytes() + more); !ok) {
      error = ok.error();
      Stop(parser);
      return false;
    }
    return true;
  }

  // Appends to the string being read, moving it to a new block when the last one is full.
  bool Append(const char* text, std::size_t n, void* parser) {
    if (blocks.empty() || used + n > kBlockBytes) {
      if (!Lease(kBlockBytes, parser)) return false;
      auto block = std::make_unique<char[]>(kBlockBytes);
      if (!blocks.empty())
        std::memcpy(block.get(), blocks.back().get() + current.offset, current.length);
      blocks.push_back(std::move(block));
      current.block = static_cast<std::uint32_t>(blocks.size() - 1);
      current.offset = 0;
      used = current.length;
    }
    std::memcpy(blocks.back().get() + used, text, n);
    used += n;
    current.length += static_cast<std::uint32_t>(n);
    return true;
  }

  bool Finish(void* parser) {
    if (refs.size() % kRefsPerLease == 0 &&
        !Lease(static_cast<std::int64_t>(kRefsPerLease * sizeof(Ref)), parser)) {
      return false;
    }
    refs.push_back(current);
    return true;
  }

  std::size_t size() const { return refs.size(); }
  std::string_view Get(std::size_t i) const {
    const Ref& r = refs[i];
    return std::string_view(blocks[r.block].get() + r.offset, r.length);
  }
};

void XMLCALL SharedStart(void* parser, const XML_Char* name, const XML_Char**) {
  auto* s = Self<SharedStrings>(parser);
  std::string_view local = LocalName(name);
  if (local == "si") {
    s->in_string = true;
    s->current = {static_cast<std::uint32_t>(s->blocks.empty() ? 0 : s->blocks.size() - 1),
                  static_cast<std::uint32_t>(s->used), 0};
  } else if (local == "t") {
    s->in_text = true;
  } else if (local == "rPh") {
    ++s->phonetic_depth;
  }
}

void XMLCALL SharedEnd(void* parser, const XML_Char* name) {
  auto* s = Self<SharedStrings>(parser);
  std::string_view local = LocalName(name);
  if (local == "si") {
    if (s->refs.size() >= kMaxSharedStrings) {
      s->error = DamagedXlsx(fmt::format("more than {} shared strings", kMaxSharedStrings));
      Stop(parser);
      return;
    }
    if (!s->Finish(parser)) return;
    s->in_string = false;
  } else if (local == "t") {
    s->in_text = false;
  } else if (local == "rPh") {
    --s->phonetic_depth;
  }
}

void XMLCALL SharedText(void* parser, const XML_Char* text, int length) {
  auto* s = Self<SharedStrings>(parser);
  if (!s->in_string || !s->in_text || s->phonetic_depth > 0) return;
  const auto room = s->max_bytes + 1 - static_cast<std::int64_t>(s->current.length);
  const auto n = static_cast<std::size_t>(std::clamp<std::int64_t>(room, 0, length));
  if (n > 0) s->Append(text, n, parser);
}

}  // namespace

// ---- The worksheet, streamed ---------------------------------------------------------------

struct XlsxReader::Impl {
  std::string bytes;  // the archive, when opened from memory
  ReadLimits limits;
  ZipPtr zip;
  std::int64_t budget = 0;  // uncompressed bytes still allowed
  SharedStrings shared;
  ZipEntry sheet;
  XmlParserPtr parser;
  std::optional<Error> error;  // sticky: set by a handler or a failed step

  // Parsing.
  bool suspended = false;     // stopped after a row, with input left in expat's buffer
  bool final_passed = false;  // the end of the sheet was given to expat
  bool finished = false;
  // The row being read, or read and not yet returned.
  TableRow cells;
  std::int64_t row_number = 0;
  std::int64_t last_row = 0;  // the number of the last <row> read
  std::int64_t emitted = 0;   // the number of the last row returned
  bool row_ready = false;
  // The cell being read.
  std::int64_t column = -1;
  std::string cell_ref;
  char cell_type = 'n';
  bool has_value = false;
  bool in_value = false;
  bool in_inline = false;
  bool in_text = false;
  int phonetic_depth = 0;
  std::string text;
  bool skip_cell = false;            // beyond the column limit: read, then dropped
  std::optional<Error> row_fault;    // why the row being read cannot be used
  std::optional<Error> ready_fault;  // that of the row read and not yet returned

  void FaultRow(Error e) {
    if (!row_fault) row_fault = std::move(e);
  }
  void Fail(Error e, void* parser_arg) {
    if (!error) error = std::move(e);
    Stop(parser_arg);
  }
  Error CellTooLong() const {
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("第 {} 行的单元格 {} 内容超过 {} KiB，这一行未导入", row_number,
                             cell_ref, limits.max_cell_bytes / 1024),
                 fmt::format("Row {}, cell {}: the cell is longer than {} KiB; the row is left out",
                             row_number, cell_ref, limits.max_cell_bytes / 1024),
                 "file"};
  }
  Result<void> Open();
  Result<void> Advance();
  void StartRow(const XML_Char** attributes, void* parser_arg);
  void StartCell(const XML_Char** attributes, void* parser_arg);
  void EndCell(void* parser_arg);
};

namespace {

Error TooManyRows(std::int64_t limit) {
  return Error{
      ErrorCode::kPayloadTooLarge, fmt::format("工作表超过 {} 行，请拆分成几个文件分批导入", limit),
      fmt::format("The worksheet has more than {} rows; split it and import the parts", limit),
      "file"};
}

// The 0-based column of a reference like "C7", or -1 if it does not start with 1–3 letters.
std::int64_t ColumnOf(std::string_view ref) {
  std::int64_t column = 0;
  int letters = 0;
  for (char c : ref) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    if (++letters > kMaxColumnLetters) return -1;
    column = column * 26 + (c - 'A' + 1);
  }
  return letters == 0 ? -1 : column - 1;
}

void XMLCALL SheetStart(void* parser, const XML_Char* name, const XML_Char** attributes) {
  auto* s = Self<XlsxReader::Impl>(parser);
  if (s->error) return;
  std::string_view local = LocalName(name);
  if (local == "c") {
    s->StartCell(attributes, parser);
  } else if (local == "v") {
    s->in_value = s->has_value = true;
  } else if (local == "is") {
    s->in_inline = s->has_value = true;
  } else if (local == "t") {
    s->in_text = true;
  } else if (local == "rPh") {
    ++s->phonetic_depth;
  } else if (local == "row") {
    s->StartRow(attributes, parser);
  }
}

void XMLCALL SheetEnd(void* parser, const XML_Char* name) {
  auto* s = Self<XlsxReader::Impl>(parser);
  if (s->error) return;
  std::string_view local = LocalName(name);
  if (local == "c") {
    s->EndCell(parser);
  } else if (local == "v") {
    s->in_value = false;
  } else if (local == "is") {
    s->in_inline = false;
  } else if (local == "t") {
    s->in_text = false;
  } else if (local == "rPh") {
    --s->phonetic_depth;
  } else if (local == "row") {
    s->row_ready = true;
    s->ready_fault = std::move(s->row_fault);
    s->row_fault.reset();
    s->last_row = s->row_number;
    XML_StopParser(static_cast<XML_Parser>(parser), XML_TRUE);  // one row per step
  }
}

void XMLCALL SheetText(void* parser, const XML_Char* text, int length) {
  auto* s = Self<XlsxReader::Impl>(parser);
  if (s->error) return;
  if (!s->in_value && !(s->in_inline && s->in_text && s->phonetic_depth == 0)) return;
  if (s->skip_cell) return;
  const auto room = std::max<std::int64_t>(s->limits.max_cell_bytes - std::ssize(s->text), 0);
  std::string_view piece(text, static_cast<std::size_t>(length));
  if (length > room) {
    s->FaultRow(s->CellTooLong());
    piece = Utf8Prefix(piece, static_cast<std::size_t>(room));  // whole characters only
  }
  s->text.append(piece);
}

}  // namespace

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Excel writes a character XML cannot hold (a control character) as "_xHHHH_", and a literal
// "_x" as "_x005F_x" (ECMA-376 ST_Xstring): undone here, so that the row checks see what the
// cell really holds.
void UnescapeXstring(std::string* text) {
  if (text->find("_x") == std::string::npos) return;
  std::string out;
  out.reserve(text->size());
  for (std::size_t i = 0; i < text->size(); ++i) {
    if (i + 7 <= text->size() && (*text)[i] == '_' && (*text)[i + 1] == 'x' &&
        (*text)[i + 6] == '_') {
      int code = 0;
      bool hex = true;
      for (std::size_t k = 2; k < 6; ++k) {
        const int v = HexValue((*text)[i + k]);
        hex = hex && v >= 0;
        code = code * 16 + std::max(v, 0);
      }
      if (hex && code < 0x80) {
        out.push_back(static_cast<char>(code));
        i += 6;
        continue;
      }
    }
    out.push_back((*text)[i]);
  }
  text->swap(out);
}

}  // namespace

void XlsxReader::Impl::StartRow(const XML_Char** attributes, void* parser_arg) {
  std::int64_t number = last_row + 1;
  if (const XML_Char* r = Attribute(attributes, "r")) {
    std::string_view digits(r);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (ec != std::errc() || end != digits.data() + digits.size() ||
        digits.size() > kMaxRowDigits || number <= last_row) {
      Fail(DamagedXlsx(fmt::format("row number \"{}\" after row {}", digits, last_row)),
           parser_arg);
      return;
    }
  }
  if (number > limits.max_rows) {
    Fail(TooManyRows(limits.max_rows), parser_arg);
    return;
  }
  row_number = number;
  cells.clear();
  column = -1;
}

void XlsxReader::Impl::StartCell(const XML_Char** attributes, void* parser_arg) {
  const XML_Char* ref = Attribute(attributes, "r");
  column = ref ? ColumnOf(ref) : column + 1;
  cell_ref = ref ? ref : fmt::format("#{}", column + 1);
  if (column < 0) {
    Fail(DamagedXlsx(fmt::format("cell reference \"{}\" in row {}", cell_ref, row_number)),
         parser_arg);
    return;
  }
  skip_cell = column >= limits.max_columns;
  if (skip_cell) {
    FaultRow(Error{ErrorCode::kInvalidArgument,
                   fmt::format("第 {} 行的单元格 {} 超出了第 {} 列（表格最多 {} 列），这一行未导入",
                               row_number, cell_ref, limits.max_columns, limits.max_columns),
                   fmt::format("Row {}, cell {} lies beyond column {} (a table has at most {} "
                               "columns); the row is left out",
                               row_number, cell_ref, limits.max_columns, limits.max_columns),
                   "file"});
  }
  const XML_Char* type = Attribute(attributes, "t");
  std::string_view t = type ? type : "n";
  cell_type = t == "s" ? 's' : t == "b" ? 'b' : 'n';  // other types keep their text as is
  has_value = in_value = in_inline = in_text = false;
  phonetic_depth = 0;
  text.clear();
}

void XlsxReader::Impl::EndCell(void* parser_arg) {
  if (!has_value || skip_cell) return;  // a formatted empty cell, or one past the last column
  if (cell_type == 's') {
    std::size_t index = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), index);
    if (ec != std::errc() || end != text.data() + text.size() || index >= shared.size()) {
      Fail(DamagedXlsx(fmt::format("shared string \"{}\" in cell {}", text, cell_ref)), parser_arg);
      return;
    }
    std::string_view value = shared.Get(index);
    if (std::ssize(value) > limits.max_cell_bytes) {
      FaultRow(CellTooLong());
      value = Utf8Prefix(value, static_cast<std::size_t>(limits.max_cell_bytes));
    }
    text.assign(value);
    UnescapeXstring(&text);
  } else if (cell_type == 'b') {
    if (text == "1") text = "TRUE";
    if (text == "0") text = "FALSE";
  } else {
    UnescapeXstring(&text);
  }
  auto i = static_cast<std::size_t>(column);
  if (cells.size() <= i) cells.resize(i + 1);
  cells[i].swap(text);
}

Result<void> XlsxReader::Impl::Open() {
  ZJ_ASSIGN_OR_RETURN(auto names, FindParts(zip.get()));
  budget = limits.max_xlsx_uncompressed_bytes;
  std::int64_t stated = EntrySize(zip.get(), names.sheet);
  if (!names.shared_strings.empty()) stated += EntrySize(zip.get(), names.shared_strings);
  if (stated > budget) return std::unexpected(XlsxTooLarge(budget));
  shared.max_bytes = limits.max_cell_bytes;
  if (!names.shared_strings.empty()) {
    // At most a few workbooks inflate their strings at once, whatever the uploads.
    SharedStringsBudget::Slot slot = SharedStringsBudget::Instance().Inflate();
    XmlParserPtr strings_parser = NewXmlParser(&shared);
    XML_SetElementHandler(strings_parser.get(), SharedStart, SharedEnd);
    XML_SetCharacterDataHandler(strings_parser.get(), SharedText);
    ZJ_TRY(ParseEntry(zip.get(), names.shared_strings, strings_parser.get(), &budget,
                      limits.max_xlsx_uncompressed_bytes, shared.error));
  }
  ZJ_ASSIGN_OR_RETURN(auto entry, OpenEntry(zip.get(), names.sheet));
  sheet = std::move(entry);
  parser = NewXmlParser(this);
  XML_SetElementHandler(parser.get(), SheetStart, SheetEnd);
  XML_SetCharacterDataHandler(parser.get(), SheetText);
  return {};
}

// Parses until the next row has been read, or the sheet ends, or something fails.
Result<void> XlsxReader::Impl::Advance() {
  XML_Status status;
  if (suspended) {
    status = XML_ResumeParser(parser.get());
  } else {
    void* buffer = XML_GetBuffer(parser.get(), kSheetChunkBytes);
    if (!buffer) throw std::bad_alloc();
    zip_int64_t n = zip_fread(sheet.file.get(), buffer, kSheetChunkBytes);
    if (n < 0) {
      error = DamagedXlsx(zip_file_strerror(sheet.file.get()));
      return std::unexpected(*error);
    }
    budget -= n;
    if (budget < 0) {
      error = XlsxTooLarge(limits.max_xlsx_uncompressed_bytes);
      return std::unexpected(*error);
    }
    final_passed = n == 0;
    status = XML_ParseBuffer(parser.get(), static_cast<int>(n), final_passed);
  }
  if (status == XML_STATUS_ERROR) {
    if (!error) error = XmlError(parser.get(), "worksheet");
    return std::unexpected(*error);
  }
  suspended = status == XML_STATUS_SUSPENDED;
  if (!suspended && final_passed) finished = true;
  return {};
}

XlsxReader::XlsxReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XlsxReader::~XlsxReader() = default;

Result<std::unique_ptr<XlsxReader>> XlsxReader::Open(std::string bytes, const ReadLimits& limits) {
  auto impl = std::make_unique<Impl>();
  impl->bytes = std::move(bytes);
  impl->limits = limits;
  auto zip = OpenZipBuffer(impl->bytes);
  if (!zip) return std::unexpected(zip.error());
  impl->zip = std::move(*zip);
  ZJ_TRY(impl->Open());
  return std::unique_ptr<XlsxReader>(new XlsxReader(std::move(impl)));
}

Result<std::unique_ptr<XlsxReader>> XlsxReader::OpenFile(const std::string& path,
                                                         const ReadLimits& limits) {
  auto impl = std::make_unique<Impl>();
  impl->limits = limits;
  auto zip = OpenZipFile(path);
  if (!zip) return std::unexpected(zip.error());
  impl->zip = std::move(*zip);
  ZJ_TRY(impl->Open());
  return std::unique_ptr<XlsxReader>(new XlsxReader(std::move(impl)));
}

Result<bool> XlsxReader::Next(TableRow* row, std::int64_t* line) {
  Impl& s = *impl_;
  fault_.reset();
  for (;;) {
    if (s.error) return std::unexpected(*s.error);
    if (s.row_ready) {
      if (s.row_number > s.emitted + 1) {  // a row the sheet skips
        row->clear();
      } else {
        row->swap(s.cells);
        s.row_ready = false;
        if (s.ready_fault) Fault(std::move(*s.ready_fault));
        s.ready_fault.reset();
        CheckCells(*row, s.row_number);
      }
      *line = ++s.emitted;
      return true;
    }
    if (s.finished) return false;
    ZJ_TRY(s.Advance());
  }
}

}  // namespace zj::io

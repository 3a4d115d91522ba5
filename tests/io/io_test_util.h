#pragma once
// Helpers for tests/io: encoding text as GBK, temporary files, small hand-made .xlsx archives.
#include <iconv.h>
#include <unistd.h>
#include <zip.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/byte_source.h"
#include "io/table_reader.h"

namespace zj::io::testing {

// `utf8` encoded as GB18030 (GBK for the characters GBK has).
inline std::string ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 4 + 4, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* o = out.data();
  std::size_t out_left = out.size();
  std::size_t r = iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  if (r == static_cast<std::size_t>(-1)) throw std::runtime_error("iconv");
  out.resize(out.size() - out_left);
  return out;
}

// A file name in a fresh temporary folder, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "zj_io_XXXXXX").string();
    if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp");
    path_ = templ;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }
  std::string Path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// A zip archive holding `entries` (name → content), deflated.
inline std::string MakeZip(const std::map<std::string, std::string>& entries) {
  TempDir dir;
  std::string path = dir.File("a.zip");
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (!zip) throw std::runtime_error("zip_open");
  for (const auto& [name, content] : entries) {
    zip_source_t* s = zip_source_buffer(zip, content.data(), content.size(), 0);
    if (zip_file_add(zip, name.c_str(), s, ZIP_FL_ENC_UTF_8) < 0) throw std::runtime_error("add");
  }
  if (zip_close(zip) != 0) throw std::runtime_error("zip_close");
  return ReadFile(path);
}

// A minimal workbook whose one sheet has `sheet_data` inside <sheetData>, and, if given,
// shared strings (the <si> elements).
inline std::string MakeXlsx(const std::string& sheet_data, const std::string& shared = "") {
  std::map<std::string, std::string> entries = {
      {"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"},
      {"xl/workbook.xml",
       "<?xml version=\"1.0\"?><workbook xmlns:r=\"http://schemas.openxmlformats.org/"
       "officeDocument/2006/relationships\"><sheets><sheet name=\"成员\" sheetId=\"1\" "
       "r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<?xml version=\"1.0\"?><Relationships><Relationship Id=\"rId1\" "
       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
       "Target=\"worksheets/data.xml\"/><Relationship Id=\"rId2\" "
       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
       "sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"},
      {"xl/worksheets/data.xml",
       "<?xml version=\"1.0\"?><worksheet><sheetData>" + sheet_data + "</sheetData></worksheet>"},
  };
  if (!shared.empty()) entries["xl/sharedStrings.xml"] = "<sst>" + shared + "</sst>";
  return MakeZip(entries);
}

// Every row of `reader` with its number, or the first error's English message.
struct ReadAll {
  std::vector<TableRow> rows;
  std::vector<std::int64_t> lines;
  std::string error;  // English message, "" if none
  ErrorCode code = ErrorCode::kInternal;
  std::map<std::int64_t, std::string> faults;  // line → the English reason of a faulted row
};

inline ReadAll ReadRows(TableReader& reader) {
  ReadAll all;
  TableRow row;
  std::int64_t line = 0;
  for (;;) {
    auto more = reader.Next(&row, &line);
    if (!more) {
      all.error = more.error().message_en;
      all.code = more.error().code;
      return all;
    }
    if (!*more) return all;
    all.rows.push_back(row);
    all.lines.push_back(line);
    if (const auto& fault = reader.RowFault()) all.faults[line] = fault->message_en;
  }
}

// A source that hands out `chunk` bytes at a time: to test data split across reads.
class TrickleSource final : public ByteSource {
 public:
  TrickleSource(std::string bytes, std::size_t chunk) : bytes_(std::move(bytes)), chunk_(chunk) {}
  Result<std::size_t> Read(char* out, std::size_t capacity) override {
    std::size_t n = std::min({capacity, chunk_, bytes_.size() - pos_});
    bytes_.copy(out, n, pos_);
    pos_ += n;
    return n;
  }

 private:
  std::string bytes_;
  std::size_t chunk_;
  std::size_t pos_ = 0;
};

}  // namespace zj::io::testing

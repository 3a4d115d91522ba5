#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include "io/table_reader.h"
#include "io/xlsx_reader.h"
#include "io/xlsx_writer.h"
#include "io_test_util.h"

namespace zj::io {
namespace {

using testing::MakeXlsx;
using testing::MakeZip;
using testing::ReadAll;
using testing::ReadFile;
using testing::ReadRows;
using testing::TempDir;

ReadAll ReadXlsx(std::string bytes, const ReadLimits& limits = {}) {
  auto reader = XlsxReader::Open(std::move(bytes), limits);
  if (!reader) return ReadAll{{}, {}, reader.error().message_en, reader.error().code};
  return ReadRows(**reader);
}

TEST(XlsxWriter, RoundTripKeepsChineseTextEmptyCellsAndIdNumbers) {
  TempDir dir;
  const std::string path = dir.File("members.xlsx");
  const std::vector<std::string> header = {"姓名", "身份证号", "手机号", "备注"};
  const std::vector<std::vector<std::string>> rows = {
      {"张三明", "110105194912310002", "13800138000", ""},
      {"", "11010519491231002X", "", "=1+1"},
      {},
      {"欧阳晓峰", "000123", "", "line\nbreak & <tag>"},
  };
  {
    XlsxWriter writer(path, dir.Path());
    ASSERT_TRUE(writer.AddSheet("会员"));
    const double widths[] = {10, 22, 14, 30};
    ASSERT_TRUE(writer.SetColumnWidths(widths));
    ASSERT_TRUE(writer.WriteHeader(header));
    for (const auto& row : rows) ASSERT_TRUE(writer.WriteRow(row));
    EXPECT_EQ(writer.rows(), 5);
    auto closed = writer.Close();
    ASSERT_TRUE(closed) << closed.error().message_en;
  }
  auto reader = OpenTableFile(path);
  ASSERT_TRUE(reader) << reader.error().message_en;
  EXPECT_EQ((*reader)->Format(), "xlsx");
  EXPECT_EQ((*reader)->Encoding(), "");
  ReadAll all = ReadRows(**reader);
  ASSERT_EQ(all.error, "");
  ASSERT_EQ(all.rows.size(), 5u);
  EXPECT_EQ(all.rows[0], header);
  EXPECT_EQ(all.rows[1], (TableRow{"张三明", "110105194912310002", "13800138000"}));
  EXPECT_EQ(all.rows[2], (TableRow{"", "11010519491231002X", "", "=1+1"}));
  EXPECT_TRUE(all.rows[3].empty());
  EXPECT_EQ(all.rows[4], (TableRow{"欧阳晓峰", "000123", "", "line\nbreak & <tag>"}));
  EXPECT_EQ(all.lines, (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
}

TEST(XlsxWriter, MoneyColumnsAreNumbersAndTheRestStaysText) {
  TempDir dir;
  const std::string path = dir.File("bank.xlsx");
  {
    XlsxWriter writer(path, dir.Path());
    ASSERT_TRUE(writer.AddSheet("代发明细"));
    const int money[] = {1};
    ASSERT_TRUE(writer.SetMoneyColumns(money));
    ASSERT_TRUE(writer.WriteHeader(std::vector<std::string>{"户名", "金额（元）", "账号"}));
    ASSERT_TRUE(writer.WriteRow(std::vector<std::string>{"赵大生", "3,000.00", "6222021234"}));
    ASSERT_TRUE(writer.WriteRow(std::vector<std::string>{"钱二", "0.05", "1,000.00"}));
    ASSERT_TRUE(writer.WriteRow(std::vector<std::string>{"孙三", "待定", ""}));
    ASSERT_TRUE(writer.Close());
  }
  auto reader = OpenTableFile(path);
  ASSERT_TRUE(reader) << reader.error().message_en;
  ReadAll all = ReadRows(**reader);
  ASSERT_EQ(all.error, "");
  ASSERT_EQ(all.rows.size(), 4u);
  EXPECT_EQ(all.rows[0][1], "金额（元）");  // the header stays text
  EXPECT_EQ(all.rows[1][1], "3000");        // a number: what Excel stores
  EXPECT_EQ(all.rows[2][1], "0.05");
  EXPECT_EQ(all.rows[2][2], "1,000.00");  // not a money column: text as written
  EXPECT_EQ(all.rows[3][1], "待定");      // not an amount: kept as text
}

TEST(XlsxWriter, RefusesSheetNamesExcelRefuses) {
  TempDir dir;
  XlsxWriter writer(dir.File("a.xlsx"), dir.Path());
  EXPECT_FALSE(writer.AddSheet("a/b"));
  EXPECT_FALSE(writer.AddSheet(std::string(40, 'x')));
  EXPECT_TRUE(writer.AddSheet("会员"));
  EXPECT_FALSE(writer.AddSheet("会员"));
  EXPECT_TRUE(writer.Close());
}

TEST(XlsxWriter, RowBeforeAnySheetFails) {
  TempDir dir;
  XlsxWriter writer(dir.File("a.xlsx"), dir.Path());
  EXPECT_FALSE(writer.WriteRow(std::vector<std::string>{"a"}));
}

TEST(XlsxWriter, CloseIntoAMissingFolderFails) {
  TempDir dir;
  XlsxWriter writer(dir.File("no/such/folder/a.xlsx"), dir.Path());
  ASSERT_TRUE(writer.AddSheet("a"));
  EXPECT_FALSE(writer.Close());
}

// A workbook as Excel writes it (shared strings, numbers, booleans, gaps), made with
// libxlsxwriter's ordinary mode.
std::string ExcelLikeWorkbook(const TempDir& dir) {
  const std::string path = dir.File("excel.xlsx");
  lxw_workbook* workbook = workbook_new(path.c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Sheet1");
  worksheet_write_string(sheet, 0, 0, "姓名", nullptr);
  worksheet_write_string(sheet, 0, 1, "身份证号", nullptr);
  worksheet_write_string(sheet, 0, 2, "入会日期", nullptr);
  worksheet_write_string(sheet, 0, 3, "是否农民工", nullptr);
  worksheet_write_string(sheet, 1, 0, "张三明", nullptr);
  worksheet_write_number(sheet, 1, 1, 110105194912310002.0, nullptr);  // what Excel does to IDs
  worksheet_write_number(sheet, 1, 2, 43952, nullptr);                 // 2020-05-01
  worksheet_write_boolean(sheet, 1, 3, 1, nullptr);
  worksheet_write_number(sheet, 4, 2, 1.5, nullptr);  // rows 3 and 4 are skipped
  lxw_format* red = workbook_add_format(workbook);
  format_set_font_color(red, LXW_COLOR_RED);
  lxw_rich_string_tuple first = {nullptr, const_cast<char*>("张")};
  lxw_rich_string_tuple second = {red, const_cast<char*>("三")};
  lxw_rich_string_tuple* runs[] = {&first, &second, nullptr};
  worksheet_write_rich_string(sheet, 5, 0, runs, nullptr);
  worksheet_write_string(sheet, 5, 1, "张三明", nullptr);  // shared with B2... A2
  workbook_close(workbook);
  return ReadFile(path);
}

TEST(XlsxReader, NumbersAndSharedStringsComeBackAsStoredText) {
  TempDir dir;
  ReadAll all = ReadXlsx(ExcelLikeWorkbook(dir));
  ASSERT_EQ(all.error, "");
  ASSERT_EQ(all.rows.size(), 6u);
  EXPECT_EQ(all.rows[0], (TableRow{"姓名", "身份证号", "入会日期", "是否农民工"}));
  EXPECT_EQ(all.rows[1], (TableRow{"张三明", "1.1010519491231E+17", "43952", "TRUE"}));
  EXPECT_TRUE(all.rows[2].empty());
  EXPECT_TRUE(all.rows[3].empty());
  EXPECT_EQ(all.rows[4], (TableRow{"", "", "1.5"}));
  EXPECT_EQ(all.rows[5], (TableRow{"张三", "张三明"}));
  EXPECT_EQ(all.lines, (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6}));
}

TEST(XlsxReader, InlineStringsPrefixedNamesAndPhoneticRuns) {
  std::string sheet =
      "<x:row r=\"2\"><x:c r=\"B2\" t=\"inlineStr\"><x:is><x:r><x:t>张</x:t></x:r><x:r>"
      "<x:t xml:space=\"preserve\">三 </x:t></x:r><x:rPh><x:t>zhang</x:t></x:rPh></x:is></x:c>"
      "<x:c r=\"C2\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"D2\" t=\"str\"><x:f>A1</x:f><x:v>公式"
      "</x:v></x:c><x:c r=\"E2\" s=\"3\"/></x:row>";
  std::string shared = "<si><t>工会</t><rPh sb=\"0\" eb=\"2\"><t>gonghui</t></rPh></si>";
  ReadAll all = ReadXlsx(MakeXlsx(sheet, shared));
  ASSERT_EQ(all.error, "");
  ASSERT_EQ(all.rows.size(), 2u);
  EXPECT_TRUE(all.rows[0].empty());
  EXPECT_EQ(all.rows[1], (TableRow{"", "张三 ", "工会", "公式"}));
}

TEST(XlsxReader, RowsAndCellsWithoutReferencesFollowOnePrevious) {
  ReadAll all =
      ReadXlsx(MakeXlsx("<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>"));
  ASSERT_EQ(all.error, "");
  EXPECT_EQ(all.rows, (std::vector<TableRow>{{"1", "2"}, {"3"}}));
  EXPECT_EQ(all.lines, (std::vector<std::int64_t>{1, 2}));
}

TEST(XlsxReader, NotAZipIsAClearError) {
  ReadAll all = ReadXlsx("姓名,身份证号\n");
  EXPECT_EQ(all.code, ErrorCode::kInvalidArgument);
  EXPECT_NE(all.error.find("not a valid .xlsx"), std::string::npos) << all.error;
}

TEST(XlsxReader, TruncatedZipIsAClearError) {
  TempDir dir;
  std::string bytes = ExcelLikeWorkbook(dir);
  bytes.resize(bytes.size() / 2);
  auto reader = OpenTable(bytes);
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(reader.error().message_zh.find("不完整"), std::string::npos)
      << reader.error().message_zh;
}

TEST(XlsxReader, ZipWithoutAWorksheetSaysSo) {
  ReadAll all = ReadXlsx(MakeZip({{"readme.txt", "hello"}}));
  EXPECT_NE(all.error.find("no worksheet"), std::string::npos) << all.error;
}

TEST(XlsxReader, OldXlsOrEncryptedWorkbookAsksToSaveAsXlsx) {
  auto reader =
      OpenTable(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(512, '\0'));
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().code, ErrorCode::kUnsupportedMediaType);
  EXPECT_NE(reader.error().message_zh.find("另存为"), std::string::npos);
}

TEST(XlsxReader, RowNumberOverTheLimitFails) {
  ReadAll all =
      ReadXlsx(MakeXlsx("<row r=\"1\"><c><v>1</v></c></row>"
                        "<row r=\"2000001\"><c><v>2</v></c></row>"));
  EXPECT_EQ(all.code, ErrorCode::kPayloadTooLarge);
  EXPECT_NE(all.error.find("more than 2000000 rows"), std::string::npos) << all.error;
  EXPECT_EQ(all.rows.size(), 1u);  // fails at that row, before filling the gap with blank rows
}

TEST(XlsxReader, SheetOverASmallRowLimitFails) {
  ReadLimits limits;
  limits.max_rows = 2;
  ReadAll all = ReadXlsx(MakeXlsx("<row><c><v>1</v></c></row><row><c><v>2</v></c></row>"
                                  "<row><c><v>3</v></c></row>"),
                         limits);
  EXPECT_EQ(all.rows.size(), 2u);
  EXPECT_EQ(all.code, ErrorCode::kPayloadTooLarge);
}

TEST(XlsxReader, ACellBeyondTheColumnLimitFaultsItsRowOnly) {
  ReadAll all =
      ReadXlsx(MakeXlsx("<row r=\"3\"><c r=\"A3\"><v>1</v></c><c r=\"IW3\"><v>1</v></c>"
                        "</row><row r=\"4\"><c r=\"A4\"><v>2</v></c></row>"));
  EXPECT_TRUE(all.error.empty()) << all.error;
  ASSERT_EQ(all.rows.size(), 4u);
  EXPECT_NE(all.faults[3].find("Row 3, cell IW3"), std::string::npos) << all.faults[3];
  EXPECT_EQ(all.rows[3], TableRow{"2"});
}

TEST(XlsxReader, ALongCellFaultsItsRowNamingTheCell) {
  ReadLimits limits;
  limits.max_cell_bytes = 4;
  ReadAll all = ReadXlsx(MakeXlsx("<row r=\"2\"><c r=\"C2\" t=\"s\"><v>0</v></c></row>"
                                  "<row r=\"3\"><c r=\"C3\" t=\"inlineStr\"><is><t>123456"
                                  "</t></is></c></row><row r=\"4\"><c r=\"A4\"><v>9</v></c></row>",
                                  "<si><t>12345</t></si>"),
                         limits);
  EXPECT_TRUE(all.error.empty()) << all.error;
  EXPECT_NE(all.faults[2].find("Row 2, cell C2"), std::string::npos) << all.faults[2];
  EXPECT_NE(all.faults[3].find("Row 3, cell C3"), std::string::npos) << all.faults[3];
  EXPECT_FALSE(all.faults.contains(4));
}

TEST(XlsxReader, ExcelsEscapedControlCharactersAreUndoneAndFaultTheRow) {
  ReadAll all = ReadXlsx(MakeXlsx(
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>张_x0000_三</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>a_x005F_x0041_b</t></is></c></row>"));
  EXPECT_TRUE(all.error.empty()) << all.error;
  EXPECT_EQ(all.rows[0][0], std::string("张\0三", 7));
  EXPECT_TRUE(all.faults.contains(1));
  EXPECT_EQ(all.rows[1][0], "a_x0041_b");
  EXPECT_FALSE(all.faults.contains(2));
}

TEST(XlsxReader, InflatingPastTheLimitIsRefused) {
  std::string rows;
  for (int i = 0; i < 1000; ++i) rows += "<row><c t=\"inlineStr\"><is><t>张三明</t></is></c></row>";
  ReadLimits limits;
  limits.max_xlsx_uncompressed_bytes = 10'000;
  ReadAll all = ReadXlsx(MakeXlsx(rows), limits);
  EXPECT_EQ(all.code, ErrorCode::kPayloadTooLarge);
  EXPECT_NE(all.error.find("inflates"), std::string::npos) << all.error;
}

TEST(XlsxReader, DoctypeIsRefused) {
  std::map<std::string, std::string> entries = {
      {"xl/worksheets/sheet1.xml",
       "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet><sheetData>"
       "<row><c t=\"inlineStr\"><is><t>&a;</t></is></c></row></sheetData></worksheet>"}};
  ReadAll all = ReadXlsx(MakeZip(entries));
  EXPECT_TRUE(all.rows.empty());
  EXPECT_NE(all.error.find("damaged"), std::string::npos) << all.error;
}

TEST(XlsxReader, BadSharedStringIndexIsDamage) {
  ReadAll all = ReadXlsx(MakeXlsx("<row><c t=\"s\"><v>7</v></c></row>", "<si><t>a</t></si>"));
  EXPECT_NE(all.error.find("damaged"), std::string::npos) << all.error;
}

TEST(XlsxReader, RowsOutOfOrderAreDamage) {
  ReadAll all = ReadXlsx(MakeXlsx("<row r=\"5\"/><row r=\"3\"/>"));
  EXPECT_NE(all.error.find("damaged"), std::string::npos) << all.error;
}

}  // namespace
}  // namespace zj::io

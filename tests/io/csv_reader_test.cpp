#include "io/csv_reader.h"

#include <gtest/gtest.h>

#include <random>

#include "io_test_util.h"

namespace zj::io {
using ::zj::ErrorCode;
namespace {

using testing::ReadAll;
using testing::ReadRows;
using testing::TrickleSource;

ReadAll Read(std::string text, const ReadLimits& limits = {}) {
  CsvReader reader(std::move(text), "UTF-8", limits);
  return ReadRows(reader);
}

TEST(CsvReader, RowsComeWithTheirLineNumbers) {
  ReadAll all = Read("姓名,身份证号\n张三,110105194912310002\n李四,11010519491231002X\n");
  ASSERT_EQ(all.error, "");
  ASSERT_EQ(all.rows.size(), 3u);
  EXPECT_EQ(all.rows[1], (TableRow{"张三", "110105194912310002"}));
  EXPECT_EQ(all.lines, (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(CsvReader, QuotedFieldWithNewlineStaysOneCell) {
  ReadAll all = Read("a,b\n\"第一行\n第二行\",x\nc,d\n");
  ASSERT_EQ(all.error, "");
  ASSERT_EQ(all.rows.size(), 3u);
  EXPECT_EQ(all.rows[1], (TableRow{"第一行\n第二行", "x"}));
  EXPECT_EQ(all.lines, (std::vector<std::int64_t>{1, 2, 4}));  // the next row starts on line 4
}

TEST(CsvReader, DoubledQuoteIsOneQuote) {
  ReadAll all = Read("\"某某\"\"红星\"\"公司\",\"a,b\"\n");
  ASSERT_EQ(all.rows.size(), 1u);
  EXPECT_EQ(all.rows[0], (TableRow{"某某\"红星\"公司", "a,b"}));
}

TEST(CsvReader, CrLfLfAndCrAllEndLines) {
  ReadAll all = Read("a,b\r\nc,d\ne,f\rg,h");
  ASSERT_EQ(all.rows.size(), 4u);
  EXPECT_EQ(all.rows[3], (TableRow{"g", "h"}));
  EXPECT_EQ(all.lines, (std::vector<std::int64_t>{1, 2, 3, 4}));
}

TEST(CsvReader, TrailingLineBreakMakesNoRow) {
  EXPECT_EQ(Read("a,b\r\n").rows.size(), 1u);
  EXPECT_EQ(Read("a,b").rows.size(), 1u);
  EXPECT_EQ(Read("").rows.size(), 0u);
}

TEST(CsvReader, BlankLineIsARowWithoutCellsSoNumbersStayTrue) {
  ReadAll all = Read("a\n\nb\n");
  ASSERT_EQ(all.rows.size(), 3u);
  EXPECT_TRUE(all.rows[1].empty());
  EXPECT_EQ(all.rows[2], TableRow{"b"});
  EXPECT_EQ(all.lines[2], 3);
}

TEST(CsvReader, EmptyCellsAreKept) {
  ReadAll all = Read("a,,b,\n,\n");
  ASSERT_EQ(all.rows.size(), 2u);
  EXPECT_EQ(all.rows[0], (TableRow{"a", "", "b", ""}));
  EXPECT_EQ(all.rows[1], (TableRow{"", ""}));
}

TEST(CsvReader, StrayQuotesAreKeptAsExcelDoes) {
  ReadAll all = Read("5\"3,\"ab\"cd,\"\"\n");
  ASSERT_EQ(all.rows.size(), 1u);
  EXPECT_EQ(all.rows[0], (TableRow{"5\"3", "abcd", ""}));
}

TEST(CsvReader, ByteOrderMarkIsSkipped) {
  ReadAll all = Read("\xEF\xBB\xBF姓名,手机号\n");
  ASSERT_EQ(all.rows.size(), 1u);
  EXPECT_EQ(all.rows[0][0], "姓名");
}

TEST(CsvReader, SemicolonDelimiterIsDetectedFromTheHeader) {
  CsvReader reader(std::string("姓名;\"备注,说明\"\n张三;\"a;b\"\n"));
  ReadAll all = ReadRows(reader);
  EXPECT_EQ(reader.delimiter(), ';');
  ASSERT_EQ(all.rows.size(), 2u);
  EXPECT_EQ(all.rows[0], (TableRow{"姓名", "备注,说明"}));
  EXPECT_EQ(all.rows[1], (TableRow{"张三", "a;b"}));
}

TEST(CsvReader, TabDelimiterIsDetectedFromTheHeader) {
  CsvReader reader(std::string("姓名\t手机号\n张三\t13800138000\n"));
  ReadAll all = ReadRows(reader);
  EXPECT_EQ(reader.delimiter(), '\t');
  EXPECT_EQ(all.rows[1], (TableRow{"张三", "13800138000"}));
}

TEST(CsvReader, CommaWinsWhenTheHeaderHasOne) {
  CsvReader reader(std::string("a,b;c\tc\n"));
  ReadAll all = ReadRows(reader);
  EXPECT_EQ(reader.delimiter(), ',');
  EXPECT_EQ(all.rows[0], (TableRow{"a", "b;c\tc"}));
}

TEST(CsvReader, UnclosedQuoteNamesTheLineWhereItOpened) {
  ReadAll all = Read("a,b\nc,\"never closed\nd,e\n");
  EXPECT_EQ(all.rows.size(), 1u);
  EXPECT_NE(all.error.find("Line 2, column 2"), std::string::npos) << all.error;
}

TEST(CsvReader, ACellOverTheLimitFaultsItsRowAndReadingGoesOn) {
  ReadLimits limits;
  limits.max_cell_bytes = 8;
  ReadAll all = Read("a,b\n12345678,x\n123456789,y\nok,z\n", limits);
  EXPECT_TRUE(all.error.empty()) << all.error;
  ASSERT_EQ(all.rows.size(), 4u);
  EXPECT_EQ(all.rows[2], (TableRow{"12345678", "y"}));  // what could be read
  EXPECT_EQ(all.rows[3], (TableRow{"ok", "z"}));
  ASSERT_EQ(all.faults.size(), 1u);
  EXPECT_NE(all.faults[3].find("Line 3, column 1"), std::string::npos) << all.faults[3];
}

TEST(CsvReader, AQuotedCellOverTheLimitIsSkippedToItsClosingQuote) {
  ReadLimits limits;
  limits.max_cell_bytes = 8;
  ReadAll all = Read("\"1234\n56789,\"\"x\",b\nnext,row\n", limits);
  EXPECT_TRUE(all.error.empty()) << all.error;
  ASSERT_EQ(all.rows.size(), 2u);
  EXPECT_EQ(all.lines, (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(all.rows[1], (TableRow{"next", "row"}));
  EXPECT_EQ(all.faults.size(), 1u);
}

TEST(CsvReader, ALongLineOfManyMegabytesIsOneRejectedRow) {
  std::string text = "姓名,身份证号\n张三,1\n" + std::string(6 << 20, 'x') + ",y\n李四,2\n";
  ReadAll all = Read(text);
  EXPECT_TRUE(all.error.empty()) << all.error;
  ASSERT_EQ(all.rows.size(), 4u);
  EXPECT_EQ(all.faults.size(), 1u);
  EXPECT_TRUE(all.faults.contains(3));
  EXPECT_EQ(all.rows[3], (TableRow{"李四", "2"}));
}

TEST(CsvReader, ARowWithTooManyColumnsIsFaultedAndTheNextIsRead) {
  ReadLimits limits;
  limits.max_columns = 3;
  ReadAll all = Read("a,b,c\na,b,c,d,e\nf,g\n", limits);
  EXPECT_TRUE(all.error.empty()) << all.error;
  ASSERT_EQ(all.rows.size(), 3u);
  EXPECT_EQ(all.rows[1], (TableRow{"a", "b", "c"}));
  EXPECT_EQ(all.rows[2], (TableRow{"f", "g"}));
  EXPECT_NE(all.faults[2].find("Line 2 has more than 3 columns"), std::string::npos);
}

TEST(CsvReader, NulAndOtherControlCharactersFaultTheirRow) {
  using namespace std::string_literals;
  ReadAll all = Read("a,b\n张\0三,1\nx\x07,2\n\"tab\tand\nbreak\",3\n"s);
  EXPECT_TRUE(all.error.empty()) << all.error;
  ASSERT_EQ(all.rows.size(), 4u);
  EXPECT_EQ(all.faults.size(), 2u);
  EXPECT_NE(all.faults[2].find("control character"), std::string::npos);
  EXPECT_TRUE(all.faults.contains(3));
  EXPECT_EQ(all.rows[3][0], "tab\tand\nbreak");  // tabs and line breaks are text
}

TEST(CsvReader, TooManyRowsIsPayloadTooLarge) {
  ReadLimits limits;
  limits.max_rows = 2;
  ReadAll all = Read("a\nb\nc\n", limits);
  EXPECT_EQ(all.rows.size(), 2u);
  EXPECT_EQ(all.code, ErrorCode::kPayloadTooLarge);
}

TEST(CsvReader, ReusedRowShrinksToTheNewRow) {
  CsvReader reader(std::string("a,b,c\nd\n"));
  TableRow row;
  std::int64_t line = 0;
  ASSERT_TRUE(*reader.Next(&row, &line));
  ASSERT_TRUE(*reader.Next(&row, &line));
  EXPECT_EQ(row, TableRow{"d"});
  EXPECT_FALSE(*reader.Next(&row, &line));
}

// Random CSV text made of the characters that matter, read whole and one byte (or a few bytes)
// at a time: the rows must be the same, so chunk boundaries can fall anywhere.
TEST(CsvReader, ChunkBoundariesAnywhereGiveTheSameRows) {
  const std::string alphabet[] = {"a", ",", "\"", "\r", "\n", "张", "\"\"", "\r\n", " "};
  std::mt19937 random(20240501);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    int length = static_cast<int>(random() % 40);
    for (int i = 0; i < length; ++i) text += alphabet[random() % std::size(alphabet)];
    if (text.starts_with(";") || text.starts_with("\t")) continue;
    ReadAll whole = Read(text);
    for (std::size_t chunk : {1u, 2u, 3u, 7u}) {
      CsvReader reader(std::make_unique<TrickleSource>(text, chunk));
      ReadAll trickled = ReadRows(reader);
      ASSERT_EQ(trickled.rows, whole.rows) << "text: " << text << " chunk " << chunk;
      ASSERT_EQ(trickled.lines, whole.lines) << "text: " << text;
      ASSERT_EQ(trickled.error, whole.error) << "text: " << text;
    }
  }
}

}  // namespace
}  // namespace zj::io

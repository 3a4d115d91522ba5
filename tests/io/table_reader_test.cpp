#include "io/table_reader.h"

#include <gtest/gtest.h>

#include "io/header_index.h"
#include "io_test_util.h"

namespace zj::io {
using ::zj::ErrorCode;
namespace {

using testing::ReadAll;
using testing::ReadRows;
using testing::TempDir;
using testing::ToGbk;
using testing::WriteFile;

TEST(OpenTable, GbkCsvIsDecoded) {
  auto reader = OpenTable(ToGbk("姓名,手机号\r\n张三,１３８\r\n"));
  ASSERT_TRUE(reader);
  EXPECT_EQ((*reader)->Format(), "csv");
  EXPECT_EQ((*reader)->Encoding(), "GBK");
  ReadAll all = ReadRows(**reader);
  EXPECT_EQ(all.rows, (std::vector<TableRow>{{"姓名", "手机号"}, {"张三", "１３８"}}));
}

TEST(OpenTable, BomCsvReportsItsEncoding) {
  auto reader = OpenTable("\xEF\xBB\xBF姓名\n张三\n");
  ASSERT_TRUE(reader);
  EXPECT_EQ((*reader)->Encoding(), "UTF-8 BOM");
  EXPECT_EQ(ReadRows(**reader).rows[0], TableRow{"姓名"});
}

TEST(OpenTable, ABomCsvWithABadByteFaultsThatRowOnly) {
  auto reader = OpenTable("\xEF\xBB\xBF姓名\n\xFF\n张三\n");
  ASSERT_TRUE(reader);
  ReadAll all = ReadRows(**reader);
  EXPECT_TRUE(all.error.empty()) << all.error;
  ASSERT_EQ(all.rows.size(), 3u);
  EXPECT_EQ(all.faults.size(), 1u);
  EXPECT_TRUE(all.faults.contains(2));
}

TEST(OpenTable, AnUndecodableGbkRowIsFaultedOnItsOwnLine) {
  auto reader = OpenTable(ToGbk("姓名,工会\n张三,西湖\n") + "\x81\x20,x\n" + ToGbk("李四,上城\n"));
  ASSERT_TRUE(reader);
  EXPECT_EQ((*reader)->Encoding(), "GBK");
  ReadAll all = ReadRows(**reader);
  EXPECT_TRUE(all.error.empty()) << all.error;
  ASSERT_EQ(all.rows.size(), 4u);
  EXPECT_EQ(all.faults.size(), 1u);
  EXPECT_NE(all.faults[3].find("Line 3"), std::string::npos) << all.faults[3];
  EXPECT_EQ(all.rows[3], (TableRow{"李四", "上城"}));
}

TEST(OpenTable, AStrayByteAtLine252OfUtf8NamesLine252) {
  std::string text = "姓名,工会\n";
  for (int i = 2; i <= 400; ++i) text += "张三" + std::to_string(i) + ",西湖区总工会\n";
  const size_t at = text.find("张三252");
  text.insert(at + 3, "\x9A");
  auto reader = OpenTable(text);
  ASSERT_TRUE(reader);
  ReadAll all = ReadRows(**reader);
  EXPECT_EQ(all.rows.size(), 400u);
  ASSERT_EQ(all.faults.size(), 1u);
  EXPECT_TRUE(all.faults.contains(252)) << all.faults.begin()->second;
}

TEST(OpenTableFile, ExcelGbkFixtureKeepsMangledIdsForTheValidator) {
  auto reader = OpenTableFile(ZJ_SOURCE_DIR "/tests/fixtures/io/members_gbk.csv");
  ASSERT_TRUE(reader) << reader.error().message_en;
  EXPECT_EQ((*reader)->Encoding(), "GBK");
  ReadAll all = ReadRows(**reader);
  ASSERT_EQ(all.error, "");
  ASSERT_EQ(all.rows.size(), 3u);
  EXPECT_EQ(all.rows[0], (TableRow{"姓名", "身份证号", "手机号", "所属工会"}));
  EXPECT_EQ(all.rows[1],
            (TableRow{"张三明", "1.10105E+17", "１３８００１３８０００", "西湖区总工会"}));
  EXPECT_EQ(all.rows[2],
            (TableRow{"李四, 小名", "11010519491231002x", " 13900139000 ", "某某公司工会"}));
}

TEST(OpenTableFile, LargeGbkFileIsStreamedAcrossChunks) {
  TempDir dir;
  std::string text = "姓名,身份证号,备注\r\n";
  for (int i = 0; i < 60'000; ++i) {
    text += "张三明,11010519491231" + std::to_string(1000 + i % 9000 + (i == 59999 ? 3000 : 0)) +
            ",\"说明\r\n第二行\"\r\n";
  }
  WriteFile(dir.File("big.csv"), ToGbk(text));
  auto reader = OpenTableFile(dir.File("big.csv"));
  ASSERT_TRUE(reader);
  EXPECT_EQ((*reader)->Encoding(), "GBK");
  ReadAll all = ReadRows(**reader);
  ASSERT_EQ(all.error, "");
  ASSERT_EQ(all.rows.size(), 60'001u);
  EXPECT_EQ(all.rows[60'000], (TableRow{"张三明", "110105194912319999", "说明\r\n第二行"}));
  EXPECT_EQ(all.lines[60'000], 2 * 60'000);  // the header, then two lines a row
}

TEST(OpenTableFile, MissingFileIsNotFound) {
  auto reader = OpenTableFile("/nonexistent/members.csv");
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().code, ErrorCode::kNotFound);
}

TEST(HeaderIndex, ToleratesSpacesFullWidthSpacesAndBom) {
  TableRow header = {"\xEF\xBB\xBF姓名", " 身份证号 ", "\xE3\x80\x80手机号\xE3\x80\x80", "其他"};
  const std::string_view expected[] = {"姓名", "身份证号", "手机号", "所属工会"};
  HeaderIndex index = IndexHeader(header, expected);
  EXPECT_EQ(index.columns.at("姓名"), 0);
  EXPECT_EQ(index.columns.at("身份证号"), 1);
  EXPECT_EQ(index.columns.at("手机号"), 2);
  EXPECT_EQ(index.missing, std::vector<std::string>{"所属工会"});
  EXPECT_TRUE(index.duplicated.empty());
}

TEST(HeaderIndex, DuplicatedColumnKeepsTheFirst) {
  TableRow header = {"姓名", "手机号", "姓名"};
  const std::string_view expected[] = {"姓名", "手机号"};
  HeaderIndex index = IndexHeader(header, expected);
  EXPECT_EQ(index.columns.at("姓名"), 0);
  EXPECT_EQ(index.duplicated, std::vector<std::string>{"姓名"});
}

TEST(HeaderIndex, TrimLeavesInnerSpaces) {
  EXPECT_EQ(TrimHeaderName("\xC2\xA0 单位 名称\t"), "单位 名称");
  EXPECT_EQ(TrimHeaderName("   "), "");
}

}  // namespace
}  // namespace zj::io

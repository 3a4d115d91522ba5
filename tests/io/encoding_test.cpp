#include "io/encoding.h"

#include <gtest/gtest.h>

#include "io/gbk_source.h"
#include "io_test_util.h"

namespace zj::io {
namespace {

using testing::ToGbk;
using testing::TrickleSource;

TEST(Encoding, PlainAsciiIsUtf8) { EXPECT_EQ(DetectEncoding("a,b\r\n1,2\r\n"), Encoding::kUtf8); }

TEST(Encoding, ChineseUtf8IsUtf8) { EXPECT_EQ(DetectEncoding("姓名,身份证号\n"), Encoding::kUtf8); }

TEST(Encoding, ByteOrderMarkIsUtf8Bom) {
  EXPECT_EQ(DetectEncoding("\xEF\xBB\xBF姓名\n"), Encoding::kUtf8Bom);
  EXPECT_EQ(EncodingName(Encoding::kUtf8Bom), "UTF-8 BOM");
}

TEST(Encoding, ExcelChineseCsvIsGbk) {
  EXPECT_EQ(DetectEncoding(ToGbk("姓名,身份证号\r\n张三,110105194912310002\r\n")), Encoding::kGbk);
}

TEST(Encoding, GbkDecodesToUtf8WithFullWidthDigitsKept) {
  auto text = ToUtf8(ToGbk("张三明,１３８００１３８０００,西湖区"), Encoding::kGbk);
  ASSERT_TRUE(text) << text.error().message_en;
  EXPECT_EQ(*text, "张三明,１３８００１３８０００,西湖区");
}

TEST(Encoding, Gb18030FourByteNameCharacterSurvives) {
  // 㐀 (U+3400, CJK extension A) is outside GBK: GB18030 writes it with four bytes.
  std::string gbk = ToGbk("刘㐀");
  EXPECT_EQ(gbk.size(), 2u + 4u);
  auto text = ToUtf8(gbk, Encoding::kGbk);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "刘㐀");
}

TEST(Encoding, UndecodableByteNamesLineAndByte) {
  std::string bytes = ToGbk("姓名\r\n张三\r\n") + "\xFF\xFF";
  auto text = ToUtf8(bytes, Encoding::kGbk);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(text.error().message_zh.find("第 3 行"), std::string::npos) << text.error().message_zh;
  EXPECT_NE(text.error().message_en.find("byte 13"), std::string::npos) << text.error().message_en;
}

TEST(Encoding, GbkCutInsideACharacterFails) {
  std::string bytes = ToGbk("张三");
  bytes.pop_back();
  EXPECT_FALSE(ToUtf8(bytes, Encoding::kGbk));
}

TEST(Encoding, InvalidUtf8AfterBomNamesTheLine) {
  auto text = ToUtf8(
      "\xEF\xBB\xBF"
      "a\nb\xC0\xAF",
      Encoding::kUtf8Bom);
  ASSERT_FALSE(text);
  EXPECT_NE(text.error().message_en.find("Line 2"), std::string::npos);
}

TEST(Encoding, Utf8BomIsRemoved) {
  auto text = ToUtf8("\xEF\xBB\xBF姓名", Encoding::kUtf8Bom);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "姓名");
}

TEST(Encoding, ValidUtf8PrefixStopsAtOverlongAndSurrogate) {
  EXPECT_EQ(ValidUtf8Prefix("abcdefghij"), 10u);
  EXPECT_EQ(ValidUtf8Prefix("ab\xC0\xAF"), 2u);
  EXPECT_EQ(ValidUtf8Prefix("张\xED\xA0\x80"), 3u);
  EXPECT_EQ(ValidUtf8Prefix("\xF4\x90\x80\x80"), 0u);
  EXPECT_EQ(ValidUtf8Prefix("工会"), 6u);
  EXPECT_EQ(ValidUtf8Prefix("工\xE4\xBC"), 3u);
}

TEST(Encoding, StreamDetectionHandlesCharactersSplitAcrossReads) {
  TrickleSource utf8("姓名,工会\n张三,西湖区\n", 1);
  EXPECT_EQ(DetectEncoding(utf8), Encoding::kUtf8);
  TrickleSource gbk(ToGbk("姓名,工会\n"), 1);
  EXPECT_EQ(DetectEncoding(gbk), Encoding::kGbk);
  TrickleSource bom("\xEF\xBB\xBF姓名", 2);
  EXPECT_EQ(DetectEncoding(bom), Encoding::kUtf8Bom);
}

TEST(Encoding, StreamDetectionOfBomFileWithBadBytesFails) {
  TrickleSource bad("\xEF\xBB\xBF姓名\n\xFF\n", 3);
  auto encoding = DetectEncoding(bad);
  ASSERT_FALSE(encoding);
  EXPECT_NE(encoding.error().message_en.find("Line 2"), std::string::npos);
}

TEST(GbkSource, DecodesOneByteAtATime) {
  std::string text = "姓名,手机号\r\n张三明,１３８\r\n刘㐀,x\r\n";
  GbkSource source(std::make_unique<TrickleSource>(ToGbk(text), 1));
  std::string out;
  char buffer[7];
  for (;;) {
    auto n = source.Read(buffer, sizeof buffer);
    ASSERT_TRUE(n) << n.error().message_en;
    if (*n == 0) break;
    out.append(buffer, *n);
  }
  EXPECT_EQ(out, text);
}

}  // namespace
}  // namespace zj::io

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

TEST(Encoding, AnUndecodableGbkByteBecomesOneReplacementAndTheRestSurvives) {
  std::string bytes = ToGbk("姓名\r\n张三\r\n") + "\x81\x20" + ToGbk("李四\r\n");
  auto text = ToUtf8(bytes, Encoding::kGbk);
  ASSERT_TRUE(text) << text.error().message_en;
  EXPECT_EQ(*text, "姓名\r\n张三\r\n\xEF\xBF\xBD 李四\r\n");
}

TEST(Encoding, GbkCutInsideACharacterEndsWithAReplacement) {
  std::string bytes = ToGbk("张三");
  bytes.pop_back();
  auto text = ToUtf8(bytes, Encoding::kGbk);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "张\xEF\xBF\xBD");
}

TEST(Encoding, AStrayByteInUtf8IsDamagedUtf8NotGbk) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += "张三明,西湖区总工会\n";
  text.insert(text.size() / 2, "\xB7");
  EXPECT_EQ(DetectEncoding(text), Encoding::kUtf8Damaged);
  auto repaired = ToUtf8(text, Encoding::kUtf8Damaged);
  ASSERT_TRUE(repaired);
  EXPECT_EQ(repaired->size(), text.size() + 2);  // one byte became three
  // GBK text is still GBK, and a byte order mark always means UTF-8.
  std::string gbk;
  for (int i = 0; i < 300; ++i) gbk += "张三明,西湖区总工会\n";
  EXPECT_EQ(DetectEncoding(ToGbk(gbk)), Encoding::kGbk);
  EXPECT_EQ(DetectEncoding("\xEF\xBB\xBF"
                           "a\nb\xC0\xAF"),
            Encoding::kUtf8Damaged);
}

TEST(Encoding, RepairKeepsEveryCharacterSplitAcrossReads) {
  const std::string text = "姓名,工会\n张三\xFF,西湖区\n";
  Utf8RepairSource source(std::make_unique<TrickleSource>(text, 1));
  std::string out;
  char buffer[5];
  for (;;) {
    auto n = source.Read(buffer, sizeof buffer);
    ASSERT_TRUE(n);
    if (*n == 0) break;
    out.append(buffer, *n);
  }
  EXPECT_EQ(out, "姓名,工会\n张三\xEF\xBF\xBD,西湖区\n");
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

TEST(Encoding, StreamDetectionOfABomFileWithBadBytesIsDamagedUtf8) {
  TrickleSource bad("\xEF\xBB\xBF姓名\n\xFF\n", 3);
  auto encoding = DetectEncoding(bad);
  ASSERT_TRUE(encoding);
  EXPECT_EQ(*encoding, Encoding::kUtf8Damaged);
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

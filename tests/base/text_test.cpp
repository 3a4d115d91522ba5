#include "base/text.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace zj {
namespace {

TEST(Text, TraditionalFoldsToSimplified) {
  EXPECT_EQ(FoldText("西湖區"), "西湖区");
  EXPECT_EQ(FoldText("中華全國總工會"), "中华全国总工会");
  EXPECT_EQ(FoldText("西湖区"), "西湖区") << "simplified stays as it is";
}

TEST(Text, FoldingNarrowsFullWidthAndLowerCasesAscii) {
  EXPECT_EQ(FoldText("ＡＢＣ公司１２３"), "abc公司123");
  EXPECT_EQ(FoldText("Hangzhou West Lake"), "hangzhou west lake");
  EXPECT_EQ(FoldText("第一\u3000车间"), "第一 车间");
  EXPECT_EQ(FoldText(""), "");
}

TEST(Text, FoldingDropsInvalidUtf8) { EXPECT_EQ(FoldText("西\xFF湖"), "西湖"); }

TEST(Text, FoldingIsSafeFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      for (int i = 0; i < 200; ++i) {
        if (FoldText("臺灣省總工會") != "台湾省总工会") ++failures[t];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures, std::vector<int>(4, 0));
}

TEST(Text, FullWidthFoldKeepsEverythingElse) {
  EXPECT_EQ(FoldFullWidth("１２３ＡＢＣｘ，．－"), "123ABCx,.-");
  EXPECT_EQ(FoldFullWidth("\u3000工會"), " 工會");
}

TEST(Text, FullPinyinOfTheNationalFederation) {
  EXPECT_EQ(PinyinFull("中华全国总工会"), "zhonghuaquanguozonggonghui");
  EXPECT_EQ(PinyinFull("西湖区"), "xihuqu");
}

TEST(Text, PinyinInitialsOfADistrictUnion) {
  EXPECT_EQ(PinyinInitials("西湖区总工会"), "xhqzgh");
  EXPECT_EQ(PinyinInitials("中华全国总工会"), "zhqgzgh");
}

TEST(Text, TraditionalGivesTheSamePinyinAsSimplified) {
  EXPECT_EQ(PinyinFull("西湖區總工會"), PinyinFull("西湖区总工会"));
  EXPECT_EQ(PinyinInitials("西湖區總工會"), "xhqzgh");
  EXPECT_EQ(PinyinFull("中華全國總工會"), "zhonghuaquanguozonggonghui");
}

TEST(Text, PinyinKeepsAsciiAndDropsPunctuation) {
  EXPECT_EQ(PinyinFull("ABC公司（第2车间）"), "abcgongsidi2chejian");
  EXPECT_EQ(PinyinInitials("ABC公司（第2车间）"), "abcgsd2cj");
  EXPECT_EQ(PinyinFull("·—，。"), "");
}

TEST(Text, PinyinWritesUmlautAsV) {
  EXPECT_EQ(PinyinFull("吕"), "lv");
  EXPECT_EQ(PinyinFull("女"), "nv");
}

TEST(Text, PlaceNameReadingsOverrideTheCommonOnes) {
  EXPECT_EQ(PinyinFull("重庆"), "chongqing");
  EXPECT_EQ(PinyinFull("长沙"), "changsha");
  EXPECT_EQ(PinyinFull("成都"), "chengdu");
  EXPECT_EQ(PinyinFull("厦门"), "xiamen");
  EXPECT_EQ(PinyinFull("银行"), "yinhang");
}

TEST(Text, PinyinOfSingleCodepoints) {
  EXPECT_EQ(PinyinOf(U'华'), "hua");
  EXPECT_EQ(PinyinOf(U'区'), "qu");
  EXPECT_EQ(PinyinOf(U'a'), "");
  EXPECT_EQ(PinyinOf(0x10FFFF), "");
}

TEST(Text, SearchKeysHoldAllThreeForms) {
  const SearchKeys keys = MakeSearchKeys("西湖區總工會");
  EXPECT_EQ(keys.fold, "西湖区总工会");
  EXPECT_EQ(keys.pinyin, "xihuquzonggonghui");
  EXPECT_EQ(keys.initials, "xhqzgh");
}

TEST(Text, MaskNameKeepsFirstAndLastCharacters) {
  EXPECT_EQ(MaskName("张三明"), "张*明");
  EXPECT_EQ(MaskName("张三"), "张*");
  EXPECT_EQ(MaskName("欧阳晓峰"), "欧**峰");
  EXPECT_EQ(MaskName("王"), "*");
  EXPECT_EQ(MaskName(""), "");
  EXPECT_EQ(MaskName(" 李四 "), "李*");
  EXPECT_EQ(MaskName("\u3000张三明\u3000"), "张*明");
  EXPECT_EQ(MaskName("阿卜杜拉·买买提"), "阿******提");
  EXPECT_EQ(MaskName("Tom"), "T*m");
}

TEST(Text, Utf8ValidityAndLength) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("abc"));
  EXPECT_TRUE(IsValidUtf8("工会𠀀"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\xE5\xB7"));          // truncated 工
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("西湖区"), 3u);
  EXPECT_EQ(Utf8Length("工会𠀀"), 3u);
  EXPECT_EQ(Utf8Length("a\xFF"
                       "b"),
            3u)
      << "an invalid byte counts as one";
}

TEST(Text, Utf8HeadAndTruncateNeverSplitACharacter) {
  EXPECT_EQ(Utf8Head("西湖区", 2), "西湖");
  EXPECT_EQ(Utf8Head("西湖区", 5), "西湖区");
  EXPECT_EQ(Utf8Truncate("西湖区", 2), "西湖…");
  EXPECT_EQ(Utf8Truncate("西湖区", 3), "西湖区");
}

TEST(Text, CutsAtCharacterBoundariesAndMakesAnyBytesValidText) {
  EXPECT_EQ(Utf8Prefix("张三明", 7), "张三");  // 7 bytes would cut 明
  EXPECT_EQ(Utf8Prefix("张三明", 9), "张三明");
  EXPECT_EQ(Utf8Prefix("ab", 1), "a");
  EXPECT_EQ(ToValidUtf8("张三"), "张三");
  EXPECT_EQ(ToValidUtf8("a\xFF\xE5\xbc"), "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_TRUE(IsValidUtf8(ToValidUtf8(std::string("\xC0\xAF\x80 x", 5))));
  EXPECT_EQ(TrimSpaces("\xE3\x80\x80 张三\t\xC2\xA0"), "张三");
  EXPECT_EQ(TrimSpaces("杭州（集团）"), "杭州（集团）");
  EXPECT_TRUE(HasControlCharacters(std::string("a\0b", 3)));
  EXPECT_FALSE(HasControlCharacters("a\tb\nc"));
}

}  // namespace
}  // namespace zj

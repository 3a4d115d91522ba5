#include "base/resident_id.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <stdexcept>

namespace zj {
namespace {

// A fixed "today" so that the future-birth-date rule does not depend on the clock.
const Date kToday = Date::FromCivil(2024, 6, 1).value();

// The GB 11643-1999 example: 北京市朝阳区, born 1949-12-31, female (sequence 002), check X.
constexpr std::string_view kStandardExample = "11010519491231002X";

// Builds a valid ID from region, birth date and sequence, for tests that need many.
std::string MakeId(std::string_view region6, std::string_view yyyymmdd, std::string_view seq3) {
  std::string first17 = std::string(region6) + std::string(yyyymmdd) + std::string(seq3);
  return first17 + ResidentIdCheckChar(first17);
}

Error Rejection(std::string_view raw) {
  const Result<ResidentId> id = ParseResidentId(raw, kToday);
  EXPECT_FALSE(id.has_value()) << raw << " was accepted";
  if (id.has_value()) return {};
  EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(id.error().field, "id_number");
  EXPECT_FALSE(id.error().message_en.empty());
  return id.error();
}

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(ResidentId, StandardExampleParses) {
  const Result<ResidentId> id = ParseResidentId(kStandardExample, kToday);
  ASSERT_TRUE(id.has_value()) << id.error().message_en;
  EXPECT_EQ(id->value, kStandardExample);
  EXPECT_EQ(id->region_code, "110105");
  EXPECT_EQ(id->birth_date, Date::FromCivil(1949, 12, 31).value());
  EXPECT_EQ(id->sex, Sex::kFemale);
}

TEST(ResidentId, OddSeventeenthDigitIsMale) {
  const std::string id = MakeId("330106", "19900307", "851");
  const Result<ResidentId> parsed = ParseResidentId(id, kToday);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message_en;
  EXPECT_EQ(parsed->sex, Sex::kMale);
  EXPECT_EQ(parsed->region_code, "330106");
}

TEST(ResidentId, CheckCharacterFollowsIsoMod11_2) {
  EXPECT_EQ(ResidentIdCheckChar("11010519491231002"), 'X');
  EXPECT_EQ(ResidentIdCheckChar("44052418800101001"), '4');
  EXPECT_EQ(ResidentIdCheckChar("11010120000101001"), '0');
  EXPECT_THROW(ResidentIdCheckChar("1101051949123100"), std::invalid_argument);
  EXPECT_THROW(ResidentIdCheckChar("1101051949123100X"), std::invalid_argument);
}

TEST(ResidentId, NormalisesLowerCaseXFullWidthAndSpaces) {
  for (std::string_view raw :
       {"11010519491231002x", "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ", "  11010519491231002X\t", "110105 19491231 002X",
        "\u3000110105\u300019491231002x\u3000", "110105\u00A019491231002X"}) {
    const Result<ResidentId> id = ParseResidentId(raw, kToday);
    ASSERT_TRUE(id.has_value()) << raw << ": " << id.error().message_en;
    EXPECT_EQ(id->value, kStandardExample) << raw;
  }
}

TEST(ResidentId, AcceptsHongKongMacaoTaiwanResidencePermits) {
  for (std::string_view region : {"810000", "820000", "830000"}) {
    const std::string id = MakeId(region, "19850101", "002");
    EXPECT_TRUE(ParseResidentId(id, kToday).has_value()) << id;
  }
}

TEST(ResidentId, ExcelScientificNotationIsExplained) {
  for (std::string_view raw : {"1.10105E+17", "1.10105e17", "110105E+12", "1.10105194912310E+17",
                               "１．１０１０５Ｅ＋１７"}) {
    const Error e = Rejection(raw);
    EXPECT_TRUE(Contains(e.message_zh, "科学计数法")) << raw << ": " << e.message_zh;
    EXPECT_TRUE(Contains(e.message_zh, "文本")) << "tells to format the column as text";
    EXPECT_TRUE(Contains(e.message_en, "scientific notation"));
  }
}

TEST(ResidentId, EmptyIsRejected) {
  EXPECT_TRUE(Contains(Rejection("").message_zh, "为空"));
  EXPECT_TRUE(Contains(Rejection(" \u3000 ").message_zh, "为空"));
}

TEST(ResidentId, WrongLengthSaysHowManyCharacters) {
  const Error short_id = Rejection("1101051949123100");
  EXPECT_TRUE(Contains(short_id.message_zh, "应为18位，现为16位")) << short_id.message_zh;
  EXPECT_TRUE(Contains(short_id.message_en, "has 16"));
  EXPECT_TRUE(Contains(Rejection("11010519491231002X1").message_zh, "现为19位"));
  EXPECT_TRUE(Contains(Rejection("张三").message_zh, "现为2位")) << "counts characters, not bytes";
}

TEST(ResidentId, OldFifteenDigitNumberIsNamed) {
  const Error e = Rejection("110105491231002");
  EXPECT_TRUE(Contains(e.message_zh, "15位是旧身份证号"));
}

TEST(ResidentId, NonDigitCharacterIsNamedWithItsPosition) {
  const Error e = Rejection("11010519491231O02X");
  EXPECT_TRUE(Contains(e.message_zh, "第15位“O”不是数字")) << e.message_zh;
  EXPECT_TRUE(Contains(e.message_en, "position 15"));
  EXPECT_TRUE(Contains(Rejection("1101051949-231002X").message_zh, "第11位“-”"));
  EXPECT_TRUE(Contains(Rejection("11010519491231002Y").message_zh, "第18位“Y”"));
  EXPECT_TRUE(Contains(Rejection("11010519491231002号").message_zh, "第18位“号”"));
}

TEST(ResidentId, XOnlyAllowedInLastPlace) {
  const Error e = Rejection("1101051949123100X2");
  EXPECT_TRUE(Contains(e.message_zh, "X只能出现在最后一位")) << e.message_zh;
  EXPECT_TRUE(Contains(e.message_zh, "第17位"));
  EXPECT_TRUE(Contains(Rejection("x10105194912310022").message_zh, "X只能出现在最后一位"));
}

TEST(ResidentId, UnknownProvinceIsRejected) {
  for (std::string_view region : {"000000", "100000", "200000", "710000", "990000"}) {
    const Error e = Rejection(MakeId(region, "19800101", "001"));
    EXPECT_TRUE(Contains(e.message_zh, "不是有效的省级行政区代码")) << region;
    EXPECT_TRUE(Contains(e.message_zh, "“" + std::string(region.substr(0, 2)) + "”"));
  }
}

TEST(ResidentId, ImpossibleBirthDateIsRejected) {
  for (std::string_view date : {"19490229", "19491301", "19490000", "20230229", "19800431"}) {
    const Error e = Rejection(MakeId("110105", date, "001"));
    EXPECT_TRUE(Contains(e.message_zh, "出生日期“" + std::string(date) + "”不存在"))
        << e.message_zh;
  }
  EXPECT_TRUE(ParseResidentId(MakeId("110105", "20000229", "001"), kToday).has_value())
      << "2000 is a leap year";
}

TEST(ResidentId, BirthDateInTheFutureIsRejected) {
  const Error e = Rejection(MakeId("110105", "20240602", "001"));
  EXPECT_TRUE(Contains(e.message_zh, "晚于今天")) << e.message_zh;
  EXPECT_TRUE(Contains(e.message_zh, "2024-06-01"));
  EXPECT_TRUE(ParseResidentId(MakeId("110105", "20240601", "001"), kToday).has_value())
      << "born today is fine";
}

TEST(ResidentId, BirthBefore1900IsRejected) {
  const Error e = Rejection(MakeId("110105", "18991231", "001"));
  EXPECT_TRUE(Contains(e.message_zh, "早于1900年")) << e.message_zh;
  EXPECT_TRUE(ParseResidentId(MakeId("110105", "19000101", "001"), kToday).has_value());
}

TEST(ResidentId, WrongCheckCharacterNamesTheRightOne) {
  const Error e = Rejection("110105194912310021");
  EXPECT_TRUE(Contains(e.message_zh, "校验位（第18位）应为“X”，现为“1”")) << e.message_zh;
  EXPECT_TRUE(Contains(e.message_en, "\"X\" is expected"));
  EXPECT_FALSE(Contains(e.message_zh, "110105194912310021")) << "never echoes the number";
}

TEST(ResidentId, CheckFailureEndingIn000HintsAtExcelTruncation) {
  const Error e = Rejection("110105194912310000");
  EXPECT_TRUE(Contains(e.message_zh, "校验位"));
  EXPECT_TRUE(Contains(e.message_zh, "Excel")) << e.message_zh;
}

TEST(ResidentId, EachRejectionHasItsOwnMessage) {
  const std::string messages[] = {
      Rejection("1.10105E+17").message_zh,
      Rejection("1101051949123100").message_zh,
      Rejection("11010519491231O02X").message_zh,
      Rejection("1101051949123100X2").message_zh,
      Rejection(MakeId("990000", "19800101", "001")).message_zh,
      Rejection(MakeId("110105", "19800230", "001")).message_zh,
      Rejection(MakeId("110105", "20300101", "001")).message_zh,
      Rejection(MakeId("110105", "18800101", "001")).message_zh,
      Rejection("110105194912310021").message_zh,
  };
  for (std::size_t i = 0; i < std::size(messages); ++i) {
    for (std::size_t j = i + 1; j < std::size(messages); ++j) {
      EXPECT_NE(messages[i], messages[j]) << i << " vs " << j;
    }
  }
}

TEST(ResidentId, OverlongInputIsRejectedCheaply) {
  EXPECT_TRUE(Contains(Rejection(std::string(10000, '1')).message_zh, "过长"));
}

TEST(ResidentId, MaskKeepsFirstSixAndLastFour) {
  EXPECT_EQ(MaskResidentId("11010519491231002X"), "110105********002X");
  EXPECT_EQ(MaskResidentId("110105491231002"), "110105*****1002");
  EXPECT_EQ(MaskResidentId("1234567890"), "**********");
  EXPECT_EQ(MaskResidentId(""), "");
  EXPECT_EQ(MaskResidentId("身份证号码一二三四五六"), "***********");
}

TEST(ResidentId, GeneratedIdsRoundTrip) {
  int parsed = 0;
  for (int day = 1; day <= 28; ++day) {
    for (int seq = 0; seq < 1000; seq += 37) {
      char date[9], sequence[4];
      std::snprintf(date, sizeof date, "198802%02d", day);
      std::snprintf(sequence, sizeof sequence, "%03d", seq);
      const std::string id = MakeId("440106", date, sequence);
      const Result<ResidentId> r = ParseResidentId(id, kToday);
      ASSERT_TRUE(r.has_value()) << id << ": " << r.error().message_en;
      EXPECT_EQ(r->sex, seq % 2 == 1 ? Sex::kMale : Sex::kFemale);
      ++parsed;
    }
  }
  EXPECT_EQ(parsed, 28 * 28);
}

}  // namespace
}  // namespace zj

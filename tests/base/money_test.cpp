#include "base/money.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace zj {
namespace {

std::int64_t Fen(std::string_view text) {
  const Result<std::int64_t> fen = ParseMoney(text);
  EXPECT_TRUE(fen.has_value()) << text << ": " << fen.error().message_en;
  return fen.value_or(-999);
}

std::string ZhError(std::string_view text) {
  const Result<std::int64_t> fen = ParseMoney(text);
  EXPECT_FALSE(fen.has_value()) << text << " parsed as " << fen.value_or(0);
  if (fen.has_value()) return {};
  EXPECT_EQ(fen.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(fen.error().message_en.empty());
  return fen.error().message_zh;
}

TEST(Money, ParsesPlainAmounts) {
  EXPECT_EQ(Fen("1234"), 123400);
  EXPECT_EQ(Fen("1234.5"), 123450);
  EXPECT_EQ(Fen("1234.56"), 123456);
  EXPECT_EQ(Fen("0.01"), 1);
  EXPECT_EQ(Fen("0"), 0);
  EXPECT_EQ(Fen("-0.5"), -50);
  EXPECT_EQ(Fen("-12.30"), -1230);
  EXPECT_EQ(Fen("+8"), 800);
}

TEST(Money, ParsesThousandsSeparators) {
  EXPECT_EQ(Fen("1,234.56"), 123456);
  EXPECT_EQ(Fen("1,000,000.00"), 100000000);
  EXPECT_EQ(Fen("999,999"), 99999900);
}

TEST(Money, ParsesYuanSignFullWidthAndSpaces) {
  EXPECT_EQ(Fen("¥1,234.56"), 123456);
  EXPECT_EQ(Fen("￥500"), 50000);
  EXPECT_EQ(Fen("-¥3.00"), -300);
  EXPECT_EQ(Fen("¥-3.00"), -300);
  EXPECT_EQ(Fen("  2000.00 "), 200000);
  EXPECT_EQ(Fen("\u3000１，２３４．５６\u3000"), 123456);
  EXPECT_EQ(Fen("－１２"), -1200);
}

TEST(Money, ParsesLargestAmount) {
  EXPECT_EQ(Fen("92233720368547758.07"), std::numeric_limits<std::int64_t>::max());
}

TEST(Money, RejectsEmpty) {
  EXPECT_NE(ZhError("").find("金额为空"), std::string::npos);
  EXPECT_NE(ZhError("   ").find("金额为空"), std::string::npos);
  EXPECT_NE(ZhError("¥").find("缺少整数部分"), std::string::npos);
}

TEST(Money, RejectsMisplacedThousandsSeparators) {
  for (std::string_view bad : {"1,23.00", "12,34", ",123", "1234,567", "1,2345", "1,,234", "1,"}) {
    EXPECT_NE(ZhError(bad).find("千位分隔符"), std::string::npos) << bad;
  }
}

TEST(Money, RejectsMoreThanTwoDecimals) {
  const std::string message = ZhError("1.234");
  EXPECT_NE(message.find("小数超过两位"), std::string::npos);
  EXPECT_NE(message.find("1.234"), std::string::npos) << "quotes the input";
}

TEST(Money, RejectsDanglingDecimalPointAndMissingIntegerPart) {
  EXPECT_NE(ZhError("12.").find("小数点后没有数字"), std::string::npos);
  EXPECT_NE(ZhError(".5").find("缺少整数部分"), std::string::npos);
}

TEST(Money, RejectsJunk) {
  for (std::string_view bad : {"abc", "12元", "1.2.3", "1 000", "--5", "1e5", "0x10", "五百"}) {
    const Result<std::int64_t> fen = ParseMoney(bad);
    EXPECT_FALSE(fen.has_value()) << bad;
  }
  EXPECT_NE(ZhError("12元").find("无法识别的字符"), std::string::npos);
  EXPECT_NE(ZhError("1.2.3").find("小数部分只能是数字"), std::string::npos);
}

TEST(Money, RejectsInt64Overflow) {
  EXPECT_NE(ZhError("92233720368547758.08").find("超出可记录的范围"), std::string::npos);
  EXPECT_NE(ZhError("100000000000000000000").find("超出可记录的范围"), std::string::npos);
  EXPECT_NE(ZhError("-92233720368547758.08").find("超出可记录的范围"), std::string::npos);
}

TEST(Money, RejectsOverlongTextWithoutEchoingAllOfIt) {
  const std::string long_text(1000, '9');
  const std::string message = ZhError(long_text);
  EXPECT_NE(message.find("太长"), std::string::npos);
  EXPECT_LT(message.size(), 300u);
}

TEST(Money, ErrorNamesTheField) {
  const Result<std::int64_t> fen = ParseMoney("x", "income_fen");
  ASSERT_FALSE(fen.has_value());
  EXPECT_EQ(fen.error().field, "income_fen");
}

TEST(Money, FormatsWithSeparatorsAndTwoDecimals) {
  EXPECT_EQ(FormatMoney(0), "0.00");
  EXPECT_EQ(FormatMoney(1), "0.01");
  EXPECT_EQ(FormatMoney(-5), "-0.05");
  EXPECT_EQ(FormatMoney(-50), "-0.50");
  EXPECT_EQ(FormatMoney(99999), "999.99");
  EXPECT_EQ(FormatMoney(100000), "1,000.00");
  EXPECT_EQ(FormatMoney(123456), "1,234.56");
  EXPECT_EQ(FormatMoney(-123456), "-1,234.56");
  EXPECT_EQ(FormatMoney(100000000), "1,000,000.00");
  EXPECT_EQ(FormatMoney(std::numeric_limits<std::int64_t>::max()), "92,233,720,368,547,758.07");
  EXPECT_EQ(FormatMoney(std::numeric_limits<std::int64_t>::min()), "-92,233,720,368,547,758.08");
}

TEST(Money, FormatThenParseIsIdentity) {
  for (std::int64_t fen :
       {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{99}, std::int64_t{100},
        std::int64_t{-123456789}, std::int64_t{1000000000001},
        std::numeric_limits<std::int64_t>::max(), -std::numeric_limits<std::int64_t>::max()}) {
    EXPECT_EQ(Fen(FormatMoney(fen)), fen) << fen;
  }
  for (std::int64_t fen = -100000; fen <= 100000; fen += 37) {
    ASSERT_EQ(ParseMoney(FormatMoney(fen)).value_or(-1), fen);
  }
}

}  // namespace
}  // namespace zj

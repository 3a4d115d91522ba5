#include "base/credit_code.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace zj {
namespace {

Error Rejection(std::string_view raw) {
  const Result<std::string> code = ParseCreditCode(raw);
  EXPECT_FALSE(code.has_value()) << raw << " was accepted";
  if (code.has_value()) return {};
  EXPECT_EQ(code.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(code.error().field, "credit_code");
  EXPECT_FALSE(code.error().message_en.empty());
  return code.error();
}

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(CreditCode, StandardExampleParses) {
  const Result<std::string> code = ParseCreditCode("91350100M000100Y43");
  ASSERT_TRUE(code.has_value()) << code.error().message_en;
  EXPECT_EQ(*code, "91350100M000100Y43");
}

TEST(CreditCode, PublicCodesFromBusinessLicencesParse) {
  for (std::string_view real : {"91440300708461136T", "91110108551385082Q", "91110000802100433B",
                                "911100001000079554", "12100000400000624D"}) {
    const Result<std::string> code = ParseCreditCode(real);
    EXPECT_TRUE(code.has_value()) << real << ": " << code.error().message_en;
  }
}

TEST(CreditCode, CheckCharacterHelperMatchesRealCodes) {
  EXPECT_EQ(CreditCodeCheckChar("91350100M000100Y4"), '3');
  EXPECT_EQ(CreditCodeCheckChar("91440300708461136"), 'T');
  EXPECT_EQ(CreditCodeCheckChar("91110000802100433"), 'B');
  EXPECT_THROW(CreditCodeCheckChar("9135"), std::invalid_argument);
  EXPECT_THROW(CreditCodeCheckChar("91350100O000100Y4"), std::invalid_argument);
}

TEST(CreditCode, CheckValueThirtyOneBecomesZero) {
  // A sum divisible by 31 gives 31 - 0 = 31, written as '0'.
  EXPECT_EQ(CreditCodeCheckChar("00000000000000000"), '0');
  const std::string code = std::string("00000000000000000") + '0';
  EXPECT_TRUE(ParseCreditCode(code).has_value());
}

TEST(CreditCode, NormalisesCaseFullWidthAndSpaces) {
  for (std::string_view raw :
       {"91350100m000100y43", " 91350100M000100Y43 ", "9135 0100 M000 100Y 43",
        "９１３５０１００Ｍ０００１００Ｙ４３", "\u300091350100ｍ000100Y43\u3000"}) {
    const Result<std::string> code = ParseCreditCode(raw);
    ASSERT_TRUE(code.has_value()) << raw << ": " << code.error().message_en;
    EXPECT_EQ(*code, "91350100M000100Y43") << raw;
  }
}

TEST(CreditCode, EmptyIsRejected) { EXPECT_TRUE(Contains(Rejection("  ").message_zh, "为空")); }

TEST(CreditCode, WrongLengthSaysHowManyCharacters) {
  const Error e = Rejection("91350100M000100Y4");
  EXPECT_TRUE(Contains(e.message_zh, "应为18位，现为17位")) << e.message_zh;
  EXPECT_TRUE(Contains(e.message_en, "has 17"));
  EXPECT_TRUE(Contains(Rejection("91350100M000100Y431").message_zh, "现为19位"));
}

TEST(CreditCode, LettersNeverUsedAreNamedWithALookalikeHint) {
  const Error o = Rejection("91350100MO00100Y43");
  EXPECT_TRUE(Contains(o.message_zh, "第10位“O”不是有效字符")) << o.message_zh;
  EXPECT_TRUE(Contains(o.message_zh, "可能是数字0"));
  for (std::string_view bad : {"91350100I000100Y43", "91350100Z000100Y43", "91350100S000100Y43",
                               "91350100V000100Y43", "91350100-000100Y43", "91350100中000100Y43"}) {
    EXPECT_TRUE(Contains(Rejection(bad).message_zh, "第9位")) << bad;
  }
}

TEST(CreditCode, WrongCheckCharacterNamesTheRightOne) {
  const Error e = Rejection("91350100M000100Y44");
  EXPECT_TRUE(Contains(e.message_zh, "校验位（第18位）应为“3”，现为“4”")) << e.message_zh;
  EXPECT_TRUE(Contains(e.message_en, "\"3\" is expected"));
  // A single mistyped character is always caught.
  EXPECT_TRUE(Contains(Rejection("91350100M000100Y53").message_zh, "校验位"));
  EXPECT_TRUE(Contains(Rejection("91350101M000100Y43").message_zh, "校验位"));
}

TEST(CreditCode, GeneratedCodesRoundTrip) {
  const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    std::string first17 = "9133010" + std::string(10, alphabet[i]);
    const std::string code = first17 + CreditCodeCheckChar(first17);
    EXPECT_TRUE(ParseCreditCode(code).has_value()) << code;
  }
}

}  // namespace
}  // namespace zj

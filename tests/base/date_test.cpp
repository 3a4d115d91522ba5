#include "base/date.h"

#include <gtest/gtest.h>

namespace zj {
namespace {

Date D(int y, int m, int d) { return Date::FromCivil(y, m, d).value(); }

TEST(Date, DefaultIsUnixEpoch) {
  EXPECT_EQ(FormatDate(Date()), "1970-01-01");
  EXPECT_EQ(Date().DaysSinceEpoch(), 0);
}

TEST(Date, ParsesAndFormatsIsoDates) {
  const Result<Date> date = ParseDate("2024-03-08");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->year(), 2024);
  EXPECT_EQ(date->month(), 3);
  EXPECT_EQ(date->day(), 8);
  EXPECT_EQ(FormatDate(*date), "2024-03-08");
  EXPECT_EQ(FormatDate(D(1, 1, 1)), "0001-01-01");
  EXPECT_EQ(FormatDate(D(9999, 12, 31)), "9999-12-31");
}

TEST(Date, ParseToleratesSpacesAndFullWidthDigits) {
  EXPECT_EQ(ParseDate("  2024-02-29 ").value(), D(2024, 2, 29));
  EXPECT_EQ(ParseDate("２０２４－０２－２９").value(), D(2024, 2, 29));
}

TEST(Date, RejectsWrongShapeSayingTheFormat) {
  for (std::string_view bad : {"", "2024/03/08", "2024-3-8", "20240308", "2024-03-08T00:00",
                               "yyyy-mm-dd", "2024年3月8日"}) {
    const Result<Date> date = ParseDate(bad, "birth_date");
    ASSERT_FALSE(date.has_value()) << bad;
    EXPECT_EQ(date.error().field, "birth_date");
    EXPECT_NE(date.error().message_zh.find("格式不对"), std::string::npos) << bad;
    EXPECT_NE(date.error().message_en.find("YYYY-MM-DD"), std::string::npos) << bad;
  }
}

TEST(Date, RejectsImpossibleDates) {
  for (std::string_view bad :
       {"2023-02-29", "2024-02-30", "2024-13-01", "2024-00-10", "2024-04-31", "0000-01-01"}) {
    const Result<Date> date = ParseDate(bad);
    ASSERT_FALSE(date.has_value()) << bad;
    EXPECT_NE(date.error().message_zh.find("不存在"), std::string::npos) << bad;
  }
}

TEST(Date, LooseDatesAsPeopleAndSpreadsheetsWriteThem) {
  const auto loose = [](std::string_view text) {
    auto d = ParseLooseDate(text);
    return d ? FormatDate(*d) : std::string("none");
  };
  EXPECT_EQ(loose("2020-05-01"), "2020-05-01");
  EXPECT_EQ(loose(" 2020/5/1 "), "2020-05-01");
  EXPECT_EQ(loose("2020.5.1"), "2020-05-01");
  EXPECT_EQ(loose("20200501"), "2020-05-01");
  EXPECT_EQ(loose("2026-11-28 09:30:00"), "2026-11-28");
  EXPECT_EQ(loose("２０２０－０５－０１"), "2020-05-01");  // full-width digits and dashes
  EXPECT_EQ(loose("２０２０/０５/０１"), "2020-05-01");
  EXPECT_EQ(loose("43952"), "2020-05-01");      // Excel's serial day
  EXPECT_EQ(loose("43952.375"), "2020-05-01");  // with a time of day
  EXPECT_EQ(loose("2026/13/40"), "none");
  EXPECT_EQ(loose("2023-02-29"), "none");
  EXPECT_EQ(loose("20231301"), "none");
  EXPECT_EQ(loose("2020-05"), "none");
  EXPECT_EQ(loose("2020--05-01"), "none");
  EXPECT_EQ(loose("abc"), "none");
  EXPECT_EQ(loose(""), "none");
  EXPECT_EQ(loose("0"), "none");
  EXPECT_EQ(loose("123456"), "none");
}

TEST(Date, ValidityFollowsLeapYears) {
  EXPECT_TRUE(IsValidCivilDate(2000, 2, 29));
  EXPECT_FALSE(IsValidCivilDate(1900, 2, 29));
  EXPECT_TRUE(IsValidCivilDate(2024, 2, 29));
  EXPECT_FALSE(IsValidCivilDate(2023, 2, 29));
  EXPECT_FALSE(IsValidCivilDate(2024, 6, 31));
  EXPECT_FALSE(IsValidCivilDate(10000, 1, 1));
  EXPECT_FALSE(Date::FromCivil(2023, 2, 29).has_value());
}

TEST(Date, DayArithmeticAndOrdering) {
  EXPECT_EQ(D(2024, 2, 28).AddDays(1), D(2024, 2, 29));
  EXPECT_EQ(D(2024, 2, 29).AddDays(1), D(2024, 3, 1));
  EXPECT_EQ(D(2024, 1, 1).AddDays(-1), D(2023, 12, 31));
  EXPECT_EQ(Date::FromDays(D(1949, 10, 1).DaysSinceEpoch()), D(1949, 10, 1));
  EXPECT_LT(D(1949, 12, 31), D(1950, 1, 1));
  EXPECT_GT(D(2024, 3, 8), D(2024, 3, 7));
}

TEST(Date, ShanghaiDateTurnsAtSixteenHundredUtc) {
  using namespace std::chrono;
  const sys_days utc_day = sys_days{year{2024} / 12 / 31};
  EXPECT_EQ(DateInShanghai(utc_day + hours{15} + minutes{59}), D(2024, 12, 31));
  EXPECT_EQ(DateInShanghai(utc_day + hours{16}), D(2025, 1, 1));
  EXPECT_EQ(DateInShanghai(utc_day - hours{1}), D(2024, 12, 31));
  // No daylight saving: mid-summer turns at the same hour.
  EXPECT_EQ(DateInShanghai(sys_days{year{2024} / 7 / 1} + hours{16}), D(2024, 7, 2));
}

TEST(Date, TodayInShanghaiIsNearTheUtcDate) {
  const Date today = TodayInShanghai();
  const Date utc = DateInShanghai(std::chrono::system_clock::now() - std::chrono::hours{8});
  EXPECT_GE(today, utc);
  EXPECT_LE(today, utc.AddDays(1));
}

TEST(Date, AgeCountsCompletedYears) {
  EXPECT_EQ(AgeAt(D(1980, 6, 15), D(2024, 6, 14)), 43);
  EXPECT_EQ(AgeAt(D(1980, 6, 15), D(2024, 6, 15)), 44);
  EXPECT_EQ(AgeAt(D(1980, 6, 15), D(2024, 12, 31)), 44);
  EXPECT_EQ(AgeAt(D(2024, 1, 1), D(2024, 1, 1)), 0);
  EXPECT_EQ(AgeAt(D(2024, 1, 2), D(2024, 1, 1)), 0) << "before birth";
}

TEST(Date, LeapDayBirthdayComesOnFirstOfMarchInCommonYears) {
  EXPECT_EQ(AgeAt(D(2004, 2, 29), D(2022, 2, 28)), 17);
  EXPECT_EQ(AgeAt(D(2004, 2, 29), D(2022, 3, 1)), 18);
  EXPECT_EQ(AgeAt(D(2004, 2, 29), D(2024, 2, 29)), 20);
}

}  // namespace
}  // namespace zj

#include "hardship/calendar.h"

#include <gtest/gtest.h>

namespace zj::hardship {
namespace {

Date D(int y, int m, int d) { return *Date::FromCivil(y, m, d); }

// National Day 2026 (illustrative): 1–7 October off, Saturday 10 October worked instead.
WorkCalendar NationalDay2026() {
  std::set<Date> off;
  for (int d = 1; d <= 7; ++d) off.insert(D(2026, 10, d));
  return WorkCalendar(off, {D(2026, 10, 10)});
}

TEST(WorkCalendar, WeekdaysFollowTheCivilCalendar) {
  EXPECT_EQ(Weekday(D(1970, 1, 1)), 3);    // Thursday
  EXPECT_EQ(Weekday(D(2026, 11, 28)), 5);  // Saturday
  EXPECT_EQ(Weekday(D(2026, 11, 30)), 0);  // Monday
}

TEST(WorkCalendar, FiveWorkingDaysAcrossAWeekend) {
  const WorkCalendar plain({}, {});
  // Posted on Thursday 26 November 2026: Thu, Fri, Mon, Tue, Wed.
  EXPECT_EQ(plain.WindowEnd(D(2026, 11, 26), 5), D(2026, 12, 2));
  // Posted on a Saturday: counting starts on Monday.
  EXPECT_EQ(plain.WindowEnd(D(2026, 11, 28), 5), D(2026, 12, 4));
  EXPECT_EQ(plain.WindowEnd(D(2026, 11, 30), 1), D(2026, 11, 30));
}

TEST(WorkCalendar, FiveWorkingDaysAcrossAPublicHolidayWithAMakeUpSaturday) {
  const WorkCalendar cal = NationalDay2026();
  EXPECT_FALSE(cal.IsWorkingDay(D(2026, 10, 5)));  // a Monday off
  EXPECT_TRUE(cal.IsWorkingDay(D(2026, 10, 10)));  // a Saturday worked
  // Posted Wednesday 30 September: 30 Sep, then 8, 9, 10 (Sat, worked), 12 October.
  EXPECT_EQ(cal.WindowEnd(D(2026, 9, 30), 5), D(2026, 10, 12));
}

TEST(WorkCalendar, AZeroLengthWindowIsABug) {
  EXPECT_THROW(WorkCalendar({}, {}).WindowEnd(D(2026, 1, 5), 0), std::invalid_argument);
}

}  // namespace
}  // namespace zj::hardship

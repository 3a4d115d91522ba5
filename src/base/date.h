#pragma once
// Civil dates (birth dates, filing dates, review dates) without a time of day or a zone.
// "Today" is the date in Asia/Shanghai (UTC+8 all year, no daylight saving), where the unions are.
#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"

namespace zj {

// A valid proleptic Gregorian date from year 1 to 9999. The default is 1970-01-01.
class Date {
 public:
  constexpr Date() = default;

  // The date year-month-day, or nullopt if it does not exist (2023-02-29, month 13, year 0).
  static std::optional<Date> FromCivil(int year, int month, int day);

  // The date days_since_epoch days after 1970-01-01 (negative: before it).
  // REQUIRES: the result lies in years 1 to 9999 (else throws std::out_of_range: a bug).
  static Date FromDays(int days_since_epoch);

  int year() const { return static_cast<int>(ymd_.year()); }
  int month() const { return static_cast<int>(static_cast<unsigned>(ymd_.month())); }
  int day() const { return static_cast<int>(static_cast<unsigned>(ymd_.day())); }
  std::chrono::year_month_day ymd() const { return ymd_; }

  // Days since 1970-01-01 (negative before it).
  int DaysSinceEpoch() const;

  // This date moved by `days` (may be negative). REQUIRES: as for FromDays.
  Date AddDays(int days) const;

  friend bool operator==(const Date&, const Date&) = default;
  friend std::strong_ordering operator<=>(const Date& a, const Date& b) {
    return a.DaysSinceEpoch() <=> b.DaysSinceEpoch();
  }

 private:
  explicit constexpr Date(std::chrono::year_month_day ymd) : ymd_(ymd) {}

  std::chrono::year_month_day ymd_{std::chrono::year{1970}, std::chrono::January,
                                   std::chrono::day{1}};
};

// Whether year-month-day is a real date in years 1 to 9999.
bool IsValidCivilDate(int year, int month, int day);

// Parses "YYYY-MM-DD" (spaces around and full-width digits tolerated). Fails (kInvalidArgument on
// `field`) on any other shape or on a date that does not exist, saying which.
Result<Date> ParseDate(std::string_view text, std::string_view field = "date");

// A date as people and spreadsheets write it: "2020-05-01", "2020/5/1", "2020.5.1", "20200501",
// any of them followed by a time of day ("2020-05-01 09:30:00"), or an Excel serial day number
// ("43952", Excel's day 0 being 1899-12-30). Full-width digits and surrounding spaces are
// tolerated. Nothing if it is none of these or the date does not exist.
std::optional<Date> ParseLooseDate(std::string_view text);

// "YYYY-MM-DD"; ParseDate reads it back.
std::string FormatDate(Date date);

// The calendar date in Asia/Shanghai at instant `now`.
Date DateInShanghai(std::chrono::system_clock::time_point now);

// Today's date in Asia/Shanghai, from the system clock.
Date TodayInShanghai();

// Age in completed years on date `on` of a person born on `birth`: the age goes up on the
// birthday itself; someone born on 29 February gets one year older on 1 March in common years.
// Returns 0 if `on` is before `birth`.
int AgeAt(Date birth, Date on);

}  // namespace zj

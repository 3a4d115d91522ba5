#include "base/date.h"

#include <stdexcept>

#include "base/text.h"

namespace zj {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;
constexpr std::chrono::hours kShanghaiOffset{8};

bool InRange(year_month_day ymd) {
  const int year = static_cast<int>(ymd.year());
  return ymd.ok() && year >= kMinYear && year <= kMaxYear;
}

}  // namespace

std::optional<Date> Date::FromCivil(int year, int month, int day) {
  if (!IsValidCivilDate(year, month, day)) return std::nullopt;
  return Date(year_month_day{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                             std::chrono::day{unsigned(day)}});
}

Date Date::FromDays(int days_since_epoch) {
  const year_month_day ymd{sys_days{days{days_since_epoch}}};
  if (!InRange(ymd)) throw std::out_of_range("Date::FromDays: outside years 1 to 9999");
  return Date(ymd);
}

int Date::DaysSinceEpoch() const {
  return static_cast<int>(sys_days{ymd_}.time_since_epoch().count());
}

Date Date::AddDays(int days) const { return FromDays(DaysSinceEpoch() + days); }

bool IsValidCivilDate(int year, int month, int day) {
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12 || day < 1 || day > 31) {
    return false;
  }
  return year_month_day{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                        std::chrono::day{unsigned(day)}}
      .ok();
}

Result<Date> ParseDate(std::string_view text, std::string_view field) {
  const std::string folded = FoldFullWidth(text.substr(0, 64));
  const std::string_view s = TrimSpaces(folded);
  const std::string quoted = Utf8Truncate(text, 40);
  const auto digits = [&](std::size_t from, std::size_t count, int* value) {
    *value = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      *value = *value * 10 + (s[i] - '0');
    }
    return true;
  };
  int year = 0, month = 0, day = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(0, 4, &year) ||
      !digits(5, 2, &month) || !digits(8, 2, &day)) {
    return Invalid(std::string(field),
                   "日期“" + quoted + "”格式不对，请写成 年-月-日，如 2024-03-08",
                   "Date \"" + quoted + "\" is not in the form YYYY-MM-DD, e.g. 2024-03-08");
  }
  const std::optional<Date> date = Date::FromCivil(year, month, day);
  if (!date) {
    return Invalid(std::string(field), "日期“" + quoted + "”不存在（请核对月份和当月天数）",
                   "Date \"" + quoted + "\" does not exist; check the month and the days in it");
  }
  return *date;
}

std::optional<Date> ParseLooseDate(std::string_view text) {
  const std::string folded = FoldFullWidth(text.substr(0, 64));
  std::string_view s = TrimSpaces(folded);
  if (auto cut = s.find_first_of(" T"); cut != std::string_view::npos) s = s.substr(0, cut);
  if (s.empty()) return std::nullopt;
  // An Excel date with a time of day is a serial with a fraction: "43952.375".
  if (auto dot = s.find('.');
      dot != std::string_view::npos && dot <= 5 && s.find('.', dot + 1) == std::string_view::npos &&
      s.substr(0, dot).find_first_not_of("0123456789") == std::string_view::npos &&
      s.substr(dot + 1).find_first_not_of("0123456789") == std::string_view::npos &&
      s.size() - dot - 1 > 2) {
    s = s.substr(0, dot);
  }
  const bool all_digits = s.find_first_not_of("0123456789") == std::string_view::npos;
  if (all_digits && s.size() == 8) {  // 20200501
    const auto number = [&](std::size_t from, std::size_t count) {
      int value = 0;
      for (std::size_t i = from; i < from + count; ++i) value = value * 10 + (s[i] - '0');
      return value;
    };
    return Date::FromCivil(number(0, 4), number(4, 2), number(6, 2));
  }
  if (all_digits && s.size() <= 5) {  // an Excel serial day, up to 2173
    int serial = 0;
    for (char ch : s) serial = serial * 10 + (ch - '0');
    if (serial <= 0 || serial >= 100'000) return std::nullopt;
    return Date::FromDays(serial - 25569);  // Excel counts the non-existent 1900-02-29
  }
  // Year, month and day, separated by one of - / . each.
  int parts[3] = {0, 0, 0};
  std::size_t part = 0, width = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char ch = s[i];
    if (ch >= '0' && ch <= '9') {
      if (++width > (part == 0 ? 4u : 2u)) return std::nullopt;
      parts[part] = parts[part] * 10 + (ch - '0');
    } else if ((ch == '-' || ch == '/' || ch == '.') && width > 0 && part < 2) {
      ++part;
      width = 0;
    } else {
      return std::nullopt;
    }
  }
  if (part != 2 || width == 0) return std::nullopt;
  return Date::FromCivil(parts[0], parts[1], parts[2]);
}

std::string FormatDate(Date date) {
  std::string out = "0000-00-00";
  const auto put = [&](std::size_t end, int value) {
    for (std::size_t i = end; value > 0; --i, value /= 10)
      out[i] = static_cast<char>('0' + value % 10);
  };
  put(3, date.year());
  put(6, date.month());
  put(9, date.day());
  return out;
}

Date DateInShanghai(std::chrono::system_clock::time_point now) {
  const auto local = std::chrono::floor<days>(now + kShanghaiOffset);
  return Date::FromDays(static_cast<int>(local.time_since_epoch().count()));
}

Date TodayInShanghai() { return DateInShanghai(std::chrono::system_clock::now()); }

int AgeAt(Date birth, Date on) {
  if (on < birth) return 0;
  int age = on.year() - birth.year();
  if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day())) {
    --age;
  }
  return age;
}

}  // namespace zj

#include "hardship/calendar.h"

#include <stdexcept>

namespace zj::hardship {

int Weekday(Date d) {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  const int days = d.DaysSinceEpoch();
  return ((days % 7) + 7 + 3) % 7;
}

bool WorkCalendar::IsWorkingDay(Date d) const {
  if (make_up_.contains(d)) return true;
  if (holidays_.contains(d)) return false;
  return Weekday(d) < 5;
}

Date WorkCalendar::WindowEnd(Date start, int n) const {
  if (n < 1) throw std::invalid_argument("a notice window has at least one working day");
  constexpr int kMaxSpanDays = 366;  // no real calendar has a year without n working days
  Date d = start;
  for (int span = 0; span < kMaxSpanDays; ++span, d = d.AddDays(1)) {
    if (IsWorkingDay(d) && --n == 0) return d;
  }
  throw std::runtime_error("the holiday calendar leaves no working days");
}

}  // namespace zj::hardship

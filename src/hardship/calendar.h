#pragma once
// Working days for public-notice windows (公示期, DOMAIN.md §4): weekends and public holidays
// are not working days, except the weekend days the State Council moves work to (调休).
#include <set>

#include "base/date.h"

namespace zj::hardship {

class WorkCalendar {
 public:
  // holidays: days off on a weekday; make_up_workdays: weekend days worked instead.
  WorkCalendar(std::set<Date> holidays, std::set<Date> make_up_workdays)
      : holidays_(std::move(holidays)), make_up_(std::move(make_up_workdays)) {}

  bool IsWorkingDay(Date d) const;
  // The last day of a window of n working days that starts on `start` (counted if it is a
  // working day). REQUIRES: n >= 1.
  Date WindowEnd(Date start, int n) const;

 private:
  std::set<Date> holidays_;
  std::set<Date> make_up_;
};

// Monday = 0 ... Sunday = 6.
int Weekday(Date d);

}  // namespace zj::hardship

#include "members/model.h"

#include <algorithm>

namespace zj::members {

std::string_view StateName(State s) { return kStateNames[static_cast<size_t>(s)]; }

std::optional<State> ParseState(std::string_view name) {
  for (size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == name) return static_cast<State>(i);
  }
  return std::nullopt;
}

const std::vector<Transition>& Transitions() {
  static const std::vector<Transition> kTable = {
      {"approve", {State::kApplied}, State::kActive, false, "member:approve"},
      {"reject", {State::kApplied}, State::kRejected, true, "member:approve"},
      {"activate", {State::kProvisional}, State::kActive, false, "member:approve"},
      {"retain", {State::kActive}, State::kRetained, true, "member:write"},
      {"restore", {State::kRetained}, State::kActive, false, "member:write"},
      {"withdraw",
       {State::kActive, State::kRetained, State::kProvisional},
       State::kWithdrawn,
       true,
       "member:write"},
      {"expel", {State::kActive, State::kRetained}, State::kExpelled, true, "member:approve"},
      {"reapply", {State::kWithdrawn, State::kRejected}, State::kApplied, false, "member:write"},
  };
  return kTable;
}

const Transition* FindTransition(std::string_view action) {
  for (const Transition& t : Transitions()) {
    if (t.action == action) return &t;
  }
  return nullptr;
}

bool MayJoinAgain(State s) {
  static const std::vector<State>& kFrom = FindTransition("reapply")->from;
  return std::find(kFrom.begin(), kFrom.end(), s) != kFrom.end();
}

std::string MaskPhone(std::string_view phone) {
  if (phone.size() < 7) return std::string(phone.size(), '*');
  return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') +
         std::string(phone.substr(phone.size() - 4));
}

std::string Reverse(std::string_view s) { return std::string(s.rbegin(), s.rend()); }

std::string CardNumber(const Member& m) {
  std::string id = std::to_string(m.id);
  return "ZJ" + m.province_code + std::string(id.size() < 10 ? 10 - id.size() : 0, '0') + id;
}

}  // namespace zj::members

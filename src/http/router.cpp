#include "http/router.h"

#include <stdexcept>

namespace zj::http {
namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool IsParam(const std::string& seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

// Number of literal segments matched: used to prefer /orgs/search over /orgs/{id}.
int MatchScore(const Route& r, const std::vector<std::string>& segs,
               std::map<std::string, std::string>* params) {
  if (r.segments.size() != segs.size()) return -1;
  int score = 0;
  for (size_t i = 0; i < segs.size(); ++i) {
    if (IsParam(r.segments[i])) {
      if (params) (*params)[r.segments[i].substr(1, r.segments[i].size() - 2)] = segs[i];
    } else if (r.segments[i] == segs[i]) {
      ++score;
    } else {
      return -1;
    }
  }
  return score;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  if (pattern.empty() || pattern[0] != '/') throw std::logic_error("route must start with /");
  for (const Route& r : routes_) {
    if (r.method == method && r.pattern == pattern) {
      throw std::logic_error("duplicate route " + method + " " + pattern);
    }
  }
  Route r{std::move(method), std::move(pattern), std::move(handler), options, {}};
  r.segments = Split(r.pattern);
  routes_.push_back(std::move(r));
}

size_t Router::MaxBodyBytes() const {
  size_t max = kDefaultMaxBodyBytes;
  for (const Route& r : routes_) max = std::max(max, r.options.max_body_bytes);
  return max;
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  const auto segs = Split(path);
  Match best;
  int best_score = -1;
  int best_any_method = -1;
  for (const Route& r : routes_) {
    int score = MatchScore(r, segs, nullptr);
    if (score < 0) continue;
    best_any_method = std::max(best_any_method, score);
    if (r.method == method && score > best_score) {
      best_score = score;
      best.route = &r;
    }
  }
  if (best.route) {
    MatchScore(*best.route, segs, &best.params);
    return best;
  }
  if (best_any_method >= 0) {
    for (const Route& r : routes_) {
      if (MatchScore(r, segs, nullptr) == best_any_method) best.allowed_methods.push_back(r.method);
    }
  }
  return best;
}

}  // namespace zj::http

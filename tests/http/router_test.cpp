#include "http/router.h"

#include <gtest/gtest.h>

namespace zj::http {
namespace {

Handler Named(std::string name) {
  return [name](Request&) -> Result<Response> {
    Response r;
    r.body = name;
    return r;
  };
}

std::string Call(const Router& router, std::string_view method, std::string_view path,
                 std::map<std::string, std::string>* params = nullptr) {
  auto m = router.Find(method, path);
  if (!m.route) return m.allowed_methods.empty() ? "404" : "405";
  if (params) *params = m.params;
  Request req;
  return m.route->handler(req)->body;
}

TEST(Router, LiteralSegmentBeatsParameter) {
  Router r;
  r.Add("GET", "/api/v1/orgs/{id}", Named("get"));
  r.Add("GET", "/api/v1/orgs/search", Named("search"));
  EXPECT_EQ(Call(r, "GET", "/api/v1/orgs/search"), "search");
  std::map<std::string, std::string> params;
  EXPECT_EQ(Call(r, "GET", "/api/v1/orgs/42", &params), "get");
  EXPECT_EQ(params["id"], "42");
}

TEST(Router, UnknownPathIsNotFoundAndWrongMethodListsAllowed) {
  Router r;
  r.Add("GET", "/api/v1/orgs/{id}", Named("get"));
  r.Add("PATCH", "/api/v1/orgs/{id}", Named("patch"));
  EXPECT_EQ(Call(r, "GET", "/api/v1/nothing"), "404");
  auto m = r.Find("DELETE", "/api/v1/orgs/7");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"GET", "PATCH"}));
}

TEST(Router, TrailingAndDoubleSlashesMatchTheSameRoute) {
  Router r;
  r.Add("GET", "/api/v1/orgs", Named("list"));
  EXPECT_EQ(Call(r, "GET", "/api/v1/orgs/"), "list");
  EXPECT_EQ(Call(r, "GET", "/api//v1/orgs"), "list");
}

TEST(Router, DuplicateRouteIsABug) {
  Router r;
  r.Add("GET", "/a", Named("a"));
  EXPECT_THROW(r.Add("GET", "/a", Named("b")), std::logic_error);
}

}  // namespace
}  // namespace zj::http

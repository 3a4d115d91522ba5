// docs/openapi.yaml and the router must list the same routes.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <set>

#include "app/wiring.h"
#include "support/test_db.h"

namespace zj {
namespace {

TEST(OpenApi, SpecAndRouterAgree) {
  YAML::Node spec = YAML::LoadFile(std::string(ZJ_SOURCE_DIR) + "/docs/openapi.yaml");
  ASSERT_EQ(spec["openapi"].as<std::string>().substr(0, 3), "3.1");
  std::set<std::string> documented;
  for (const auto& path : spec["paths"]) {
    for (const auto& op : path.second) {
      std::string method = op.first.as<std::string>();
      if (method == "parameters" || method == "summary" || method == "description") continue;
      for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(method + " " + path.first.as<std::string>());
    }
  }
  testing::TestDatabase test_db(db::Engine::kSqlite);
  http::Metrics metrics;
  http::Router router;
  jobs::Runner runner;
  app::RegisterAllRoutes(router, test_db.db(), metrics, runner);
  std::set<std::string> routed;
  for (const auto& r : router.routes()) routed.insert(r.method + " " + r.pattern);
  for (const auto& r : routed)
    EXPECT_TRUE(documented.contains(r)) << r << " is not in openapi.yaml";
  for (const auto& d : documented)
    EXPECT_TRUE(routed.contains(d)) << d << " is documented but not routed";
}

}  // namespace
}  // namespace zj

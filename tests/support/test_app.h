#pragma once
// The whole application over a test database, driven through the HTTP pipeline without a socket.
#include <boost/json.hpp>
#include <string>

#include "app/wiring.h"
#include "http/server.h"
#include "support/test_db.h"

namespace zj::testing {

struct Reply {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  boost::json::value json;  // null when the body is not JSON
  std::string Header(std::string_view name) const;
  // error.code / error.message of an error reply, "" otherwise.
  std::string ErrorCode() const;
  std::string ErrorMessage() const;
};

// A logged-in browser: the session cookie and the CSRF token.
struct Browser {
  std::string cookie;
  std::string csrf;
};

class AppTest : public EngineTest {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A request through the full pipeline (routing, auth, CSRF, errors).
  Reply Call(std::string method, std::string target, std::string body = {},
             const Browser* as = nullptr, std::map<std::string, std::string> headers = {});
  // Creates a user with a known password and one role over the subtree of org_id.
  void AddUser(const std::string& username, int64_t org_id, const std::string& role,
               const std::string& scope = "subtree");
  Browser Login(const std::string& username);
  // The id of the org with this exact name.
  int64_t OrgId(const std::string& name);
  // Fills the database with the small demo province (Zhejiang, 300 grassroots unions).
  void LoadDemo(int64_t grassroots = 300);
  // Two counties of the demo that each hold a grassroots union, and those unions.
  struct TwoCounties {
    int64_t county = 0, grassroots = 0, other_county = 0, other_grassroots = 0;
  };
  TwoCounties PickTwoCounties();
  // An active member of the org, written straight to the table (no events): test setup.
  int64_t AddActiveMember(int64_t org_id, const std::string& name, const std::string& id_number,
                          const std::optional<std::string>& phone = std::nullopt);

  static constexpr const char* kPassword = "correct-horse-battery";
  // The address requests come from (login throttling and /metrics look at it).
  std::string client_ip_ = "127.0.0.1";
  std::unique_ptr<jobs::Runner> runner_;
  std::unique_ptr<http::Metrics> metrics_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<http::Pipeline> pipeline_;
};

}  // namespace zj::testing

#pragma once
// Configuration: flags first, then the environment (ZHIJIA_DB, ZHIJIA_LISTEN, ZHIJIA_WEB,
// ZHIJIA_THREADS, ZHIJIA_METRICS_TOKEN), then a TOML file (--config or ZHIJIA_CONFIG), then
// defaults.
#include <string>
#include <vector>

#include "base/error.h"

namespace zj::app {

struct Config {
  std::string db = "zhijia.db";  // SQLite file, or postgresql://...
  std::string listen = "127.0.0.1:8080";
  std::string web_dir;  // empty: found next to the binary or in ./web/dist
  int threads = 0;      // 0: one I/O thread per core
  std::string log_level = "info";
  bool access_log = true;
  // Reached over HTTPS (a TLS proxy in front): the session cookie gets Secure.
  bool https = false;
  // Client addresses that may read /metrics; and a token that may read it from anywhere.
  std::vector<std::string> metrics_allow = {"127.0.0.1", "::1"};
  std::string metrics_token;
};

// Values given on the command line; empty means "not given".
struct ConfigFlags {
  std::string config_file;
  std::string db;
  std::string listen;
  std::string web_dir;
  int threads = -1;
};

// Merges flags, environment and file. Fails on an unreadable or malformed file.
Result<Config> LoadConfig(const ConfigFlags& flags);

// The built web app to serve: the configured folder, else ./web/dist, else <binary>/../web/dist.
std::string FindWebDir(const std::string& configured);

}  // namespace zj::app

#include "app/config.h"

#include <toml++/toml.h>

#include <cstdlib>
#include <filesystem>

namespace zj::app {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

Result<Config> LoadConfig(const ConfigFlags& flags) {
  Config c;
  std::string file = !flags.config_file.empty() ? flags.config_file : Env("ZHIJIA_CONFIG");
  if (!file.empty()) {
    try {
      toml::table t = toml::parse_file(file);
      c.db = t["db"].value_or(c.db);
      c.listen = t["listen"].value_or(c.listen);
      c.web_dir = t["web_dir"].value_or(c.web_dir);
      c.threads = t["threads"].value_or(c.threads);
      c.log_level = t["log_level"].value_or(c.log_level);
      c.access_log = t["access_log"].value_or(c.access_log);
      c.https = t["https"].value_or(c.https);
      c.metrics_token = t["metrics_token"].value_or(c.metrics_token);
      if (const toml::array* allow = t["metrics_allow"].as_array()) {
        c.metrics_allow.clear();
        for (const auto& v : *allow) {
          if (auto ip = v.value<std::string>()) c.metrics_allow.push_back(*ip);
        }
      }
    } catch (const toml::parse_error& e) {
      return Invalid("config", "配置文件 " + file + " 无法读取：" + std::string(e.description()),
                     "Cannot read config file " + file + ": " + std::string(e.description()));
    }
  }
  auto pick = [](std::string& target, const std::string& flag, const char* env) {
    if (!flag.empty()) {
      target = flag;
    } else if (!Env(env).empty()) {
      target = Env(env);
    }
  };
  pick(c.db, flags.db, "ZHIJIA_DB");
  pick(c.listen, flags.listen, "ZHIJIA_LISTEN");
  pick(c.web_dir, flags.web_dir, "ZHIJIA_WEB");
  pick(c.metrics_token, "", "ZHIJIA_METRICS_TOKEN");
  if (flags.threads >= 0) {
    c.threads = flags.threads;
  } else if (!Env("ZHIJIA_THREADS").empty()) {
    c.threads = std::atoi(Env("ZHIJIA_THREADS").c_str());
  }
  return c;
}

std::string FindWebDir(const std::string& configured) {
  namespace fs = std::filesystem;
  if (!configured.empty()) return configured;
  std::error_code ec;
  if (fs::is_regular_file("web/dist/index.html", ec)) return fs::absolute("web/dist").string();
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path();
         dir = dir.parent_path()) {
      if (fs::is_regular_file(dir / "web/dist/index.html", ec)) return (dir / "web/dist").string();
    }
  }
  return "";
}

}  // namespace zj::app

#include "app/cli.h"

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/config.h"
#include "app/demo.h"
#include "app/wiring.h"
#include "auth/password.h"
#include "auth/service.h"
#include "db/migrate.h"
#include "funds/ledger.h"
#include "funds/simulate.h"
#include "jobs/jobs.h"
#include "jobs/report.h"
#include "members/export.h"
#include "members/import_job.h"

namespace zj::app {
namespace {

int Refused(const Error& e) {
  std::cerr << "错误 / error: " << e.message_zh << "\n  " << e.message_en << "\n";
  return 1;
}

std::unique_ptr<db::Database> OpenAndMigrate(const Config& config) {
  auto db = db::Database::Open(config.db);
  auto conn = db->Acquire();
  if (int n = db::Migrate(*conn); n > 0) spdlog::info("applied {} migration(s)", n);
  members::EnsureSearchIndexes(*conn);  // an import stopped by a crash dropped them
  return db;
}

// An org given by id or by exact name.
Result<int64_t> ResolveOrg(db::Connection& conn, const std::string& text) {
  int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec == std::errc() && p == text.data() + text.size()) return id;
  auto rows = conn.Query("SELECT id FROM orgs WHERE name = ? ORDER BY depth, id", {text});
  if (rows.empty()) {
    return Fail(ErrorCode::kNotFound, "没有名为“" + text + "”的组织", "No org named '" + text + "'",
                "org");
  }
  if (rows.size() > 1) {
    return Fail(ErrorCode::kConflict, "有多个组织名为“" + text + "”，请改用编号",
                "Several orgs are named '" + text + "'; give the id instead", "org");
  }
  return rows[0].Int(0);
}

std::string ReadPassword(bool from_stdin, bool* generated) {
  *generated = !from_stdin;
  if (!from_stdin) return auth::GeneratePassword();
  std::string pw;
  std::getline(std::cin, pw);
  while (!pw.empty() && (pw.back() == '\r' || pw.back() == '\n')) pw.pop_back();
  return pw;
}

int ImportMembersCli(db::Database& db, std::shared_ptr<auth::Principal> principal,
                     const std::string& file, bool update) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) {
    std::cerr << "cannot read " << file << "\n";
    return 1;
  }
  std::string bytes(static_cast<size_t>(in.tellg()), '\0');
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  int64_t job_id = 0;
  {
    auto conn = db.Acquire();
    job_id = db::WithTransaction(*conn, [&] {
      return jobs::Create(*conn, "member_import",
                          principal ? std::optional<int64_t>(principal->user_id) : std::nullopt,
                          principal ? principal->username : "cli");
    });
  }
  const auto start = std::chrono::steady_clock::now();
  members::RunImportJob(db, principal, "cli", job_id, std::move(bytes), {.update = update},
                        [](const jobs::Counters& k) {
                          std::cerr << "\r" << k.processed_rows << " / " << k.total_rows << " rows"
                                    << std::flush;
                        });
  std::cerr << "\n";
  auto conn = db.Acquire();
  auto job = jobs::Get(*conn, job_id);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const jobs::Counters& k = job->counters;
  std::cout << "import " << job->state << ": " << k.total_rows << " data rows = " << k.accepted_rows
            << " added + " << k.updated_rows << " updated + " << k.unchanged_rows << " unchanged + "
            << k.rejected_rows << " rejected, in " << seconds << " s\n";
  if (job->message) std::cout << *job->message << "\n";
  if (job->counters.rejected_rows > 0) {
    const std::string report = file + ".errors.xlsx";
    if (jobs::WriteErrorReport(*conn, job_id, report)) {
      std::cout << "rejected rows and their reasons: " << report << "\n";
    }
  }
  return job->state == "done" ? 0 : 1;
}

int Serve(const Config& config) {
  auto listen = http::ParseListen(config.listen);
  if (!listen) return Refused(listen.error());
  auto db = OpenAndMigrate(config);
  http::Metrics metrics;
  http::Router router;
  jobs::Runner runner;
  RegisterAllRoutes(router, *db, metrics, runner,
                    {.metrics_allow = config.metrics_allow,
                     .metrics_token = config.metrics_token,
                     .https = config.https});
  http::Pipeline pipeline(router, MakeAuthenticator(*db), &metrics, FindWebDir(config.web_dir));
  http::ServerConfig sc;
  sc.host = listen->first;
  sc.port = listen->second;
  sc.io_threads = config.threads;
  http::Server server(sc, pipeline);
  auto port = server.Listen();
  if (!port) return Refused(port.error());
  spdlog::info("zhijia serving on http://{}:{} (database: {}, web: {})", sc.host, *port,
               db->engine() == db::Engine::kPostgres ? "PostgreSQL" : config.db,
               FindWebDir(config.web_dir).empty() ? "none" : FindWebDir(config.web_dir));
  server.Run(true);
  return 0;
}

// Each group of subcommands: its options, added to the command line, and what it runs. Run
// answers nullopt when none of the group's subcommands was given.
struct DemoCommand {
  CLI::App* cmd = nullptr;
  DemoOptions opts;
  bool no_users = false;

  void Add(CLI::App& app) {
    cmd = app.add_subcommand("demo", "Fill an empty database with a synthetic province");
    cmd->add_option("--seed", opts.seed, "Random seed");
    cmd->add_option("--province", opts.province, "Two-digit province code (33: 浙江)");
    cmd->add_option("--grassroots", opts.grassroots, "Number of grassroots unions");
    cmd->add_option("--members", opts.members, "Number of members");
    cmd->add_option("--households", opts.households,
                    "Number of hardship household files (over the members)");
    cmd->add_flag("--no-users", no_users, "Create no users");
  }

  std::optional<int> Run(db::Connection& conn) {
    if (!cmd->parsed()) return std::nullopt;
    opts.with_users = !no_users;
    auto r = GenerateDemo(conn, opts);
    if (!r) return Refused(r.error());
    std::cout << "created " << r->orgs << " orgs";
    if (r->members > 0) std::cout << ", " << r->members << " members";
    if (r->households > 0) std::cout << ", " << r->households << " hardship files";
    std::cout << "\n";
    if (!r->users.empty()) {
      std::cout << "\nDemo users — these passwords are shown only once:\n";
      for (const auto& u : r->users) {
        std::cout << "  " << u.username << "  " << u.password << "  (" << u.role << ", "
                  << u.org_name << ")\n";
      }
    }
    return 0;
  }
};

struct MemberFileCommands {
  CLI::App* import_members = nullptr;
  CLI::App* export_members = nullptr;
  std::string file, as_user, out_file;
  bool update = false, unmask = false;
  int64_t export_org = 0;

  void Add(CLI::App& app) {
    auto* import =
        app.add_subcommand("import", "Import records from a CSV (UTF-8 or GBK) or XLSX file");
    import->require_subcommand(1);
    import->fallthrough();
    import_members = import->add_subcommand("members", "Import members");
    import_members->add_option("file", file, "The file")->required()->check(CLI::ExistingFile);
    import_members->add_flag("--update", update, "Update existing records of the same union");
    import_members->add_option("--as", as_user, "Import with this user's scope (default: all)");
    auto* exp = app.add_subcommand("export", "Export records to XLSX");
    exp->require_subcommand(1);
    exp->fallthrough();
    export_members = exp->add_subcommand("members", "Export members");
    export_members->add_option("--out", out_file, "The XLSX file to write")->required();
    export_members->add_option("--org", export_org, "Only this org and below");
    export_members->add_flag("--unmask", unmask, "ID numbers and phones in full (audited)");
    export_members->add_option("--as", as_user, "Export with this user's scope (default: all)");
  }

  std::optional<int> Run(db::Database& db, db::Connection& conn) {
    if (!import_members->parsed() && !export_members->parsed()) return std::nullopt;
    std::shared_ptr<auth::Principal> principal;
    if (!as_user.empty()) {
      auto p = auth::LoadPrincipalByName(conn, as_user);
      if (!p) return Refused(p.error());
      principal = *p;
    }
    if (import_members->parsed()) return ImportMembersCli(db, principal, file, update);
    members::MemberFilter f;
    if (export_org > 0) f.org_id = export_org;
    auto rows = members::ExportMembers(conn, {principal.get(), "cli"}, f, unmask, out_file);
    if (!rows) return Refused(rows.error());
    std::cout << "exported " << *rows << " members to " << out_file << "\n";
    return 0;
  }
};

Result<auth::ScopeKind> ScopeKindOf(const std::string& scope) {
  auth::ScopeKind kind;
  if (!auth::ParseScopeKind(scope, &kind)) {
    return Invalid("scope", "范围应为 all、subtree、own_org 或 self",
                   "The scope must be all, subtree, own_org or self");
  }
  return kind;
}

struct UserCommands {
  CLI::App *add = nullptr, *passwd = nullptr, *grant = nullptr, *token = nullptr;
  std::string username, display_name, org, role, scope = "subtree", token_name = "api";
  bool password_stdin = false;

  void Add(CLI::App& app) {
    auto* user = app.add_subcommand("user", "Manage users");
    user->require_subcommand(1);
    user->fallthrough();
    add = user->add_subcommand("add", "Create a user (prints a generated password)");
    add->add_option("--username", username)->required();
    add->add_option("--display-name", display_name);
    add->add_option("--org", org, "Org id or exact name")->required();
    add->add_option("--role", role, "Grant this role at once");
    add->add_option("--scope", scope, "all | subtree | own_org | self");
    add->add_flag("--password-stdin", password_stdin, "Read the password from standard input");
    passwd = user->add_subcommand("passwd", "Set a new password");
    passwd->add_option("--username", username)->required();
    passwd->add_flag("--password-stdin", password_stdin, "Read the password from standard input");
    grant = user->add_subcommand("grant", "Grant a role over a data scope");
    grant->add_option("--username", username)->required();
    grant->add_option("--role", role)->required();
    grant->add_option("--scope", scope, "all | subtree | own_org | self");
    grant->add_option("--org", org, "Org id or exact name (default: the user's org)");
    token = user->add_subcommand("token", "Issue a bearer token for a machine client");
    token->add_option("--username", username)->required();
    token->add_option("--name", token_name, "What the token is for");
  }

  std::optional<int> Run(db::Connection& conn) {
    if (add->parsed()) return Done(AddUser(conn));
    if (passwd->parsed()) return Done(Passwd(conn));
    if (grant->parsed()) return Done(Grant(conn));
    if (token->parsed()) {
      auto t = auth::IssueToken(conn, nullptr, username, token_name);
      if (!t) return Refused(t.error());
      std::cout << *t << "\n";
      return 0;
    }
    return std::nullopt;
  }

 private:
  static int Done(const Result<void>& r) { return r ? 0 : Refused(r.error()); }

  Result<void> AddUser(db::Connection& conn) {
    ZJ_ASSIGN_OR_RETURN(auto org_id, ResolveOrg(conn, org));
    bool generated = false;
    const std::string pw = ReadPassword(password_stdin, &generated);
    ZJ_ASSIGN_OR_RETURN(
        auto id,
        auth::CreateUser(conn, nullptr,
                         {username, display_name.empty() ? username : display_name, org_id, pw}));
    if (!role.empty()) {
      ZJ_ASSIGN_OR_RETURN(auto kind, ScopeKindOf(scope));
      ZJ_TRY(auth::GrantRole(conn, nullptr, username, role, kind, org_id));
    }
    std::cout << "created user " << username << " (id " << id << ")\n";
    if (generated) std::cout << "password: " << pw << "   (shown only once)\n";
    return {};
  }

  Result<void> Passwd(db::Connection& conn) {
    bool generated = false;
    const std::string pw = ReadPassword(password_stdin, &generated);
    ZJ_TRY(auth::SetPassword(conn, nullptr, username, pw));
    std::cout << "password changed for " << username << "\n";
    if (generated) std::cout << "password: " << pw << "   (shown only once)\n";
    return {};
  }

  Result<void> Grant(db::Connection& conn) {
    ZJ_ASSIGN_OR_RETURN(auto kind, ScopeKindOf(scope));
    std::optional<int64_t> org_id;
    if (!org.empty()) {
      ZJ_ASSIGN_OR_RETURN(org_id, ResolveOrg(conn, org));
    }
    ZJ_TRY(auth::GrantRole(conn, nullptr, username, role, kind, org_id));
    std::cout << "granted " << role << " (" << scope << ") to " << username << "\n";
    return {};
  }
};

struct FundsCommands {
  CLI::App *verify = nullptr, *simulate = nullptr;
  uint64_t seed = 1;
  int64_t batches = -1;
  int batch_size = 8;

  void Add(CLI::App& app) {
    auto* funds_cmd = app.add_subcommand("funds", "The assistance-fund ledger");
    funds_cmd->require_subcommand(1);
    funds_cmd->fallthrough();
    verify = funds_cmd->add_subcommand("verify", "Recompute every balance from the transfers");
    simulate = funds_cmd->add_subcommand("simulate",
                                         "Post linked batches of test transfers (own accounts)");
    simulate->add_option("--seed", seed);
    simulate->add_option("--batches", batches, "How many (default: until stopped)");
    simulate->add_option("--batch-size", batch_size);
  }

  std::optional<int> Run(db::Connection& conn) {
    if (verify->parsed()) return Verify(conn);
    if (simulate->parsed()) {
      std::cout << "applied " << funds::Simulate(conn, seed, batches, batch_size) << " transfers\n";
      return 0;
    }
    return std::nullopt;
  }

 private:
  static int Verify(db::Connection& conn) {
    const funds::Verification v = funds::Verify(conn);
    std::cout << v.accounts << " accounts, " << v.transfers << " transfers: "
              << (v.ok() ? "every balance equals its recomputation, no account is overdrawn "
                           "and every transfer moves in a permitted direction"
                         : "MISMATCH")
              << "\n";
    for (const auto& m : v.mismatches) {
      std::cout << "  account " << m.account_id << " " << m.field << ": stored " << m.stored
                << ", recomputed " << m.recomputed << "\n";
    }
    if (!v.totals_balance) std::cout << "  debits and credits do not balance in total\n";
    for (int64_t id : v.overdrawn) std::cout << "  account " << id << " is overdrawn\n";
    for (int64_t id : v.misdirected) {
      std::cout << "  transfer " << id << " moves money in a direction the ledger forbids\n";
    }
    return v.ok() ? 0 : 3;
  }
};

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{"zhijia 职家 — targeted assistance for workers in hardship"};
  app.require_subcommand(1);
  app.fallthrough();  // --db and --config may also follow the subcommand
  ConfigFlags flags;
  app.add_option("--config", flags.config_file, "TOML configuration file");
  app.add_option("--db", flags.db, "SQLite file or postgresql:// URL (env ZHIJIA_DB)");

  auto* serve = app.add_subcommand("serve", "Run the HTTP server");
  serve->add_option("--listen", flags.listen, "host:port (env ZHIJIA_LISTEN)");
  serve->add_option("--web", flags.web_dir, "Folder of the built web app (env ZHIJIA_WEB)");
  serve->add_option("--threads", flags.threads, "I/O threads (0: one per core)");
  bool quiet = false;
  serve->add_flag("--no-access-log", quiet, "Do not log every request");
  auto* migrate = app.add_subcommand("migrate", "Create or upgrade the database schema");
  DemoCommand demo;
  demo.Add(app);
  MemberFileCommands member_files;
  member_files.Add(app);
  UserCommands users;
  users.Add(app);
  FundsCommands funds_cmds;
  funds_cmds.Add(app);

  CLI11_PARSE(app, argc, argv);

  auto config = LoadConfig(flags);
  if (!config) return Refused(config.error());
  if (quiet) config->access_log = false;
  if (!config->access_log || !serve->parsed()) {
    spdlog::register_logger(std::make_shared<spdlog::logger>(
        "access", std::make_shared<spdlog::sinks::null_sink_mt>()));
  }
  try {
    if (serve->parsed()) return Serve(*config);
    auto db = OpenAndMigrate(*config);
    auto conn = db->Acquire();
    if (migrate->parsed()) {
      std::cout << "schema version " << db::SchemaVersion(*conn) << "\n";
      return 0;
    }
    if (auto ran = demo.Run(*conn)) return *ran;
    if (auto ran = member_files.Run(*db, *conn)) return *ran;
    if (auto ran = users.Run(*conn)) return *ran;
    if (auto ran = funds_cmds.Run(*conn)) return *ran;
  } catch (const std::exception& e) {
    std::cerr << "错误 / error: " << e.what() << "\n";
    return 1;
  }
  return 2;
}

}  // namespace zj::app

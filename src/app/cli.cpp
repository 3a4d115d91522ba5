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

  app.add_subcommand("migrate", "Create or upgrade the database schema");

  auto* demo = app.add_subcommand("demo", "Fill an empty database with a synthetic province");
  DemoOptions demo_opts;
  demo->add_option("--seed", demo_opts.seed, "Random seed");
  demo->add_option("--province", demo_opts.province, "Two-digit province code (33: 浙江)");
  demo->add_option("--grassroots", demo_opts.grassroots, "Number of grassroots unions");
  demo->add_option("--members", demo_opts.members, "Number of members");
  demo->add_option("--households", demo_opts.households,
                   "Number of hardship household files (over the members)");
  bool no_users = false;
  demo->add_flag("--no-users", no_users, "Create no users");

  auto* import =
      app.add_subcommand("import", "Import records from a CSV (UTF-8 or GBK) or XLSX file");
  import->require_subcommand(1);
  import->fallthrough();
  std::string file, as_user, out_file;
  bool update = false, unmask = false;
  int64_t export_org = 0;
  auto* import_members = import->add_subcommand("members", "Import members");
  import_members->add_option("file", file, "The file")->required()->check(CLI::ExistingFile);
  import_members->add_flag("--update", update, "Update existing records of the same union");
  import_members->add_option("--as", as_user, "Import with this user's scope (default: all)");
  auto* exp = app.add_subcommand("export", "Export records to XLSX");
  exp->require_subcommand(1);
  exp->fallthrough();
  auto* export_members = exp->add_subcommand("members", "Export members");
  export_members->add_option("--out", out_file, "The XLSX file to write")->required();
  export_members->add_option("--org", export_org, "Only this org and below");
  export_members->add_flag("--unmask", unmask, "ID numbers and phones in full (audited)");
  export_members->add_option("--as", as_user, "Export with this user's scope (default: all)");

  auto* user = app.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  user->fallthrough();
  std::string username, display_name, org, role, scope = "subtree", token_name = "api";
  bool password_stdin = false;
  auto* add = user->add_subcommand("add", "Create a user (prints a generated password)");
  add->add_option("--username", username)->required();
  add->add_option("--display-name", display_name);
  add->add_option("--org", org, "Org id or exact name")->required();
  add->add_option("--role", role, "Grant this role at once");
  add->add_option("--scope", scope, "all | subtree | own_org | self");
  add->add_flag("--password-stdin", password_stdin, "Read the password from standard input");
  auto* passwd = user->add_subcommand("passwd", "Set a new password");
  passwd->add_option("--username", username)->required();
  passwd->add_flag("--password-stdin", password_stdin, "Read the password from standard input");
  auto* grant = user->add_subcommand("grant", "Grant a role over a data scope");
  grant->add_option("--username", username)->required();
  grant->add_option("--role", role)->required();
  grant->add_option("--scope", scope, "all | subtree | own_org | self");
  grant->add_option("--org", org, "Org id or exact name (default: the user's org)");
  auto* token = user->add_subcommand("token", "Issue a bearer token for a machine client");
  token->add_option("--username", username)->required();
  token->add_option("--name", token_name, "What the token is for");

  auto* funds_cmd = app.add_subcommand("funds", "The assistance-fund ledger");
  funds_cmd->require_subcommand(1);
  funds_cmd->fallthrough();
  auto* funds_verify =
      funds_cmd->add_subcommand("verify", "Recompute every balance from the transfers");
  auto* funds_simulate =
      funds_cmd->add_subcommand("simulate", "Post linked batches of test transfers (own accounts)");
  uint64_t sim_seed = 1;
  int64_t sim_batches = -1;
  int sim_batch_size = 8;
  funds_simulate->add_option("--seed", sim_seed);
  funds_simulate->add_option("--batches", sim_batches, "How many (default: until stopped)");
  funds_simulate->add_option("--batch-size", sim_batch_size);

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
    if (app.got_subcommand("migrate")) {
      auto conn = db->Acquire();
      std::cout << "schema version " << db::SchemaVersion(*conn) << "\n";
      return 0;
    }
    auto conn = db->Acquire();
    if (demo->parsed()) {
      demo_opts.with_users = !no_users;
      auto r = GenerateDemo(*conn, demo_opts);
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
    std::shared_ptr<auth::Principal> principal;
    if (!as_user.empty()) {
      auto p = auth::LoadPrincipalByName(*conn, as_user);
      if (!p) return Refused(p.error());
      principal = *p;
    }
    if (import_members->parsed()) return ImportMembersCli(*db, principal, file, update);
    if (funds_verify->parsed()) {
      const funds::Verification v = funds::Verify(*conn);
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
    if (funds_simulate->parsed()) {
      std::cout << "applied " << funds::Simulate(*conn, sim_seed, sim_batches, sim_batch_size)
                << " transfers\n";
      return 0;
    }
    if (export_members->parsed()) {
      members::MemberFilter f;
      if (export_org > 0) f.org_id = export_org;
      auto rows = members::ExportMembers(*conn, {principal.get(), "cli"}, f, unmask, out_file);
      if (!rows) return Refused(rows.error());
      std::cout << "exported " << *rows << " members to " << out_file << "\n";
      return 0;
    }
    if (add->parsed()) {
      auto org_id = ResolveOrg(*conn, org);
      if (!org_id) return Refused(org_id.error());
      bool generated = false;
      const std::string pw = ReadPassword(password_stdin, &generated);
      auto id = auth::CreateUser(
          *conn, nullptr, {username, display_name.empty() ? username : display_name, *org_id, pw});
      if (!id) return Refused(id.error());
      if (!role.empty()) {
        auth::ScopeKind kind;
        if (!auth::ParseScopeKind(scope, &kind)) {
          return Refused(Error{ErrorCode::kInvalidArgument,
                               "范围应为 all、subtree、own_org 或 self",
                               "The scope must be all, subtree, own_org or self", "scope"});
        }
        auto g = auth::GrantRole(*conn, nullptr, username, role, kind, *org_id);
        if (!g) return Refused(g.error());
      }
      std::cout << "created user " << username << " (id " << *id << ")\n";
      if (generated) std::cout << "password: " << pw << "   (shown only once)\n";
      return 0;
    }
    if (passwd->parsed()) {
      bool generated = false;
      const std::string pw = ReadPassword(password_stdin, &generated);
      auto r = auth::SetPassword(*conn, nullptr, username, pw);
      if (!r) return Refused(r.error());
      std::cout << "password changed for " << username << "\n";
      if (generated) std::cout << "password: " << pw << "   (shown only once)\n";
      return 0;
    }
    if (grant->parsed()) {
      auth::ScopeKind kind;
      if (!auth::ParseScopeKind(scope, &kind)) {
        return Refused(Error{ErrorCode::kInvalidArgument, "范围应为 all、subtree、own_org 或 self",
                             "The scope must be all, subtree, own_org or self", "scope"});
      }
      std::optional<int64_t> org_id;
      if (!org.empty()) {
        auto r = ResolveOrg(*conn, org);
        if (!r) return Refused(r.error());
        org_id = *r;
      }
      auto g = auth::GrantRole(*conn, nullptr, username, role, kind, org_id);
      if (!g) return Refused(g.error());
      std::cout << "granted " << role << " (" << scope << ") to " << username << "\n";
      return 0;
    }
    if (token->parsed()) {
      auto t = auth::IssueToken(*conn, nullptr, username, token_name);
      if (!t) return Refused(t.error());
      std::cout << *t << "\n";
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "错误 / error: " << e.what() << "\n";
    return 1;
  }
  return 2;
}

}  // namespace zj::app

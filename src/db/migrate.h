#pragma once
// Versioned schema migrations, embedded in the binary from src/db/migrations/NNNN_name.sql.
// One SQL text serves both engines; the tokens below are the only dialect differences:
//   {{ID}}        an auto-assigned BIGINT primary key
//   {{PATH}}      text compared byte-wise (materialized paths, range scans)
//   {{NO_UPDATE table}}  triggers that refuse UPDATE and DELETE (append-only tables)
#include <string>
#include <vector>

#include "db/database.h"

namespace zj::db {

struct MigrationSource {
  int version;
  const char* name;
  const char* sql;
};

// Every migration shipped with this binary, by ascending version.
const std::vector<MigrationSource>& EmbeddedMigrations();

// The SQL of a migration with the dialect tokens replaced for this engine.
std::string RenderMigration(std::string_view sql, Engine engine);

// Applies, each in its own transaction, every embedded migration newer than the database's
// version. Safe to run from several processes at once. Returns the number applied.
int Migrate(Connection& conn);

// The highest applied version (0 for an empty database).
int SchemaVersion(Connection& conn);

}  // namespace zj::db

// PostgreSQL implementation over libpq: `?` rewritten to `$n`, statements prepared once per
// connection, COPY for bulk loads.
#include <libpq-fe.h>

#include <charconv>
#include <memory>
#include <string>
#include <unordered_map>

#include "db/database.h"

namespace zj::db {
namespace {

constexpr Oid kInt2 = 21, kInt4 = 23, kInt8 = 20, kBool = 16, kFloat4 = 700, kFloat8 = 701;
constexpr size_t kStatementCacheLimit = 256;
constexpr size_t kCopyChunkBytes = 1 << 20;

// Rewrites `?` placeholders to `$1..$n`, leaving quoted text and identifiers alone.
std::string Rewrite(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$' + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

DbError::Kind KindOf(const char* sqlstate) {
  std::string_view s = sqlstate ? sqlstate : "";
  if (s == "23505") return DbError::Kind::kUnique;
  if (s == "23503") return DbError::Kind::kForeignKey;
  if (s == "23514") return DbError::Kind::kCheck;
  if (s == "23502") return DbError::Kind::kNotNull;
  if (s == "40001" || s == "40P01" || s == "55P03") return DbError::Kind::kBusy;
  if (s.starts_with("08")) return DbError::Kind::kConnection;
  return DbError::Kind::kOther;
}

// Appends text in COPY's text format, escaping what would end a value or a row.
void AppendCopyText(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

struct PgClear {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgClear>;

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn_);
      PQfinish(conn_);
      conn_ = nullptr;
      throw DbError(DbError::Kind::kConnection, "cannot connect to PostgreSQL: " + msg);
    }
    ExecScript("SET client_min_messages = warning; SET TIME ZONE 'UTC';");
  }
  ~PostgresConnection() override { PQfinish(conn_); }

  Engine engine() const override { return Engine::kPostgres; }
  bool Healthy() const override { return conn_ && PQstatus(conn_) == CONNECTION_OK; }
  bool InTransaction() const override {
    auto s = PQtransactionStatus(conn_);
    return s == PQTRANS_INTRANS || s == PQTRANS_INERROR;
  }

  Rows Query(std::string_view sql, const Params& params) override {
    PgResult res = Run(sql, params);
    const int nrows = PQntuples(res.get());
    const int ncols = PQnfields(res.get());
    Rows rows;
    rows.reserve(nrows);
    for (int r = 0; r < nrows; ++r) {
      std::vector<Value> cells;
      cells.reserve(ncols);
      for (int c = 0; c < ncols; ++c) cells.push_back(Cell(res.get(), r, c));
      rows.emplace_back(std::move(cells));
    }
    return rows;
  }

  int64_t Exec(std::string_view sql, const Params& params) override {
    PgResult res = Run(sql, params);
    const char* n = PQcmdTuples(res.get());
    return (n && *n) ? std::stoll(n) : 0;
  }

  void ExecScript(std::string_view sql) override {
    PgResult res(PQexec(conn_, std::string(sql).c_str()));
    Check(res.get());
  }

  void BulkWrite(std::string_view table, const std::vector<std::string>& columns, size_t n,
                 const RowFill& fill) override {
    Copy(table, columns, n, fill, nullptr);
  }

  // COPY into a temporary table shaped like the target, then one INSERT … SELECT that skips
  // the clashes and says which ids went in.
  std::vector<bool> InsertNew(std::string_view table, const std::vector<std::string>& columns,
                              size_t n, const RowFill& fill) override {
    std::vector<bool> inserted(n, false);
    if (n == 0) return inserted;
    const std::string t(table);
    const std::string stage = "zj_stage_" + t;
    ExecScript("CREATE TEMP TABLE IF NOT EXISTS " + stage + " (LIKE " + t +
               " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
    ExecScript("TRUNCATE " + stage);
    std::vector<int64_t> ids;
    ids.reserve(n);
    Copy(stage, columns, n, fill, &ids);
    std::string list;
    for (size_t i = 0; i < columns.size(); ++i) list += (i ? "," : "") + columns[i];
    std::unordered_map<int64_t, size_t> position;
    for (size_t i = 0; i < ids.size(); ++i) position.emplace(ids[i], i);
    for (const auto& r : Query("INSERT INTO " + t + " (" + list + ") SELECT " + list + " FROM " +
                                   stage + " ON CONFLICT DO NOTHING RETURNING id",
                               {})) {
      if (auto it = position.find(r.Int(0)); it != position.end()) inserted[it->second] = true;
    }
    return inserted;
  }

  void SetBulkLoad(bool on) override {
    ExecScript(on ? "SET maintenance_work_mem = '512MB'" : "RESET maintenance_work_mem");
  }

  void SyncIdSequence(std::string_view table) override {
    const std::string t(table);
    ExecScript("SELECT setval(pg_get_serial_sequence('" + t +
               "', 'id'), "
               "GREATEST((SELECT MAX(id) FROM " +
               t + "), 1))");
  }

  void RefreshStatistics(std::string_view table) override {
    ExecScript("ANALYZE " + std::string(table));
  }

  // Writes values straight into COPY's text format; remembers each row's first integer when
  // asked (InsertNew's ids).
  class CopyWriter final : public RowWriter {
   public:
    CopyWriter(std::string& buf, std::vector<int64_t>* ids) : buf_(buf), ids_(ids) {}
    void Start() { column_ = 0; }
    int written() const { return column_; }
    void Null() override {
      Separate();
      buf_ += "\\N";
    }
    void Int(int64_t v) override {
      if (ids_ && column_ == 0) ids_->push_back(v);
      Separate();
      char digits[24];
      auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
      buf_.append(digits, end);
    }
    void Text(std::string_view v) override {
      Separate();
      AppendCopyText(buf_, v);
    }
    using RowWriter::Int;
    using RowWriter::Text;

   private:
    void Separate() {
      if (column_++) buf_ += '\t';
    }
    std::string& buf_;
    std::vector<int64_t>* ids_;
    int column_ = 0;
  };

  void Copy(std::string_view table, const std::vector<std::string>& columns, size_t n,
            const RowFill& fill, std::vector<int64_t>* ids) {
    std::string sql = "COPY " + std::string(table) + " (";
    for (size_t i = 0; i < columns.size(); ++i) sql += (i ? "," : "") + columns[i];
    sql += ") FROM STDIN";
    {
      PgResult res(PQexec(conn_, sql.c_str()));
      if (PQresultStatus(res.get()) != PGRES_COPY_IN) Check(res.get());
    }
    std::string buf;
    CopyWriter writer(buf, ids);
    std::string problem;
    for (size_t i = 0; i < n && problem.empty(); ++i) {
      writer.Start();
      fill(i, writer);
      if (writer.written() != static_cast<int>(columns.size())) {
        problem = "wrong number of values for: " + sql;
        break;
      }
      buf += '\n';
      if (buf.size() >= kCopyChunkBytes) Flush(buf);
    }
    if (problem.empty()) Flush(buf);
    if (PQputCopyEnd(conn_, problem.empty() ? nullptr : problem.c_str()) != 1) {
      ThrowConn("COPY end");
    }
    PgResult res(PQgetResult(conn_));
    // Drain before checking: a refused COPY (a unique key) must leave the connection idle in
    // the failed transaction, so that the caller's rollback reaches the server.
    while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
    if (!problem.empty()) throw DbError(DbError::Kind::kOther, problem);
    Check(res.get());
  }

  void BeginWrite() override { ExecScript("BEGIN"); }
  void Commit() override { ExecScript("COMMIT"); }
  void Rollback() override {
    if (InTransaction()) ExecScript("ROLLBACK");
  }

 private:
  PgResult Run(std::string_view sql, const Params& params) {
    const std::string& name = Prepare(sql, params.size());
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      if (params[i].IsNull()) {
        values[i] = nullptr;
      } else {
        texts[i] = params[i].AsText();
        values[i] = texts[i].c_str();
      }
    }
    PgResult res(PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), values.data(),
                                nullptr, nullptr, 0));
    Check(res.get());
    return res;
  }

  const std::string& Prepare(std::string_view sql, size_t nparams) {
    std::string key(sql);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    if (cache_.size() >= kStatementCacheLimit) {
      ExecScript("DEALLOCATE ALL");
      cache_.clear();
    }
    std::string name = "zj" + std::to_string(++statement_seq_);
    PgResult res(
        PQprepare(conn_, name.c_str(), Rewrite(sql).c_str(), static_cast<int>(nparams), nullptr));
    Check(res.get());
    return cache_.emplace(std::move(key), std::move(name)).first->second;
  }

  static Value Cell(PGresult* res, int r, int c) {
    if (PQgetisnull(res, r, c)) return Value();
    const char* text = PQgetvalue(res, r, c);
    switch (PQftype(res, c)) {
      case kInt2:
      case kInt4:
      case kInt8:
        return Value(static_cast<long long>(std::stoll(text)));
      case kBool:
        return Value(text[0] == 't' ? 1 : 0);
      case kFloat4:
      case kFloat8:
        return Value(std::stod(text));
      default:
        return Value(std::string(text, PQgetlength(res, r, c)));
    }
  }

  void Flush(std::string& buf) {
    if (buf.empty()) return;
    if (PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) != 1) ThrowConn("COPY");
    buf.clear();
  }

  void Check(PGresult* res) {
    auto status = PQresultStatus(res);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    std::string msg = PQresultErrorMessage(res);
    if (PQstatus(conn_) != CONNECTION_OK) {
      throw DbError(DbError::Kind::kConnection, "PostgreSQL connection lost: " + msg);
    }
    throw DbError(KindOf(state), "PostgreSQL: " + msg);
  }

  [[noreturn]] void ThrowConn(const char* what) {
    throw DbError(DbError::Kind::kConnection,
                  std::string("PostgreSQL ") + what + ": " + PQerrorMessage(conn_));
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> cache_;
  uint64_t statement_seq_ = 0;
};

}  // namespace

std::unique_ptr<Connection> OpenPostgres(const std::string& conninfo) {
  return std::make_unique<PostgresConnection>(conninfo);
}

}  // namespace zj::db

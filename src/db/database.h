#pragma once
// One database interface over SQLite and PostgreSQL. SQL is written once with `?` placeholders;
// the engine-specific parts (placeholder syntax, bulk load, migration dialect tokens) live here.
#include <chrono>
#include <condition_variable>
#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "db/value.h"

namespace zj::db {

enum class Engine { kSqlite, kPostgres };

// Where a bulk load writes one row: each call is the next column's value.
class RowWriter {
 public:
  virtual ~RowWriter() = default;
  virtual void Null() = 0;
  virtual void Int(int64_t v) = 0;
  // Text that may not outlive the call: copied.
  virtual void Text(std::string_view v) = 0;
  // Text that stays valid until the bulk write that asked for the row returns (a field of the
  // rows being written, a constant): an engine may keep the view instead of copying it.
  virtual void Stable(std::string_view v) { Text(v); }

  void Write(const Value& v);
  void Text(const std::string& v) { Text(std::string_view(v)); }
  void Text(const char* v) { Text(std::string_view(v)); }
  void Text(const std::optional<std::string>& v) { v ? Text(std::string_view(*v)) : Null(); }
  void Stable(const std::string& v) { Stable(std::string_view(v)); }
  void Stable(const char* v) { Stable(std::string_view(v)); }
  void Stable(const std::optional<std::string>& v) { v ? Stable(std::string_view(*v)) : Null(); }
  void Int(const std::optional<int64_t>& v) { v ? Int(*v) : Null(); }
};
using RowFill = std::function<void(size_t row, RowWriter& w)>;

// A RowWriter that keeps the values as Params (for a single INSERT written the same way).
class ParamsWriter final : public RowWriter {
 public:
  void Null() override { params.emplace_back(); }
  void Int(int64_t v) override { params.emplace_back(v); }
  void Text(std::string_view v) override { params.emplace_back(v); }
  using RowWriter::Int;
  using RowWriter::Text;
  Params params;
};

// A single connection. Not thread-safe: one user at a time (the pool sees to that).
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Engine engine() const = 0;

  // Runs one statement (prepared once per connection and cached) and returns its rows.
  // Throws DbError on failure.
  virtual Rows Query(std::string_view sql, const Params& params = {}) = 0;
  // Runs one statement and returns the number of rows it changed.
  virtual int64_t Exec(std::string_view sql, const Params& params = {}) = 0;
  // Runs several statements without parameters (migrations).
  virtual void ExecScript(std::string_view sql) = 0;
  // Appends n rows to a table in the fastest way the engine has (COPY on PostgreSQL, a reused
  // prepared INSERT on SQLite), fill(i, w) writing row i's values column by column into w, with
  // no Params built. Call inside a transaction for speed on SQLite.
  virtual void BulkWrite(std::string_view table, const std::vector<std::string>& columns, size_t n,
                         const RowFill& fill) = 0;
  // As BulkWrite, but a row that clashes with a unique key (or the primary key) is skipped
  // instead of failing the statement. `columns` must start with "id" and every row write its id
  // first (see TakeIds). Returns, in row order, whether each row went in.
  virtual std::vector<bool> InsertNew(std::string_view table,
                                      const std::vector<std::string>& columns, size_t n,
                                      const RowFill& fill) = 0;
  // BulkWrite of rows held as Params.
  void BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                  const std::vector<Params>& rows);

  // Settings for one long bulk load on this connection, on (true) until set off again: on SQLite
  // a page cache large enough for a province's ID index and no foreign-key checks (the caller
  // vouches for every reference); on PostgreSQL more memory for index builds.
  virtual void SetBulkLoad(bool on) = 0;

  // After rows were inserted with explicit ids: moves the table's id generator past them
  // (PostgreSQL identity sequences; SQLite needs nothing).
  virtual void SyncIdSequence(std::string_view table) = 0;

  // After a bulk load: refreshes the planner's statistics of a table, so that plans cached while
  // it was small (PostgreSQL) are made again. A no-op on SQLite, whose plans need no statistics.
  virtual void RefreshStatistics(std::string_view table) = 0;

  // Transactions. BeginWrite takes the write lock at once on SQLite (BEGIN IMMEDIATE) so that
  // two writers never deadlock on a lock upgrade.
  virtual void BeginWrite() = 0;
  virtual void Commit() = 0;
  virtual void Rollback() = 0;
  virtual bool InTransaction() const = 0;
  // False once the connection is unusable (PostgreSQL connection lost).
  virtual bool Healthy() const = 0;

  // First row's first column, or nullopt when there is no row.
  std::optional<Value> Scalar(std::string_view sql, const Params& params = {});

  // Ids for n rows about to be inserted with explicit ids, increasing: from the identity sequence
  // on PostgreSQL (never handed out twice), past the largest id on SQLite (call inside the write
  // transaction that inserts them: it holds the only write lock).
  std::vector<int64_t> TakeIds(std::string_view table, int64_t n);
};

// Runs fn inside a write transaction: commits when fn returns, rolls back if it throws, and
// retries fn (up to kMaxRetries) on a serialization failure or a busy database.
template <class Fn>
auto WithTransaction(Connection& conn, Fn&& fn) -> decltype(fn());

class Database;

// A connection borrowed from the pool; goes back (rolled back if left mid-transaction) when
// destroyed.
class PooledConnection {
 public:
  PooledConnection(Database* db, std::unique_ptr<Connection> conn)
      : db_(db), conn_(std::move(conn)) {}
  PooledConnection(PooledConnection&&) = default;
  PooledConnection& operator=(PooledConnection&&) = default;
  ~PooledConnection();
  Connection* operator->() { return conn_.get(); }
  Connection& operator*() { return *conn_; }

 private:
  Database* db_;
  std::unique_ptr<Connection> conn_;
};

// The database: a bounded pool of connections to one SQLite file or one PostgreSQL server.
class Database {
 public:
  // url: "postgresql://..." / "postgres://..." / "host=... dbname=..." for PostgreSQL;
  // "sqlite:PATH" or a plain path for SQLite. Throws DbError if it cannot connect.
  static std::unique_ptr<Database> Open(const std::string& url, int pool_size = 8);

  Engine engine() const { return engine_; }
  const std::string& url() const { return url_; }
  // Borrows a connection, waiting up to kAcquireTimeout. Throws DbError(kBusy) on time-out.
  PooledConnection Acquire();

 private:
  friend class PooledConnection;
  Database(Engine engine, std::string url, int pool_size);
  std::unique_ptr<Connection> Connect();
  void Release(std::unique_ptr<Connection> conn);

  static constexpr auto kAcquireTimeout = std::chrono::seconds(10);
  Engine engine_;
  std::string url_;
  int pool_size_;
  int open_count_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

std::unique_ptr<Connection> OpenSqlite(const std::string& path);
std::unique_ptr<Connection> OpenPostgres(const std::string& conninfo);
bool IsPostgresUrl(std::string_view url);

inline constexpr int kMaxTransactionRetries = 5;

template <class T>
inline constexpr bool IsExpected = false;
template <class T, class E>
inline constexpr bool IsExpected<std::expected<T, E>> = true;

template <class Fn>
auto WithTransaction(Connection& conn, Fn&& fn) -> decltype(fn()) {
  for (int attempt = 1;; ++attempt) {
    conn.BeginWrite();
    try {
      if constexpr (std::is_void_v<decltype(fn())>) {
        fn();
        conn.Commit();
        return;
      } else {
        auto result = fn();
        if constexpr (IsExpected<decltype(result)>) {
          if (!result) {  // a refused operation changes nothing
            conn.Rollback();
            return result;
          }
        }
        conn.Commit();
        return result;
      }
    } catch (const DbError& e) {
      if (conn.InTransaction()) conn.Rollback();
      if (e.kind() != DbError::Kind::kBusy || attempt >= kMaxTransactionRetries) throw;
    } catch (...) {
      if (conn.InTransaction()) conn.Rollback();
      throw;
    }
  }
}

}  // namespace zj::db

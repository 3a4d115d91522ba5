#include "db/database.h"

#include <algorithm>

namespace zj::db {

std::optional<Value> Connection::Scalar(std::string_view sql, const Params& params) {
  Rows rows = Query(sql, params);
  if (rows.empty() || rows[0].size() == 0) return std::nullopt;
  return rows[0][0];
}

std::vector<int64_t> Connection::TakeIds(std::string_view table, int64_t n) {
  std::vector<int64_t> ids;
  if (n <= 0) return ids;
  ids.reserve(static_cast<size_t>(n));
  if (engine() == Engine::kPostgres) {
    for (const auto& row : Query("SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM "
                                 "generate_series(1, CAST(? AS BIGINT))",
                                 {std::string(table), n})) {
      ids.push_back(row.Int(0));
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  const int64_t next =
      Scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM " + std::string(table))->AsInt();
  for (int64_t i = 0; i < n; ++i) ids.push_back(next + i);
  return ids;
}

void RowWriter::Write(const Value& v) {
  const auto& s = v.storage();
  if (auto* n = std::get_if<int64_t>(&s)) {
    Int(*n);
  } else if (auto* t = std::get_if<std::string>(&s)) {
    Text(std::string_view(*t));
  } else if (std::holds_alternative<std::monostate>(s)) {
    Null();
  } else {
    const std::string text = v.AsText();
    Text(std::string_view(text));
  }
}

void Connection::BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                            const std::vector<Params>& rows) {
  BulkWrite(table, columns, rows.size(), [&](size_t i, RowWriter& w) {
    for (const Value& v : rows[i]) w.Write(v);
  });
}

bool IsPostgresUrl(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://") ||
         url.find("dbname=") != std::string_view::npos;
}

std::unique_ptr<Database> Database::Open(const std::string& url, int pool_size) {
  Engine engine = IsPostgresUrl(url) ? Engine::kPostgres : Engine::kSqlite;
  std::string target = url;
  if (target.starts_with("sqlite:")) target = target.substr(7);
  std::unique_ptr<Database> db(new Database(engine, target, pool_size < 1 ? 1 : pool_size));
  db->open_count_ = 1;
  db->Release(db->Connect());  // fail fast on a bad URL
  return db;
}

Database::Database(Engine engine, std::string url, int pool_size)
    : engine_(engine), url_(std::move(url)), pool_size_(pool_size) {}

std::unique_ptr<Connection> Database::Connect() {
  return engine_ == Engine::kPostgres ? OpenPostgres(url_) : OpenSqlite(url_);
}

PooledConnection Database::Acquire() {
  std::unique_lock lock(mu_);
  if (!cv_.wait_for(lock, kAcquireTimeout,
                    [&] { return !idle_.empty() || open_count_ < pool_size_; })) {
    throw DbError(DbError::Kind::kBusy, "no database connection free within the time limit");
  }
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return PooledConnection(this, std::move(conn));
  }
  ++open_count_;
  lock.unlock();
  try {
    return PooledConnection(this, Connect());
  } catch (...) {
    std::lock_guard relock(mu_);
    --open_count_;
    cv_.notify_one();
    throw;
  }
}

void Database::Release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mu_);
  if (conn && conn->Healthy()) {
    idle_.push_back(std::move(conn));
  } else if (open_count_ > 0) {
    --open_count_;
  }
  cv_.notify_one();
}

PooledConnection::~PooledConnection() {
  if (!conn_) return;
  try {
    if (conn_->InTransaction()) conn_->Rollback();
  } catch (...) {
    conn_.reset();  // a connection that cannot roll back is not given out again
  }
  db_->Release(std::move(conn_));
}

}  // namespace zj::db

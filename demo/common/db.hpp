#pragma once
// The storage interface the demo's stores talk to: one connection per process, guarded by a
// mutex, prepared statements with `?` placeholders, explicit transactions. Two engines sit
// behind it: SQLite (common/sqlite.hpp, the default: one file, one process) and PostgreSQL
// (common/postgres.hpp: several service instances on one database). The stores write one SQL
// text for both; where the dialects differ they ask the Db for the snippet (json_values,
// skip_locked, insertion_order) instead of branching on the engine.
//
// No exceptions: every step reports a code. step() answers SQLite's codes on both engines
// (SQLITE_ROW, SQLITE_DONE, anything else is an error), so callers read the same either way.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace idv::demo {

enum class Engine { sqlite, postgres };

// One engine's prepared statement (common/sqlite.cpp, common/postgres.cpp).
class StmtImpl {
 public:
  virtual ~StmtImpl() = default;
  virtual bool ok() const = 0;
  virtual void bind(int idx, std::int64_t v) = 0;
  virtual void bind(int idx, std::string_view v) = 0;
  virtual void bind_null(int idx) = 0;
  virtual int step() = 0;
  virtual std::int64_t int64(int col) const = 0;
  virtual std::string text(int col) const = 0;
  virtual bool is_null(int col) const = 0;
};

class Stmt {
 public:
  explicit Stmt(std::unique_ptr<StmtImpl> impl) : impl_(std::move(impl)) {}
  bool ok() const { return impl_ && impl_->ok(); }
  // Placeholders: `?` numbered left to right, or `?N` (the same value used twice).
  Stmt& bind(int idx, std::int64_t v) {
    impl_->bind(idx, v);
    return *this;
  }
  Stmt& bind(int idx, std::string_view v) {
    impl_->bind(idx, v);
    return *this;
  }
  Stmt& bind(int idx, const char* v) { return bind(idx, std::string_view(v)); }
  Stmt& bind(int idx, const std::string& v) { return bind(idx, std::string_view(v)); }
  Stmt& bind_null(int idx) {
    impl_->bind_null(idx);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return impl_->step(); }
  bool run() { return step() == SQLITE_DONE; }  // for statements without rows
  std::int64_t int64(int col) const { return impl_->int64(col); }
  std::string text(int col) const { return impl_->text(col); }
  bool is_null(int col) const { return impl_->is_null(col); }

 private:
  std::unique_ptr<StmtImpl> impl_;
};

class Db {
 public:
  virtual ~Db() = default;
  // A SQLite file (created if missing) in WAL mode; nullptr + error on failure.
  static std::unique_ptr<Db> open(const std::string& path, std::string& error);
  // `spec`: "sqlite:PATH", a PostgreSQL connection string ("postgresql://…" or
  // "host=… dbname=…"), or empty for the SQLite file `default_sqlite_path`.
  static std::unique_ptr<Db> connect(const std::string& spec,
                                     const std::string& default_sqlite_path, std::string& error);

  virtual Engine engine() const = 0;
  std::mutex& mutex() { return mutex_; }
  // Statements without parameters, several separated by ';' allowed.
  virtual bool exec(std::string_view sql) = 0;
  virtual Stmt prepare(std::string_view sql) = 0;
  // Rows changed by the last INSERT/UPDATE/DELETE.
  virtual std::int64_t changes() = 0;
  virtual std::string last_error() = 0;
  // Data folders outlive builds (scripts/demo keeps data/), so a column added later is added
  // in place: ALTER TABLE … ADD COLUMN unless the table has it already.
  virtual bool add_column(std::string_view table, std::string_view name,
                          std::string_view definition) = 0;

  // --- where the dialects differ ---
  // The statement that opens a write transaction.
  virtual std::string_view begin_sql() const = 0;
  // A subquery yielding the strings of the JSON array bound at placeholder `param` ("?" or "?N").
  virtual std::string json_values(std::string_view param) const = 0;
  // Appended to a SELECT whose rows the transaction is about to claim: other instances skip
  // them instead of waiting (PostgreSQL's FOR UPDATE SKIP LOCKED; SQLite has one writer).
  virtual std::string_view skip_locked() const = 0;
  // A column that orders a table's rows by insertion (SQLite's rowid, a sequence on PostgreSQL).
  virtual std::string_view insertion_order() const = 0;
  // After a purge: make sure no copy of the deleted rows stays readable in the engine's files
  // (SQLite: checkpoint and truncate the WAL). False when that failed.
  virtual bool scrub_deleted() = 0;
  // The server process of this connection (PostgreSQL), so an instance can tell its own
  // notifications from other instances'; 0 for SQLite.
  virtual int backend_pid() { return 0; }

 private:
  std::mutex mutex_;
};

// BEGIN … COMMIT; rolls back on scope exit unless commit() succeeded.
// The caller must hold db.mutex().
class Transaction {
 public:
  explicit Transaction(Db& db) : db_(db), open_(db.exec(db.begin_sql())) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (open_) db_.exec("ROLLBACK");
  }
  bool began() const { return open_; }
  bool commit() {
    if (!open_ || !db_.exec("COMMIT")) return false;
    open_ = false;
    return true;
  }

 private:
  Db& db_;
  bool open_;
};

}  // namespace idv::demo

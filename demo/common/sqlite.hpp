#pragma once
// A small RAII layer over SQLite: one connection per process, guarded by a mutex (the demo's
// load is tiny, and one writer keeps WAL simple). No exceptions: every step reports a code.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace idv::demo {

class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql);
  bool ok() const { return stmt_ != nullptr; }
  Stmt& bind(int idx, std::int64_t v);
  Stmt& bind(int idx, std::string_view v);
  Stmt& bind_null(int idx);
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step();
  bool run() { return step() == SQLITE_DONE; }  // for statements without rows
  std::int64_t int64(int col) const;
  std::string text(int col) const;
  bool is_null(int col) const;

 private:
  struct Finalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  std::unique_ptr<sqlite3_stmt, Finalize> stmt_;
};

class Db {
 public:
  // Opens (creating) the file in WAL mode with a busy timeout; nullptr + error on failure.
  static std::unique_ptr<Db> open(const std::string& path, std::string& error);
  std::mutex& mutex() { return mutex_; }
  sqlite3* handle() { return db_.get(); }
  bool exec(std::string_view sql);
  // Data folders outlive builds (scripts/demo keeps data/), so a column added later is added
  // in place: ALTER TABLE … ADD COLUMN unless the table has it already.
  bool add_column(std::string_view table, std::string_view name, std::string_view definition);
  Stmt prepare(std::string_view sql) { return Stmt(db_.get(), sql); }
  std::int64_t changes() { return sqlite3_changes64(db_.get()); }
  std::string last_error() { return sqlite3_errmsg(db_.get()); }

 private:
  struct Close {
    void operator()(sqlite3* d) const { sqlite3_close(d); }
  };
  std::unique_ptr<sqlite3, Close> db_;
  std::mutex mutex_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back on scope exit unless commit() succeeded.
// The caller must hold db.mutex().
class Transaction {
 public:
  explicit Transaction(Db& db) : db_(db), open_(db.exec("BEGIN IMMEDIATE")) {}
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

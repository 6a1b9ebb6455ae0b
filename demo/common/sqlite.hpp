#pragma once
// The SQLite engine behind common/db.hpp: one file, one process (the demo's default). The
// demo's load is tiny, and one writer keeps WAL simple.
#include <sqlite3.h>

#include <memory>
#include <string>

#include "common/db.hpp"

namespace idv::demo {

class SqliteDb final : public Db {
 public:
  // Opens (creating) the file in WAL mode with a busy timeout; nullptr + error on failure.
  static std::unique_ptr<SqliteDb> open_file(const std::string& path, std::string& error);

  Engine engine() const override { return Engine::sqlite; }
  bool exec(std::string_view sql) override;
  Stmt prepare(std::string_view sql) override;
  std::int64_t changes() override { return sqlite3_changes64(db_.get()); }
  std::string last_error() override { return sqlite3_errmsg(db_.get()); }
  bool add_column(std::string_view table, std::string_view name,
                  std::string_view definition) override;

  std::string_view begin_sql() const override { return "BEGIN IMMEDIATE"; }
  std::string json_values(std::string_view param) const override;
  std::string_view skip_locked() const override { return ""; }
  std::string_view insertion_order() const override { return "rowid"; }
  bool scrub_deleted() override;

 private:
  struct Close {
    void operator()(sqlite3* d) const { sqlite3_close(d); }
  };
  std::unique_ptr<sqlite3, Close> db_;
};

}  // namespace idv::demo

#include "common/sqlite.hpp"

namespace idv::demo {
namespace {

class SqliteStmt final : public StmtImpl {
 public:
  SqliteStmt(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr) ==
        SQLITE_OK) {
      stmt_.reset(raw);
    }
  }
  bool ok() const override { return stmt_ != nullptr; }
  void bind(int idx, std::int64_t v) override {
    if (stmt_) sqlite3_bind_int64(stmt_.get(), idx, v);
  }
  void bind(int idx, std::string_view v) override {
    if (stmt_)
      sqlite3_bind_text64(stmt_.get(), idx, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  }
  void bind_null(int idx) override {
    if (stmt_) sqlite3_bind_null(stmt_.get(), idx);
  }
  int step() override { return stmt_ ? sqlite3_step(stmt_.get()) : SQLITE_MISUSE; }
  std::int64_t int64(int col) const override { return sqlite3_column_int64(stmt_.get(), col); }
  std::string text(int col) const override {
    const auto* p = sqlite3_column_text(stmt_.get(), col);
    const int n = sqlite3_column_bytes(stmt_.get(), col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
             : std::string();
  }
  bool is_null(int col) const override {
    return sqlite3_column_type(stmt_.get(), col) == SQLITE_NULL;
  }

 private:
  struct Finalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  std::unique_ptr<sqlite3_stmt, Finalize> stmt_;
};

}  // namespace

std::unique_ptr<Db> Db::open(const std::string& path, std::string& error) {
  return SqliteDb::open_file(path, error);
}

std::unique_ptr<SqliteDb> SqliteDb::open_file(const std::string& path, std::string& error) {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  auto db = std::make_unique<SqliteDb>();
  db->db_.reset(raw);
  if (rc != SQLITE_OK) {
    error = raw ? sqlite3_errmsg(raw) : "out of memory";
    return nullptr;
  }
  sqlite3_busy_timeout(raw, 5000);
  // WAL: readers never block the writer; synchronous=FULL so a committed outbox row survives
  // a power cut as well as a kill -9.
  // secure_delete: deleted and overwritten content is zeroed in the file, so a purge leaves
  // no readable copy of personal data in free pages (docs/demo.md, "Personal data").
  if (!db->exec("PRAGMA journal_mode=WAL") || !db->exec("PRAGMA synchronous=FULL") ||
      !db->exec("PRAGMA foreign_keys=ON") || !db->exec("PRAGMA secure_delete=ON")) {
    error = db->last_error();
    return nullptr;
  }
  return db;
}

Stmt SqliteDb::prepare(std::string_view sql) {
  return Stmt(std::make_unique<SqliteStmt>(db_.get(), sql));
}

bool SqliteDb::add_column(std::string_view table, std::string_view name,
                          std::string_view definition) {
  auto st = prepare("SELECT 1 FROM pragma_table_info(?) WHERE name=?");
  st.bind(1, table).bind(2, name);
  if (st.step() == SQLITE_ROW) return true;
  return exec("ALTER TABLE " + std::string(table) + " ADD COLUMN " + std::string(name) + " " +
              std::string(definition));
}

bool SqliteDb::exec(std::string_view sql) {
  const std::string s(sql);
  return sqlite3_exec(db_.get(), s.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
}

std::string SqliteDb::json_values(std::string_view param) const {
  return "SELECT value FROM json_each(" + std::string(param) + ")";
}

bool SqliteDb::scrub_deleted() {
  // Copy the WAL's pages into the main file and truncate the WAL to zero bytes: the
  // pre-purge page images it held are gone, and secure_delete zeroed the freed space.
  return exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

}  // namespace idv::demo

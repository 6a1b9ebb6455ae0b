#pragma once
// The PostgreSQL engine behind common/db.hpp (libpq): what lets several service instances
// share one database. One connection per process, like SQLite's; the instances coordinate
// through row locks (outbox leases with FOR UPDATE SKIP LOCKED), compare-and-set updates and
// LISTEN/NOTIFY (common/pg_listener.hpp), never through memory.
//
// Values always travel as parameters (PQexecParams, text format): the `?` placeholders of the
// shared SQL become $1, $2, … here (pg_placeholders), never spliced-in text.
#include <libpq-fe.h>

#include <atomic>
#include <memory>
#include <string>

#include "common/db.hpp"

namespace idv::demo {

// "a=? AND b=?" -> "a=$1 AND b=$2"; "?2" -> "$2". Quoted text and identifiers are left alone.
std::string pg_placeholders(std::string_view sql);

struct PgConnClose {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using PgConn = std::unique_ptr<PGconn, PgConnClose>;
// Connects (blocking) and silences server notices; nullptr + error on failure.
PgConn pg_connect(const std::string& conninfo, std::string& error);

class PgDb final : public Db {
 public:
  static std::unique_ptr<PgDb> open_conninfo(const std::string& conninfo, std::string& error);

  Engine engine() const override { return Engine::postgres; }
  bool exec(std::string_view sql) override;
  Stmt prepare(std::string_view sql) override;
  std::int64_t changes() override { return changes_; }
  std::string last_error() override { return error_; }
  bool add_column(std::string_view table, std::string_view name,
                  std::string_view definition) override;

  std::string_view begin_sql() const override { return "BEGIN"; }
  std::string json_values(std::string_view param) const override;
  std::string_view skip_locked() const override { return " FOR UPDATE SKIP LOCKED"; }
  std::string_view insertion_order() const override { return "seq"; }
  // Deleted rows are gone for every reader at commit; their dead tuples are reclaimed by
  // (auto)vacuum, which the operator's database runs (docs/demo.md).
  bool scrub_deleted() override { return true; }
  int backend_pid() override { return pid_.load(); }

  // For PgStmt: the connection (reconnected first if it was lost) and the last outcome.
  PGconn* conn();
  void record(PGresult* result);

 private:
  std::string conninfo_;
  PgConn conn_;
  std::int64_t changes_ = 0;
  std::string error_;
  // A connection lost inside BEGIN … COMMIT takes the transaction with it. Reconnecting and
  // going on would run the rest of it piecemeal in autocommit; instead every statement fails
  // until the caller's COMMIT (which fails too) or ROLLBACK ends it.
  bool in_transaction_ = false;
  bool transaction_lost_ = false;
  std::atomic<int> pid_{0};
};

}  // namespace idv::demo

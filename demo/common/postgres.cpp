#include "common/postgres.hpp"

#include <charconv>
#include <optional>
#include <vector>

namespace idv::demo {
namespace {

struct ResultClear {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultClear>;

// "relation already exists, skipping" and the like: not worth a line on stderr.
void ignore_notice(void*, const char*) {}

bool succeeded(const PGresult* r) {
  const auto s = PQresultStatus(r);
  return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

// Runs on the first step(): the statement is sent with its parameters then, and the rows are
// read from the result one step at a time.
class PgStmt final : public StmtImpl {
 public:
  PgStmt(PgDb& db, std::string_view sql) : db_(db), sql_(pg_placeholders(sql)) {}
  bool ok() const override { return true; }  // errors surface at step(), as the server sees them
  void bind(int idx, std::int64_t v) override { slot(idx) = std::to_string(v); }
  void bind(int idx, std::string_view v) override { slot(idx) = std::string(v); }
  void bind_null(int idx) override { slot(idx).reset(); }
  int step() override {
    if (!result_) {
      std::vector<const char*> values;
      for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
      PGconn* conn = db_.conn();
      if (!conn) return SQLITE_ERROR;
      result_.reset(PQexecParams(conn, sql_.c_str(), static_cast<int>(values.size()), nullptr,
                                 values.data(), nullptr, nullptr, 0));
      db_.record(result_.get());
      if (!succeeded(result_.get())) return SQLITE_ERROR;
      row_ = 0;
    } else if (succeeded(result_.get())) {
      ++row_;
    } else {
      return SQLITE_ERROR;
    }
    return row_ < PQntuples(result_.get()) ? SQLITE_ROW : SQLITE_DONE;
  }
  std::int64_t int64(int col) const override {
    const char* v = PQgetvalue(result_.get(), row_, col);
    if (v[0] == 't' || v[0] == 'f') return v[0] == 't' ? 1 : 0;  // a boolean column
    std::int64_t n = 0;
    std::from_chars(v, v + PQgetlength(result_.get(), row_, col), n);
    return n;
  }
  std::string text(int col) const override {
    return {PQgetvalue(result_.get(), row_, col),
            static_cast<std::size_t>(PQgetlength(result_.get(), row_, col))};
  }
  bool is_null(int col) const override { return PQgetisnull(result_.get(), row_, col) != 0; }

 private:
  std::optional<std::string>& slot(int idx) {
    if (idx < 1) idx = 1;  // a caller bug; keep the vector in bounds
    if (params_.size() < static_cast<std::size_t>(idx)) params_.resize(idx);
    return params_[static_cast<std::size_t>(idx) - 1];
  }
  PgDb& db_;
  std::string sql_;
  std::vector<std::optional<std::string>> params_;
  PgResult result_;
  int row_ = 0;
};

}  // namespace

std::string pg_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0;
  char quote = 0;  // inside '…' or "…"
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote) {
      out.push_back(c);
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: same result
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out.push_back(c);
      continue;
    }
    if (c != '?') {
      out.push_back(c);
      continue;
    }
    out.push_back('$');
    if (i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') continue;  // ?N -> $N
    out += std::to_string(++next);
  }
  return out;
}

PgConn pg_connect(const std::string& conninfo, std::string& error) {
  PgConn conn(PQconnectdb(conninfo.c_str()));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    error = conn ? PQerrorMessage(conn.get()) : "out of memory";
    while (!error.empty() && (error.back() == '\n' || error.back() == ' ')) error.pop_back();
    return nullptr;
  }
  PQsetNoticeProcessor(conn.get(), ignore_notice, nullptr);
  return conn;
}

std::unique_ptr<PgDb> PgDb::open_conninfo(const std::string& conninfo, std::string& error) {
  auto db = std::make_unique<PgDb>();
  db->conninfo_ = conninfo;
  db->conn_ = pg_connect(conninfo, error);
  if (!db->conn_) return nullptr;
  db->pid_ = PQbackendPID(db->conn_.get());
  return db;
}

PGconn* PgDb::conn() {
  // A lost connection (server restart, network) is re-opened on the next statement; the
  // transaction it was in is gone, which the caller sees as a failed statement.
  if (conn_ && PQstatus(conn_.get()) == CONNECTION_OK && !transaction_lost_) return conn_.get();
  if (in_transaction_) {
    transaction_lost_ = true;
    error_ = "the connection was lost inside a transaction";
    return nullptr;
  }
  if (conn_) {
    PQreset(conn_.get());
  } else {
    std::string ignored;
    conn_ = pg_connect(conninfo_, ignored);
  }
  if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) {
    error_ = conn_ ? PQerrorMessage(conn_.get()) : "cannot connect";
    return nullptr;
  }
  PQsetNoticeProcessor(conn_.get(), ignore_notice, nullptr);
  pid_ = PQbackendPID(conn_.get());
  return conn_.get();
}

void PgDb::record(PGresult* result) {
  if (succeeded(result)) {
    const char* n = PQcmdTuples(result);
    changes_ = 0;
    std::from_chars(n, n + std::char_traits<char>::length(n), changes_);
    error_.clear();
  } else {
    error_ = result ? PQresultErrorMessage(result) : PQerrorMessage(conn_.get());
    changes_ = 0;
  }
}

bool PgDb::exec(std::string_view sql) {
  const bool ends = sql == "COMMIT" || sql == "ROLLBACK";
  if (ends && transaction_lost_) {  // nothing to commit: the server rolled it back
    in_transaction_ = transaction_lost_ = false;
    return false;
  }
  PGconn* c = conn();
  if (!c) return false;
  const std::string s(sql);
  PgResult r(PQexec(c, s.c_str()));
  record(r.get());
  const bool ok = succeeded(r.get());
  if (sql == begin_sql() && ok) in_transaction_ = true;
  if (ends) in_transaction_ = false;
  return ok;
}

Stmt PgDb::prepare(std::string_view sql) {
  return Stmt(std::make_unique<PgStmt>(*this, sql));
}

bool PgDb::add_column(std::string_view table, std::string_view name, std::string_view definition) {
  return exec("ALTER TABLE " + std::string(table) + " ADD COLUMN IF NOT EXISTS " +
              std::string(name) + " " + std::string(definition));
}

std::string PgDb::json_values(std::string_view param) const {
  return "SELECT jsonb_array_elements_text(CAST(" + std::string(param) + " AS jsonb))";
}

}  // namespace idv::demo

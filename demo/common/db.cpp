#include "common/db.hpp"

#include "common/postgres.hpp"

namespace idv::demo {

std::unique_ptr<Db> Db::connect(const std::string& spec, const std::string& default_sqlite_path,
                                std::string& error) {
  if (spec.empty()) return open(default_sqlite_path, error);
  if (spec.starts_with("sqlite:")) {
    if (spec.size() == 7) {
      error = "--database sqlite: needs a file path";
      return nullptr;
    }
    return open(spec.substr(7), error);
  }
  if (spec.starts_with("postgresql://") || spec.starts_with("postgres://") ||
      spec.find('=') != std::string::npos) {
    auto db = PgDb::open_conninfo(spec, error);
    if (!db) error = "PostgreSQL: " + error;
    return db;
  }
  error = "--database must be sqlite:PATH or a PostgreSQL connection string";
  return nullptr;
}

}  // namespace idv::demo

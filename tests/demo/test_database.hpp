#pragma once
// A fresh, empty database per test on either engine: a SQLite file in a temp folder, or a
// PostgreSQL schema of its own on the server named by IDV_TEST_PG (a key=value connection
// string; scripts/test starts a throwaway cluster and sets it), dropped afterwards.
//
// Without IDV_TEST_PG the PostgreSQL cases skip, unless IDV_TEST_PG_REQUIRED=1 (scripts/test):
// then they fail, so a cluster that did not start can never pass as green.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

#include "common/db.hpp"
#include "common/postgres.hpp"

namespace idv::demo {
// For GoogleTest's messages ("where GetParam() = postgres").
inline void PrintTo(Engine e, std::ostream* os) {
  *os << (e == Engine::postgres ? "postgres" : "sqlite");
}
}  // namespace idv::demo

namespace idv::demo::testdb {

inline std::string engine_name(Engine e) {
  return e == Engine::postgres ? "postgres" : "sqlite";
}

class TestDatabase {
 public:
  // Call from SetUp inside ASSERT_NO_FATAL_FAILURE; skips (or fails) when PostgreSQL is absent.
  void create(Engine engine, const std::string& label) {
    static std::atomic<int> counter{0};
    const std::string id = std::to_string(::getpid()) + "_" + std::to_string(++counter);
    std::string error;
    if (engine == Engine::sqlite) {
      dir_ = std::filesystem::temp_directory_path() / ("idv-" + label + "-" + id);
      std::filesystem::remove_all(dir_);
      std::filesystem::create_directories(dir_);
      db_ = Db::open((dir_ / "t.db").string(), error);
      ASSERT_TRUE(db_) << error;
      return;
    }
    const char* pg = std::getenv("IDV_TEST_PG");
    if (pg == nullptr || *pg == '\0') {
      const char* required = std::getenv("IDV_TEST_PG_REQUIRED");
      ASSERT_FALSE(required != nullptr && std::string(required) == "1")
          << "IDV_TEST_PG is not set but PostgreSQL tests are required";
      GTEST_SKIP() << "IDV_TEST_PG not set (scripts/test starts a PostgreSQL cluster)";
    }
    base_ = pg;
    schema_ = "t_" + id;
    auto admin = pg_connect(base_, error);
    ASSERT_TRUE(admin) << error;
    PQclear(PQexec(admin.get(), ("CREATE SCHEMA " + schema_).c_str()));
    db_ = Db::connect(conninfo(), "", error);
    ASSERT_TRUE(db_) << error;
  }
  // For a second connection (another "instance") to the same database.
  std::string conninfo() const {
    return schema_.empty() ? "" : base_ + " options=-csearch_path=" + schema_;
  }
  std::unique_ptr<Db> open_another() const {
    std::string error;
    return schema_.empty() ? nullptr : Db::connect(conninfo(), "", error);
  }
  Db* db() { return db_.get(); }
  ~TestDatabase() {
    db_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!schema_.empty()) {
      std::string error;
      if (auto admin = pg_connect(base_, error))
        PQclear(PQexec(admin.get(), ("DROP SCHEMA " + schema_ + " CASCADE").c_str()));
    }
  }

 private:
  std::filesystem::path dir_;
  std::string base_, schema_;
  std::unique_ptr<Db> db_;
};

}  // namespace idv::demo::testdb

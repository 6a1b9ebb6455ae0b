#pragma once
// The service's tables, as numbered migrations applied on start (both engines). Each one runs
// in its own transaction together with its row in schema_migrations, so a crash leaves a
// version applied completely or not at all, and a restart applies only what is missing.
//
// Several instances may start at once on one PostgreSQL database: the whole check-and-apply
// runs under a session advisory lock (pg_advisory_lock), so exactly one of them migrates and
// the others find the work done. SQLite serialises on BEGIN IMMEDIATE instead.
//
// Data folders from before versioning (SQLite, no schema_migrations table) are fine: version 1
// is written to be idempotent (CREATE … IF NOT EXISTS, add_column), so it brings an old file up
// to date without touching its rows.
#include <string>

#include "common/db.hpp"

namespace idv::demo {

// The newest schema version this build knows.
int schema_version_latest();
// Applies the missing migrations; false + error on failure (the service does not start).
bool migrate_schema(Db& db, std::string& error);
// The version recorded in the database; 0 when none is.
int schema_version(Db& db);

}  // namespace idv::demo

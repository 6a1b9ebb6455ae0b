#pragma once
// DELETE /v1/user/{ref}: the right to erasure, done so that no copy is left behind.
//
// In one transaction: the session's personal fields are blanked (names, document numbers,
// metadata, reference data, the Phase 2 document, user agent, file token), its event
// details are deleted, its pending webhooks are cancelled and every outbox body of it is
// wiped. Then the uploads folder goes, and the WAL is checkpointed and truncated: with
// SQLite's secure_delete on, no file under the data folder still holds the old bytes.
// The session row itself stays as a tombstone (deleted=1) so the tracking endpoint answers
// 410 and long-polls waiting on it wake up.
#include <cstdint>
#include <string>

#include "service/context.hpp"

namespace idv::demo {

enum class PurgeResult { purged, not_found, already_deleted, storage_error };

PurgeResult purge_session(ServiceContext& ctx, const std::string& ref, std::int64_t now_ms);

}  // namespace idv::demo

#pragma once
// What the identification and thin formats point at:
//   GET  /v1/identifications/{id}            status document (seed 000), Bearer API key
//   GET  /v1/files/{ref}/{token}/{file}       the portal's uploads (seed 003 fileUrls); the
//                                             per-session token is the capability
//   POST /v1/test/sessions/{ref}/fail         test hook (--test-hooks 1 only), Bearer API key:
//        ?reason=max_attempts|terminated      ends an open session as FAILED, which sends the
//                                             seed-003 "immediate" callback
#include "common/http/http.hpp"

#include "service/context.hpp"

namespace idv::demo {

void register_identifications_api(http::Router& router, ServiceContext& ctx);

// Ends an open (PENDING / IN_PROGRESS) session as FAILED; Phase 2 sends the callback at once.
// reason: max_attempts or terminated. False when the session was not open.
bool fail_session(ServiceContext& ctx, const std::string& ref, const std::string& reason);

}  // namespace idv::demo

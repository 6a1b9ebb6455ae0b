#pragma once
// {public base}/code: the hand-off by short code (handoff_codes.hpp). A customer whose phone
// cannot scan the checkout page's QR types the 8-character code shown under it and lands on
// that session's portal.
//
//   GET  /code   the form (server-rendered, no script, the portal's CSP and languages)
//   POST /code   field `code`: 303 to /p/{ref} when an open session has it; 400 when it
//                cannot be a code; 404 for every other code (unknown, expired, finished,
//                deleted: one answer, no oracle); 429 + Retry-After while the client address,
//                or everyone, made too many wrong guesses (code_attempts.hpp)
#include "common/http/http.hpp"
#include "service/context.hpp"

namespace idv::demo {

void register_code_entry(http::Router& router, ServiceContext& ctx);

}  // namespace idv::demo

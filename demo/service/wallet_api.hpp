#pragma once
// The digital-ID wallet path of docs/wallet.md ("The flow"):
//   POST /v1/wallet/{ref}/request   {"protocol"} -> {"protocol","data","expiresAt"}: a fresh
//                                   OpenID4VP request (nonce) bound to the session and the
//                                   page origin (the Origin header)
//   POST /v1/wallet/{ref}/response  {"protocol","data"} -> {"status":"COMPLETED"} when the
//                                   presentation verifies (Phase 1 done, as the portal's last
//                                   step), else 400 {"error":"wallet_…","message"}
//   OPTIONS on both                 CORS preflight
// Public like the tracking endpoint (the tracking reference is the capability), CORS with
// Access-Control-Allow-Origin: *, and the same per-widget rate limit.
#include "common/http/http.hpp"
#include "service/context.hpp"

namespace idv::demo {

void register_wallet_api(http::Router& router, ServiceContext& ctx);

}  // namespace idv::demo

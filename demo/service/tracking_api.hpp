#pragma once
// Contract 1 (DESIGN.md): GET /v1/tracking/{ref} — public, CORS, ETag/304, long-poll,
// 404/410/429.
#include "common/http/http.hpp"

#include "service/context.hpp"

namespace idv::demo {

void register_tracking_api(http::Router& router, ServiceContext& ctx);

// True when an If-None-Match header value matches etag (lists, W/ prefixes and * allowed).
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace idv::demo

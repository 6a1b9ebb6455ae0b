#pragma once
// The merchant-facing API (Bearer API key): create invites, read a session's server-side
// timeline, purge a session. Plus /healthz for scripts and tests.
#include "common/http/http.hpp"

#include "service/context.hpp"

namespace idv::demo {

// Bearer API key check; on failure answers 401 (with WWW-Authenticate) and returns false.
bool authorised(const http::Request& req, http::Response& res, const ServiceContext& ctx);

void register_merchant_api(http::Router& router, ServiceContext& ctx);

}  // namespace idv::demo

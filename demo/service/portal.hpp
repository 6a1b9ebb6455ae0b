#pragma once
// The customer portal at {publicBase}/p/{ref}: consent -> details -> document -> selfie -> done.
// Opening it moves PENDING to IN_PROGRESS; the last step moves to COMPLETED (end of Phase 1).
#include "common/http/http.hpp"

#include "service/context.hpp"

namespace idv::demo {

void register_portal(http::Router& router, ServiceContext& ctx);

// The policy sent with every portal page. No scripts at all; images only from ourselves.
inline const char* kPortalCsp =
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

}  // namespace idv::demo

#pragma once
// Frame mode (docs/widget-api.md, "Frame mode"): {publicBase}/widget/frame, a page that runs
// the widget for merchant pages whose CSP cannot allow 'wasm-unsafe-eval' (dist/idv-widget-frame.js
// embeds it), plus its script, style and the widget's files from dist/.
#include <string>

#include "common/http/http.hpp"

namespace idv::demo {

// dist_dir: the widget build (idv-widget.js, .wasm, idv-widget.messages/,
// idv-widget-frame-inside.js).
void register_frame_page(http::Router& router, const std::string& dist_dir);

// The frame page's policy. frame-ancestors is open: any merchant may embed the frame, and the
// service cannot narrow it per session because the reference travels in the fragment, which
// never reaches us. The page has no control worth clickjacking (a QR code and a link that opens
// the portal in a new tab, whose own policy is frame-ancestors 'none').
inline const char* kFrameCsp =
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors *";

}  // namespace idv::demo

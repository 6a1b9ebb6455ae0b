#pragma once
// Everything one widget is configured with: Phase 1's tracker options and the optional
// Phase 2 relay. parseWidgetConfig reads the JSON the page passes to the module, so the
// option names, their ranges and their defaults live here, tested natively — not in JS.
#include <string_view>

#include "relay/decision_relay.hpp"
#include "tracking/tracker.hpp"
#include "wallet/wallet_path.hpp"

namespace idv {

struct WidgetConfig {
  TrackerConfig tracker;
  DecisionRelayConfig decision;  // an empty url: no Phase 2 relay
  bool renewal = false;          // the page has renewReference: an expiry asks it first
  WalletConfig wallet;           // "Use your digital ID" (docs/wallet.md)
};

// The widget's options as JSON (docs/bridge.md has the keys). Lenient on purpose: a missing,
// mistyped or out-of-range option keeps its default, and a wrong reference or URL is reported
// by WidgetSession::start as an error the merchant's onError sees — never a crash here.
//
// `pageOrigin` (the embedding page's origin) decides conditional requests: If-None-Match only
// when the tracking endpoint is same-origin, because cross-origin the header makes every poll
// a CORS preflight plus a GET. An explicit `conditionalRequests` boolean overrides it.
WidgetConfig parseWidgetConfig(std::string_view json);

}  // namespace idv

#pragma once
// Where the optional Phase 2 relay stands (see decision_relay.hpp). Its own header so that the
// view model can show it without depending on the relay.
#include <string_view>

namespace idv {

enum class DecisionPhase {
  Off,       // no relay configured
  Waiting,   // Phase 1 not submitted yet
  Checking,  // asking the merchant's backend
  Decided,   // reported once through DecisionRelayedEvent
  TimedOut,  // gave up: the merchant's server still gets its webhook
};

constexpr std::string_view toString(DecisionPhase p) {
  switch (p) {
    case DecisionPhase::Off: return "off";
    case DecisionPhase::Waiting: return "waiting";
    case DecisionPhase::Checking: return "checking";
    case DecisionPhase::Decided: return "decided";
    case DecisionPhase::TimedOut: return "timedOut";
  }
  return "off";
}

}  // namespace idv

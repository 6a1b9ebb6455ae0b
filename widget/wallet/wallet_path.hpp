#pragma once
// "Use your digital ID": Phase 1's second way in, beside the QR (docs/wallet.md).
//
// The page tells the core which wallet protocols its browser accepts (config); the service
// tells it which it serves (the tracking response). The core decides whether to offer the
// button, asks the host to run the exchange (WalletCommand: fetch the request, call
// navigator.credentials.get, post the response back) and decides what the host's report
// means. The exchange only *submits* data: Phase 1 ends, as always, when the tracking status
// says COMPLETED — so onSuccess keeps its one source and fires once.
#include <optional>
#include <string>
#include <string_view>

#include "tracking/commands.hpp"

namespace idv {

struct WalletConfig {
  std::string browserProtocols;  // space-separated, what DigitalCredential accepts here
  bool enabled = true;           // the merchant's `wallet: false` turns the path off
};

// Where the host's exchange stopped, and what it saw there.
enum class WalletStage { Request = 0, Get = 1, Response = 2 };
struct WalletReport {
  WalletStage stage = WalletStage::Request;
  int httpStatus = 0;  // 0: no HTTP answer (network error, or the wallet stage)
  std::string code;    // the service's error code, or the wallet's DOMException name
};

class WalletPath {
 public:
  explicit WalletPath(WalletConfig config) : config_(std::move(config)) {}

  // The protocol both sides speak (the service's order of preference: a view into
  // serviceProtocols), or nullopt.
  std::optional<std::string_view> protocolFor(std::string_view serviceProtocols) const;
  bool busy() const { return busy_; }

  // The customer pressed the button: asks the host to run `exchange`, unless one is already
  // under way.
  void start(CommandSink& out, const WalletCommand& exchange);
  // The host's report. true: the service took the presentation — ask for the status now.
  bool onReport(CommandSink& out, const WalletReport& report);
  // A new tracking session (renewal): whatever was said about the old one no longer applies.
  void reset();

  // What the customer reads about the wallet, or nullopt.
  const std::optional<std::string>& detailKey() const { return detailKey_; }

 private:
  WalletConfig config_;
  bool busy_ = false;
  std::optional<std::string> detailKey_;
};

}  // namespace idv

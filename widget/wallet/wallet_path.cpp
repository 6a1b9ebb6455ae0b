#include "wallet/wallet_path.hpp"

namespace idv {

namespace {

bool listed(std::string_view list, std::string_view item) {
  while (!list.empty()) {
    const auto space = list.find(' ');
    if (list.substr(0, space) == item) return true;
    if (space == std::string_view::npos) break;
    list.remove_prefix(space + 1);
  }
  return false;
}

}  // namespace

std::optional<std::string_view> WalletPath::protocolFor(std::string_view serviceProtocols) const {
  if (!config_.enabled) return std::nullopt;
  std::string_view list = serviceProtocols;
  while (!list.empty()) {
    const auto space = list.find(' ');
    const auto protocol = list.substr(0, space);
    if (!protocol.empty() && listed(config_.browserProtocols, protocol)) return protocol;
    if (space == std::string_view::npos) break;
    list.remove_prefix(space + 1);
  }
  return std::nullopt;
}

void WalletPath::start(CommandSink& out, const WalletCommand& exchange) {
  if (busy_) return;  // one exchange at a time: a double click asks once
  busy_ = true;
  detailKey_ = "detail.walletPresenting";
  out.wallet(exchange);
}

bool WalletPath::onReport(CommandSink& out, const WalletReport& r) {
  if (!busy_) return false;  // nothing asked (or a renewal came in between)
  busy_ = false;
  if (r.stage == WalletStage::Response && r.httpStatus == 200) {
    detailKey_ = "detail.walletAccepted";
    out.event(DiagnosticEvent{"wallet_accepted", ""});
    return true;
  }
  if (r.stage == WalletStage::Get && (r.code == "NotAllowedError" || r.code == "AbortError")) {
    // The customer closed the wallet: their choice, not an error. The QR is still there.
    detailKey_ = "detail.walletCancelled";
    out.event(DiagnosticEvent{"wallet_cancelled", r.code});
    return false;
  }
  if (r.httpStatus == 409) {
    // The session is no longer waiting (finished on the phone meanwhile): the status says how.
    detailKey_.reset();
    out.event(DiagnosticEvent{"wallet_session_closed", r.code});
    return true;
  }
  // The service refused what the wallet presented (a 4xx with its reason), or the exchange
  // broke (network, 5xx, a wallet error other than the customer's cancel). Neither is fatal:
  // the button and the QR stay.
  const bool refused = r.httpStatus >= 400 && r.httpStatus < 500 && r.httpStatus != 429;
  detailKey_ = refused ? "detail.walletRefused" : "detail.walletFailed";
  out.error(ErrorEvent{refused ? ErrorCode::WalletRefused : ErrorCode::WalletFailed, false,
                       r.httpStatus, r.code});
  return false;
}

void WalletPath::reset() {
  busy_ = false;
  detailKey_.reset();
}

}  // namespace idv

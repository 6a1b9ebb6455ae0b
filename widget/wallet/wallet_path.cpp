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

std::optional<std::string> WalletPath::protocolFor(std::string_view serviceProtocols) const {
  if (!config_.enabled) return std::nullopt;
  std::string_view list = serviceProtocols;
  while (!list.empty()) {
    const auto space = list.find(' ');
    const auto protocol = list.substr(0, space);
    if (!protocol.empty() && listed(config_.browserProtocols, protocol))
      return std::string(protocol);
    if (space == std::string_view::npos) break;
    list.remove_prefix(space + 1);
  }
  return std::nullopt;
}

std::optional<WalletCommand> WalletPath::start(std::string protocol, std::string requestUrl,
                                               std::string responseUrl) {
  if (busy_) return std::nullopt;  // one exchange at a time: a double click asks once
  busy_ = true;
  detailKey_ = "detail.walletPresenting";
  return WalletCommand{std::move(protocol), std::move(requestUrl), std::move(responseUrl)};
}

bool WalletPath::onReport(Commands& out, const WalletReport& r) {
  if (!busy_) return false;  // nothing asked (or a renewal came in between)
  busy_ = false;
  if (r.stage == WalletStage::Response && r.httpStatus == 200) {
    detailKey_ = "detail.walletAccepted";
    out.push_back(DiagnosticEvent{"wallet_accepted", ""});
    return true;
  }
  if (r.stage == WalletStage::Get && (r.code == "NotAllowedError" || r.code == "AbortError")) {
    // The customer closed the wallet: their choice, not an error. The QR is still there.
    detailKey_ = "detail.walletCancelled";
    out.push_back(DiagnosticEvent{"wallet_cancelled", r.code});
    return false;
  }
  if (r.httpStatus == 409) {
    // The session is no longer waiting (finished on the phone meanwhile): the status says how.
    detailKey_.reset();
    out.push_back(DiagnosticEvent{"wallet_session_closed", r.code});
    return true;
  }
  // The service refused what the wallet presented (a 4xx with its reason), or the exchange
  // broke (network, 5xx, a wallet error other than the customer's cancel). Neither is fatal:
  // the button and the QR stay.
  const bool refused = r.httpStatus >= 400 && r.httpStatus < 500 && r.httpStatus != 429;
  detailKey_ = refused ? "detail.walletRefused" : "detail.walletFailed";
  out.push_back(ErrorEvent{refused ? ErrorCode::WalletRefused : ErrorCode::WalletFailed, false,
                           r.httpStatus, r.code});
  return false;
}

void WalletPath::reset() {
  busy_ = false;
  detailKey_.reset();
}

}  // namespace idv

#pragma once
// Which URLs the widget may put into the QR code and the verify-on-this-device link.
//
// Only URLs on the one configured portal origin pass, and that origin itself must be https —
// or plain http on a loopback host, so that the demo and tests run on one machine.
#include <string>
#include <string_view>
#include <variant>

#include "url/url_origin.hpp"

namespace idv {

enum class UrlRejection {
  NotAUrl,         // malformed, not http(s), javascript:/data:, userinfo, control chars…
  InsecureScheme,  // http on a host that is not loopback
  WrongOrigin,     // a well-formed URL on some other origin
};

std::string_view toString(UrlRejection r);

class PortalUrlPolicy {
 public:
  // Checks the configured origin itself; nullopt-like failure is reported via `rejection`.
  static std::variant<PortalUrlPolicy, UrlRejection> forOrigin(std::string_view origin);

  // The accepted URL, normalised (lower-case scheme and host), or why it was refused.
  std::variant<std::string, UrlRejection> check(std::string_view url) const;

  const UrlOrigin& origin() const { return origin_; }

 private:
  explicit PortalUrlPolicy(UrlOrigin origin) : origin_(std::move(origin)) {}
  UrlOrigin origin_;
};

// https anywhere; http only where the host is loopback.
bool isSecureEnough(const UrlOrigin& origin);

}  // namespace idv

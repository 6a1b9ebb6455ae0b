#pragma once
// The origin (scheme, host, port) of an absolute http(s) URL, parsed strictly.
//
// Why our own parser: the QR code and the verify-on-this-device link are the widget's most
// dangerous outputs — a tampered tracking response must not turn them into a phishing link.
// So instead of a lenient general-purpose URL parser we accept a narrow, unambiguous subset:
// no userinfo ("https://good@evil"), no backslashes, no whitespace or control characters,
// ASCII hosts only (IDNs arrive as punycode), an optional decimal port.
#include <optional>
#include <string>
#include <string_view>

namespace idv {

struct UrlOrigin {
  std::string scheme;  // "https" or "http", lower case
  std::string host;    // lower case; IPv6 literals keep their brackets
  int port = 0;        // explicit or the scheme's default

  std::string serialize() const;  // "https://host[:port]" (default port omitted)
  bool isLoopback() const;        // localhost, 127.0.0.0/8, [::1]
  friend bool operator==(const UrlOrigin&, const UrlOrigin&) = default;
};

struct ParsedUrl {
  UrlOrigin origin;
  std::string pathAndQuery;  // everything after the authority ("/p/abc?x=1"), may be empty
};

// nullopt when the text is not an absolute http(s) URL of the accepted subset.
std::optional<ParsedUrl> parseHttpUrl(std::string_view text);

}  // namespace idv

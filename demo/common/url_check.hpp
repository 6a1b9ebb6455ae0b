#pragma once
// Strict parsing of the absolute http(s) URLs merchants hand us (webhookUrl, returnUrl).
// A tiny subset of WHATWG URL on purpose: anything odd is rejected rather than "fixed".
#include <optional>
#include <string>
#include <string_view>

namespace idv::demo {

struct HttpUrl {
  std::string scheme;          // "http" or "https"
  std::string host;            // lower-case; IPv6 literals keep their brackets
  int port = 0;                // explicit or the scheme default
  std::string path;            // starts with '/', includes the query
  std::string origin() const;  // scheme://host[:port] (default port omitted)
};

std::optional<HttpUrl> parse_http_url(std::string_view url);
bool is_loopback_host(std::string_view host);

}  // namespace idv::demo

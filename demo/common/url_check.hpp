#pragma once
// The demo's adapter over the core's URL parser (widget/url/url_origin.hpp): one parser for
// the whole repository. It adds only what the servers need on top: no fragment (it means
// nothing to a server and hides tricks), and a path that is never empty.
#include <optional>
#include <string>
#include <string_view>

#include "common/destination_policy.hpp"  // is_loopback_host

namespace idv::demo {

struct HttpUrl {
  std::string scheme;          // "http" or "https"
  std::string host;            // lower-case; IPv6 literals keep their brackets
  int port = 0;                // explicit or the scheme default
  std::string path;            // starts with '/', includes the query
  std::string origin() const;  // scheme://host[:port] (default port omitted)
};

// idv::parseHttpUrl, minus fragments. nullopt for anything that is not an absolute http(s)
// URL of the core's strict subset (no credentials, no spaces or controls, ASCII only, ...).
std::optional<HttpUrl> parse_http_url(std::string_view url);

}  // namespace idv::demo

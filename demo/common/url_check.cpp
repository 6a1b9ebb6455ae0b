#include "common/url_check.hpp"

#include <cctype>
#include <charconv>

namespace idv::demo {

std::string HttpUrl::origin() const {
  const bool default_port = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
  return scheme + "://" + host + (default_port ? "" : ":" + std::to_string(port));
}

bool is_loopback_host(std::string_view host) {
  return host == "localhost" || host == "[::1]" || host.starts_with("127.");
}

std::optional<HttpUrl> parse_http_url(std::string_view url) {
  for (const char c : url) {
    // No spaces, controls or non-ASCII: the URL must already be percent-encoded.
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F)
      return std::nullopt;
  }
  HttpUrl u;
  std::string_view rest;
  if (url.starts_with("https://")) {
    u.scheme = "https";
    u.port = 443;
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    u.scheme = "http";
    u.port = 80;
    rest = url.substr(7);
  } else {
    return std::nullopt;
  }
  const auto end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  std::string_view tail = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  if (tail.find('#') != std::string_view::npos) return std::nullopt;  // fragments mean nothing here
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;

  std::string_view host = authority;
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(0, close + 1);
    authority.remove_prefix(close + 1);
  } else {
    host = authority.substr(0, authority.find(':'));
    authority.remove_prefix(host.size());
  }
  if (!authority.empty()) {
    if (authority.front() != ':' || authority.size() < 2 || authority.size() > 6)
      return std::nullopt;
    int port = 0;
    const auto [p, ec] =
        std::from_chars(authority.data() + 1, authority.data() + authority.size(), port);
    if (ec != std::errc{} || p != authority.data() + authority.size() || port < 1 || port > 65535)
      return std::nullopt;
    u.port = port;
  }
  if (host.empty() || host.size() > 253) return std::nullopt;
  for (const char c : host) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ||
                    c == '[' || c == ']' || c == ':';
    if (!ok) return std::nullopt;
  }
  u.host.reserve(host.size());
  for (const char c : host)
    u.host.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  u.path = tail.empty() ? "/" : std::string(tail);
  if (u.path.front() == '?') u.path.insert(0, "/");
  return u;
}

}  // namespace idv::demo

#include "url/url_origin.hpp"

#include <algorithm>

#include <cctype>

#include "json/decimal.hpp"

namespace idv {
namespace {

constexpr std::size_t kMaxUrlLength = 2048;

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

bool isHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

bool validHost(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  if (host.front() == '[') {  // IPv6 literal: hex digits, colons, dots
    if (host.size() < 4 || host.back() != ']') return false;
    for (char c : host.substr(1, host.size() - 2))
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
    return true;
  }
  if (host.front() == '.' || host.front() == '-' || host.find("..") != std::string_view::npos)
    return false;
  for (char c : host)
    if (!isHostChar(c)) return false;
  return true;
}

}  // namespace

std::string UrlOrigin::serialize() const {
  const int defaultPort = scheme == "https" ? 443 : 80;
  std::string out = scheme + "://" + host;
  if (port != defaultPort) {
    out += ':';
    json::appendDecimal(out, port);
  }
  return out;
}

bool UrlOrigin::isLoopback() const {
  if (host == "localhost" || host == "[::1]") return true;
  // 127.0.0.0/8 written as a dotted quad of decimals, each 0-255 without leading zeros:
  // "127.999.0.1" or "127.0.0.01" is no address at all, so no loopback either.
  if (host.rfind("127.", 0) != 0) return false;
  int parts = 0;
  std::size_t start = 0;
  while (start <= host.size()) {
    const auto end = std::min(host.find('.', start), host.size());
    const std::string_view part = std::string_view(host).substr(start, end - start);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return false;
    int value = 0;
    for (const char c : part) {
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    if (value > 255) return false;
    ++parts;
    start = end + 1;
  }
  return parts == 4;
}

std::optional<ParsedUrl> parseHttpUrl(std::string_view text) {
  if (text.empty() || text.size() > kMaxUrlLength) return std::nullopt;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || u >= 0x80 || c == '\\') return std::nullopt;
  }

  const auto colon = text.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  ParsedUrl out;
  for (char c : text.substr(0, colon)) out.origin.scheme += lower(c);
  if (out.origin.scheme != "https" && out.origin.scheme != "http") return std::nullopt;

  const auto rest = text.substr(colon + 3);
  const auto authorityEnd = rest.find_first_of("/?#");
  const auto authority = rest.substr(0, authorityEnd);
  if (authority.find('@') != std::string_view::npos) return std::nullopt;  // userinfo trick
  if (authorityEnd != std::string_view::npos)
    out.pathAndQuery = std::string(rest.substr(authorityEnd));

  // Split host and port; a ':' after an IPv6 literal's ']' starts the port.
  std::string_view hostPart = authority;
  std::string_view portPart;
  const auto bracket = authority.rfind(']');
  const auto portColon = authority.rfind(':');
  if (portColon != std::string_view::npos &&
      (bracket == std::string_view::npos || portColon > bracket)) {
    hostPart = authority.substr(0, portColon);
    portPart = authority.substr(portColon + 1);
  }
  for (char c : hostPart) out.origin.host += lower(c);
  if (!validHost(out.origin.host)) return std::nullopt;

  out.origin.port = out.origin.scheme == "https" ? 443 : 80;
  if (!portPart.empty()) {
    if (portPart.size() > 5) return std::nullopt;
    int port = 0;
    for (char c : portPart) {
      if (c < '0' || c > '9') return std::nullopt;
      port = port * 10 + (c - '0');
    }
    if (port < 1 || port > 65535) return std::nullopt;
    out.origin.port = port;
  }
  return out;
}

}  // namespace idv

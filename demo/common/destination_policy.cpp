#include "common/destination_policy.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

namespace idv::demo {
namespace {

struct AddrInfoFree {
  void operator()(addrinfo* a) const { freeaddrinfo(a); }
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

IpAddress v4(const std::uint8_t* b) {
  IpAddress a;
  a.family = AF_INET;
  std::copy(b, b + 4, a.bytes.begin());
  return a;
}

// a in b0.b1.b2.0/prefix
bool in_v4(const IpAddress& a, std::uint8_t b0, std::uint8_t b1, std::uint8_t b2, int prefix) {
  const std::uint32_t addr = (std::uint32_t{a.bytes[0]} << 24) | (std::uint32_t{a.bytes[1]} << 16) |
                             (std::uint32_t{a.bytes[2]} << 8) | a.bytes[3];
  const std::uint32_t net =
      (std::uint32_t{b0} << 24) | (std::uint32_t{b1} << 16) | (std::uint32_t{b2} << 8);
  const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  return (addr & mask) == (net & mask);
}

bool in_v4(const IpAddress& a, std::uint8_t b0, std::uint8_t b1, int prefix) {
  return in_v4(a, b0, b1, 0, prefix);
}

AddressRange classify_v4(const IpAddress& a) {
  if (in_v4(a, 0, 0, 8)) return AddressRange::unspecified;  // "this network"
  if (in_v4(a, 127, 0, 8)) return AddressRange::loopback;
  if (in_v4(a, 10, 0, 8) || in_v4(a, 172, 16, 12) || in_v4(a, 192, 168, 16))
    return AddressRange::private_network;
  if (in_v4(a, 169, 254, 16)) return AddressRange::link_local;
  if (in_v4(a, 100, 64, 10)) return AddressRange::shared_cgnat;
  if (in_v4(a, 224, 0, 4)) return AddressRange::multicast;
  if (in_v4(a, 240, 0, 4)) return AddressRange::reserved;  // incl. 255.255.255.255
  if (in_v4(a, 192, 0, 0, 24) ||                           // IETF protocol assignments
      in_v4(a, 192, 0, 2, 24) ||                           // TEST-NET-1
      in_v4(a, 192, 88, 99, 24) ||                         // 6to4 relay anycast
      in_v4(a, 198, 18, 15) ||                             // benchmarking
      in_v4(a, 198, 51, 100, 24) ||                        // TEST-NET-2
      in_v4(a, 203, 0, 113, 24))                           // TEST-NET-3
    return AddressRange::reserved;
  return AddressRange::global;
}

bool starts_with(const IpAddress& a, std::initializer_list<std::uint8_t> prefix) {
  return std::equal(prefix.begin(), prefix.end(), a.bytes.begin());
}

AddressRange classify_v6(const IpAddress& a) {
  const auto& b = a.bytes;
  const bool first10_zero = std::all_of(b.begin(), b.begin() + 10, [](auto x) { return x == 0; });
  if (first10_zero && b[10] == 0xff && b[11] == 0xff)  // ::ffff:a.b.c.d (IPv4-mapped)
    return classify_v4(v4(&b[12]));
  if (first10_zero && b[10] == 0 && b[11] == 0) {
    if (std::all_of(b.begin() + 12, b.end() - 1, [](auto x) { return x == 0; })) {
      if (b[15] == 0) return AddressRange::unspecified;
      if (b[15] == 1) return AddressRange::loopback;
    }
    return AddressRange::reserved;  // ::a.b.c.d (IPv4-compatible, deprecated)
  }
  // 64:ff9b::/96, the NAT64 well-known prefix: what it reaches is the embedded IPv4 address.
  if (starts_with(a, {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0}))
    return classify_v4(v4(&b[12]));
  if (starts_with(a, {0x00, 0x64, 0xff, 0x9b, 0x00, 0x01}))  // 64:ff9b:1::/48, local NAT64
    return AddressRange::private_network;
  if (starts_with(a, {0x20, 0x02}))  // 2002::/16, 6to4: the IPv4 address follows
    return classify_v4(v4(&b[2]));
  if (b[0] == 0xff) return AddressRange::multicast;
  if ((b[0] & 0xfe) == 0xfc) return AddressRange::private_network;             // fc00::/7 (ULA)
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressRange::link_local;  // fe80::/10
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return AddressRange::private_network;  // fec0::/10
  if ((b[0] & 0xe0) != 0x20) return AddressRange::reserved;  // outside 2000::/3 (global unicast)
  // 2001::/23, IETF protocol assignments (Teredo, which wraps IPv4; benchmarking; ORCHID),
  // and 2001:db8::/32, documentation: no webhook receiver lives there.
  if ((b[0] == 0x20 && b[1] == 0x01 && b[2] <= 0x01) || starts_with(a, {0x20, 0x01, 0x0d, 0xb8}))
    return AddressRange::reserved;
  return AddressRange::global;
}

std::string_view unbracket(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    return host.substr(1, host.size() - 2);
  return host;
}

}  // namespace

std::string IpAddress::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(family, bytes.data(), buf, sizeof buf) == nullptr) return "?";
  return buf;
}

std::optional<IpAddress> IpAddress::from_sockaddr(const sockaddr* addr, socklen_t len) {
  if (addr == nullptr) return std::nullopt;
  IpAddress a;
  if (addr->sa_family == AF_INET && len >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in in{};
    std::memcpy(&in, addr, sizeof in);
    a.family = AF_INET;
    std::memcpy(a.bytes.data(), &in.sin_addr, 4);
    return a;
  }
  if (addr->sa_family == AF_INET6 && len >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, addr, sizeof in6);
    a.family = AF_INET6;
    std::memcpy(a.bytes.data(), &in6.sin6_addr, 16);
    return a;
  }
  return std::nullopt;
}

const char* describe(AddressRange r) {
  switch (r) {
    case AddressRange::global: return "a public address";
    case AddressRange::loopback: return "a loopback address";
    case AddressRange::private_network: return "a private-network address";
    case AddressRange::link_local: return "a link-local address";
    case AddressRange::shared_cgnat: return "a carrier-grade NAT address";
    case AddressRange::multicast: return "a multicast address";
    case AddressRange::unspecified: return "an unspecified address";
    case AddressRange::reserved: return "a reserved address";
  }
  return "an unknown address";
}

AddressRange classify(const IpAddress& a) {
  return a.family == AF_INET ? classify_v4(a) : classify_v6(a);
}

std::optional<IpAddress> parse_ip_literal(std::string_view host) {
  IpAddress a;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    const std::string inner(host.substr(1, host.size() - 2));
    if (inet_pton(AF_INET6, inner.c_str(), a.bytes.data()) != 1) return std::nullopt;
    a.family = AF_INET6;
    return a;
  }
  const std::string text(host);
  if (inet_pton(AF_INET, text.c_str(), a.bytes.data()) != 1) return std::nullopt;
  a.family = AF_INET;
  return a;
}

std::optional<IpAddress> parse_ip_literal_lenient(std::string_view host) {
  if (auto strict = parse_ip_literal(host)) return strict;
  const std::string inner(unbracket(host));
  if (inner.empty() || inner.find_first_of(" \t") != std::string::npos) return std::nullopt;
  IpAddress a;
  if (inner.find(':') != std::string::npos) {  // an unbracketed IPv6 literal
    if (inet_pton(AF_INET6, inner.c_str(), a.bytes.data()) != 1) return std::nullopt;
    a.family = AF_INET6;
    return a;
  }
  in_addr in{};
  if (inet_aton(inner.c_str(), &in) == 0) return std::nullopt;  // "127.1", "0x7f.1", "2130706433"
  a.family = AF_INET;
  std::memcpy(a.bytes.data(), &in, 4);
  return a;
}

bool is_loopback_host(std::string_view host) {
  if (lower(host) == "localhost") return true;
  const auto ip = parse_ip_literal(host);
  if (!ip) return false;
  if (ip->family == AF_INET) return ip->bytes[0] == 127;
  // [::1] however it is spelled; not [::ffff:127.0.0.1] ("nothing else").
  return std::all_of(ip->bytes.begin(), ip->bytes.end() - 1, [](auto b) { return b == 0; }) &&
         ip->bytes[15] == 1;
}

bool DestinationPolicy::allows(const IpAddress& a) const {
  return allow_private_ || classify(a) == AddressRange::global;
}

bool DestinationPolicy::allows(const sockaddr* addr, socklen_t len) const {
  if (allow_private_) return true;
  const auto a = IpAddress::from_sockaddr(addr, len);
  return a && allows(*a);
}

std::optional<std::string> DestinationPolicy::check_host(std::string_view host) const {
  if (allow_private_) return std::nullopt;
  const std::string h = lower(host);
  if (h == "localhost" || h.ends_with(".localhost") || h == "localhost.")  // RFC 6761
    return "it names the loopback host";
  if (const auto ip = parse_ip_literal_lenient(h)) {
    const auto range = classify(*ip);
    if (range != AddressRange::global) return std::string("it is ") + describe(range);
  }
  return std::nullopt;
}

Resolution DestinationPolicy::resolve(std::string_view host, int port) const {
  Resolution r;
  if (const auto ip = parse_ip_literal_lenient(host)) {
    r.addresses.push_back(*ip);
  } else {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* raw = nullptr;
    const std::string name(unbracket(host));
    const std::string service = std::to_string(port);
    const int rc = getaddrinfo(name.c_str(), service.c_str(), &hints, &raw);
    const std::unique_ptr<addrinfo, AddrInfoFree> list(raw);
    if (rc != 0) {
      r.error = std::string("DNS: ") + gai_strerror(rc);
      return r;
    }
    for (const addrinfo* ai = list.get(); ai != nullptr; ai = ai->ai_next) {
      const auto a = IpAddress::from_sockaddr(ai->ai_addr, ai->ai_addrlen);
      if (a && std::find(r.addresses.begin(), r.addresses.end(), *a) == r.addresses.end())
        r.addresses.push_back(*a);
    }
    if (r.addresses.empty()) {
      r.error = "DNS: no usable address";
      return r;
    }
  }
  for (const auto& a : r.addresses) {
    if (allows(a)) continue;
    r.refused = true;
    r.error = "destination refused: resolves to " + a.to_string() + ", " + describe(classify(a)) +
              " (--allow-private-webhooks is off)";
    r.addresses.clear();
    return r;
  }
  return r;
}

}  // namespace idv::demo

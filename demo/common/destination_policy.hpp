#pragma once
// Where the service may send webhooks: the SSRF rules.
//
// A webhook URL is chosen by whoever holds the API key, and the service POSTs to it from
// inside its own network. So, unless the operator allows it (--allow-private-webhooks, for
// the demo's shop on 127.0.0.1), a destination must be a public address: no loopback,
// private (RFC 1918, fc00::/7), link-local (169.254/16 — cloud metadata — and fe80::/10),
// CGNAT (100.64/10), multicast, unspecified, documentation/benchmark/reserved ranges, nor
// any of those wrapped in IPv6 (::ffff:127.0.0.1, NAT64 64:ff9b::/96, 6to4 2002::/16).
//
// Checked twice: at invite time on IP literals (check_host: a cheap, early 422), and at
// delivery on every address the host RESOLVES to (resolve). The connection is then pinned to
// exactly those addresses (CURLOPT_RESOLVE), and the client's connect hook asks allows() once
// more for the address it is really connecting to — a DNS answer that changes between the
// check and the connection (DNS rebinding) cannot redirect the request.
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace idv::demo {

struct IpAddress {
  int family = 0;                        // AF_INET or AF_INET6
  std::array<std::uint8_t, 16> bytes{};  // network order; IPv4 in the first 4
  std::string to_string() const;         // "127.0.0.1", "::ffff:127.0.0.1"
  static std::optional<IpAddress> from_sockaddr(const sockaddr* addr, socklen_t len);
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

enum class AddressRange {
  global,           // the only range allowed without --allow-private-webhooks
  loopback,         // 127.0.0.0/8, ::1
  private_network,  // 10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10, 64:ff9b:1::/48
  link_local,       // 169.254/16 (cloud metadata), fe80::/10
  shared_cgnat,     // 100.64/10
  multicast,        // 224/4, ff00::/8
  unspecified,      // 0.0.0.0/8, ::
  reserved,         // documentation, benchmarking, 240/4, broadcast, Teredo, …
};
const char* describe(AddressRange r);  // "a loopback address"
AddressRange classify(const IpAddress& a);

// An IP literal as a URL writes it: a dotted quad ("127.0.0.1") or a bracketed IPv6 address
// ("[::1]"). nullopt for host names.
std::optional<IpAddress> parse_ip_literal(std::string_view host);
// The same, plus the legacy IPv4 spellings resolvers still accept ("127.1", "0x7f.0.0.1",
// "2130706433"): used to refuse, never to allow.
std::optional<IpAddress> parse_ip_literal_lenient(std::string_view host);

// "Loopback" for the plain-http exception: an IP literal in 127.0.0.0/8, [::1] or
// `localhost` (any case) — nothing else ("127.evil.example" is a host name).
bool is_loopback_host(std::string_view host);

struct Resolution {
  std::vector<IpAddress> addresses;  // all of them allowed; connect only to these
  bool refused = false;              // the policy said no (vs. the name did not resolve)
  std::string error;                 // one line; empty when addresses is usable
  bool ok() const { return error.empty() && !addresses.empty(); }
};

class DestinationPolicy {
 public:
  explicit DestinationPolicy(bool allow_private = false) : allow_private_(allow_private) {}
  bool allow_private() const { return allow_private_; }

  bool allows(const IpAddress& a) const;
  bool allows(const sockaddr* addr, socklen_t len) const;  // the client's connect hook

  // Invite time, no DNS: the reason an IP-literal (or `localhost`) host is refused, or
  // nullopt (host names are checked at delivery, on what they resolve to).
  std::optional<std::string> check_host(std::string_view host) const;

  // Delivery time: the host's addresses (getaddrinfo; an IP literal is its own answer). When
  // any of them is refused the whole destination is — one bad answer is enough to aim at.
  // `host` as in a URL; IPv6 literals may keep their brackets. Blocking (DNS).
  Resolution resolve(std::string_view host, int port) const;

 private:
  bool allow_private_;
};

}  // namespace idv::demo

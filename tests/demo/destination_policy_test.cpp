// SSRF rules (demo/common/destination_policy.hpp): which webhook destinations the service
// refuses, at invite time (IP literals) and at delivery (what a name resolves to).
#include "common/destination_policy.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <unistd.h>

#include "common/url_check.hpp"

using idv::demo::AddressRange;
using idv::demo::classify;
using idv::demo::DestinationPolicy;
using idv::demo::is_loopback_host;
using idv::demo::parse_http_url;
using idv::demo::parse_ip_literal;
using idv::demo::parse_ip_literal_lenient;

namespace {

AddressRange range_of(const char* literal) {
  const auto ip = parse_ip_literal_lenient(literal);
  EXPECT_TRUE(ip.has_value()) << literal;
  return ip ? classify(*ip) : AddressRange::global;
}

// Refused without --allow-private-webhooks: by the invite-time check (IP literals) or, for
// host names, by what they resolve to at delivery.
bool refused(const DestinationPolicy& p, const std::string& url) {
  const auto u = parse_http_url(url);
  if (!u) return true;  // not even a URL
  if (p.check_host(u->host)) return true;
  return !p.resolve(u->host, u->port).ok();
}

}  // namespace

TEST(DestinationPolicy, TheSsrfListOfIssue9IsRefused) {
  const DestinationPolicy strict;
  // Host names that merely start like an address resolve through DNS (they do not exist
  // here, so they are refused either way; what matters is that nothing calls them loopback).
  for (const char* url : {"http://127.evil.example/h",
                          "http://127.0.0.1.evil.example/h",
                          "https://10.0.0.1/h",
                          "https://[::ffff:127.0.0.1]/h",
                          "https://169.254.169.254/latest/meta-data",
                          "http://localhost:8081/h",
                          "http://127.0.0.1:8081/h",
                          "https://[::1]/h",
                          "https://0.0.0.0/",
                          "https://100.64.0.1/",
                          "https://192.168.1.1/",
                          "https://172.16.0.1/",
                          "https://[fd00::1]/",
                          "https://[fe80::1]/",
                          "https://224.0.0.1/",
                          "https://[ff02::1]/",
                          "https://127.1/",
                          "https://2130706433/",
                          "https://0x7f.0.0.1/",
                          "https://[::]/",
                          "https://[64:ff9b::a9fe:a9fe]/",
                          "https://[2002:7f00:1::]/",
                          "https://255.255.255.255/",
                          "https://sub.localhost/"}) {
    EXPECT_TRUE(refused(strict, url)) << url;
  }
  EXPECT_FALSE(is_loopback_host("127.evil.example"));
  EXPECT_FALSE(is_loopback_host("127.0.0.1.evil.example"));
}

TEST(DestinationPolicy, ANameThatResolvesToLoopbackIsRefusedOnItsAddress) {
  const DestinationPolicy strict;
  // `localhost` resolves to 127.0.0.1 (and maybe ::1) through getaddrinfo: the resolved
  // address is what is refused, not the spelling.
  const auto r = strict.resolve("localhost", 80);
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.refused);
  EXPECT_TRUE(r.addresses.empty()) << "nothing to connect to";
  EXPECT_NE(r.error.find("loopback"), std::string::npos) << r.error;

  // The machine's own name usually resolves to a loopback or private address too (/etc/hosts);
  // it passes the invite-time check (a name) and must fail on its resolved address.
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) == 0 && name[0] != '\0') {
    const DestinationPolicy open(true);
    const auto any = open.resolve(name, 80);
    if (any.ok() && classify(any.addresses.front()) != AddressRange::global) {
      EXPECT_FALSE(strict.check_host(name).has_value()) << "a name is not decided at invite";
      const auto own = strict.resolve(name, 80);
      EXPECT_TRUE(own.refused) << name;
    }
  }
}

TEST(DestinationPolicy, AllowPrivateLetsTheDemoReachItsShop) {
  const DestinationPolicy open(true);
  EXPECT_FALSE(open.check_host("127.0.0.1").has_value());
  EXPECT_FALSE(open.check_host("localhost").has_value());
  const auto r = open.resolve("localhost", 8081);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_FALSE(r.addresses.empty());
}

TEST(DestinationPolicy, PublicAddressesPass) {
  const DestinationPolicy strict;
  for (const char* host : {"93.184.216.34", "8.8.8.8", "[2606:4700:4700::1111]", "1.1.1.1",
                           "[::ffff:8.8.8.8]", "172.32.0.1", "100.128.0.1", "example.com"}) {
    EXPECT_FALSE(strict.check_host(host).has_value()) << host;
  }
  const auto r = strict.resolve("93.184.216.34", 443);  // a literal: no DNS involved
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.addresses.front().to_string(), "93.184.216.34");
}

TEST(DestinationPolicy, Ranges) {
  EXPECT_EQ(range_of("127.0.0.1"), AddressRange::loopback);
  EXPECT_EQ(range_of("127.255.255.254"), AddressRange::loopback);
  EXPECT_EQ(range_of("10.1.2.3"), AddressRange::private_network);
  EXPECT_EQ(range_of("172.16.0.1"), AddressRange::private_network);
  EXPECT_EQ(range_of("172.31.255.255"), AddressRange::private_network);
  EXPECT_EQ(range_of("172.32.0.1"), AddressRange::global);
  EXPECT_EQ(range_of("192.168.0.1"), AddressRange::private_network);
  EXPECT_EQ(range_of("169.254.169.254"), AddressRange::link_local);
  EXPECT_EQ(range_of("100.64.0.1"), AddressRange::shared_cgnat);
  EXPECT_EQ(range_of("100.127.255.255"), AddressRange::shared_cgnat);
  EXPECT_EQ(range_of("100.128.0.1"), AddressRange::global);
  EXPECT_EQ(range_of("224.0.0.251"), AddressRange::multicast);
  EXPECT_EQ(range_of("0.0.0.0"), AddressRange::unspecified);
  EXPECT_EQ(range_of("192.0.2.1"), AddressRange::reserved);
  EXPECT_EQ(range_of("240.0.0.1"), AddressRange::reserved);
  EXPECT_EQ(range_of("[::1]"), AddressRange::loopback);
  EXPECT_EQ(range_of("[::]"), AddressRange::unspecified);
  EXPECT_EQ(range_of("[::ffff:127.0.0.1]"), AddressRange::loopback);
  EXPECT_EQ(range_of("[::ffff:10.0.0.1]"), AddressRange::private_network);
  EXPECT_EQ(range_of("[::ffff:169.254.169.254]"), AddressRange::link_local);
  EXPECT_EQ(range_of("[::ffff:8.8.8.8]"), AddressRange::global);
  EXPECT_EQ(range_of("[64:ff9b::7f00:1]"), AddressRange::loopback);      // NAT64 of 127.0.0.1
  EXPECT_EQ(range_of("[2002:a9fe:a9fe::1]"), AddressRange::link_local);  // 6to4 of 169.254…
  EXPECT_EQ(range_of("[fc00::1]"), AddressRange::private_network);
  EXPECT_EQ(range_of("[fdff::1]"), AddressRange::private_network);
  EXPECT_EQ(range_of("[fe80::1]"), AddressRange::link_local);
  EXPECT_EQ(range_of("[febf::1]"), AddressRange::link_local);
  EXPECT_EQ(range_of("[ff02::1]"), AddressRange::multicast);
  EXPECT_EQ(range_of("[2001:db8::1]"), AddressRange::reserved);
  EXPECT_EQ(range_of("[2001::1]"), AddressRange::reserved);  // Teredo
  EXPECT_EQ(range_of("[2606:4700::1]"), AddressRange::global);
  EXPECT_EQ(range_of("[100::1]"), AddressRange::reserved);
}

TEST(DestinationPolicy, LegacyIpv4SpellingsAreAddressesToo) {
  // Resolvers (and curl) read these as 127.0.0.1: refuse them like the dotted quad...
  for (const char* host : {"127.1", "2130706433", "0x7f.0.0.1", "0177.0.0.1", "0x7f000001"}) {
    const auto ip = parse_ip_literal_lenient(host);
    ASSERT_TRUE(ip.has_value()) << host;
    EXPECT_EQ(ip->to_string(), "127.0.0.1") << host;
    // ...but never count them as the "loopback host" that may use plain http.
    EXPECT_FALSE(is_loopback_host(host)) << host;
    EXPECT_FALSE(parse_ip_literal(host).has_value()) << host;
  }
}

TEST(DestinationPolicy, ConnectHookChecksTheRealAddress) {
  const DestinationPolicy strict;
  sockaddr_in in{};
  in.sin_family = AF_INET;
  inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
  EXPECT_FALSE(strict.allows(reinterpret_cast<const sockaddr*>(&in), sizeof in));
  inet_pton(AF_INET, "8.8.8.8", &in.sin_addr);
  EXPECT_TRUE(strict.allows(reinterpret_cast<const sockaddr*>(&in), sizeof in));
  sockaddr_in6 in6{};
  in6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "::ffff:127.0.0.1", &in6.sin6_addr);
  EXPECT_FALSE(strict.allows(reinterpret_cast<const sockaddr*>(&in6), sizeof in6));
  EXPECT_TRUE(DestinationPolicy(true).allows(reinterpret_cast<const sockaddr*>(&in6), sizeof in6));
}

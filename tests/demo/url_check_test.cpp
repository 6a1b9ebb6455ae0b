#include "common/url_check.hpp"

#include <gtest/gtest.h>

using idv::demo::is_loopback_host;
using idv::demo::parse_http_url;

TEST(UrlCheck, ParsesOrigins) {
  const auto u = parse_http_url("https://Shop.Example:8443/hooks/idv?x=1");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->host, "shop.example");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->path, "/hooks/idv?x=1");
  EXPECT_EQ(u->origin(), "https://shop.example:8443");
  EXPECT_EQ(parse_http_url("http://127.0.0.1:8080")->origin(), "http://127.0.0.1:8080");
  EXPECT_EQ(parse_http_url("https://a.example:443/")->origin(), "https://a.example");
  EXPECT_EQ(parse_http_url("http://[::1]:9/x")->host, "[::1]");
  EXPECT_EQ(parse_http_url("https://a.example?q")->path, "/?q");
}

TEST(UrlCheck, RejectsAnythingOdd) {
  for (const char* bad :
       {"", "ftp://a.example/", "//a.example/", "https://", "https://user@a.example/",
        "https://a.example:0/", "https://a.example:99999/", "https://a.example:x/",
        "https://a b.example/", "https://a.example/#f", "javascript:alert(1)",
        "https://a.example/\xC3\xA9", "https://[::1/", "https://a_b.example/"}) {
    EXPECT_FALSE(parse_http_url(bad).has_value()) << bad;
  }
}

TEST(UrlCheck, Loopback) {
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_TRUE(is_loopback_host("[::1]"));
  EXPECT_FALSE(is_loopback_host("127example.com") && false);
  EXPECT_FALSE(is_loopback_host("10.0.0.1"));
  EXPECT_FALSE(is_loopback_host("localhost.evil.example"));
}

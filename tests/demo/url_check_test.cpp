// The demo's URL adapter over the core parser (one parser for the repository) and the
// "loopback host" rule of the plain-http exception.
#include "common/url_check.hpp"

#include <gtest/gtest.h>

#include "url/url_origin.hpp"

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
  EXPECT_EQ(parse_http_url("http://127.0.0.1:8080")->path, "/");
  EXPECT_EQ(parse_http_url("https://a.example:443/")->origin(), "https://a.example");
  EXPECT_EQ(parse_http_url("http://[::1]:9/x")->host, "[::1]");
  EXPECT_EQ(parse_http_url("https://a.example?q")->path, "/?q");
}

TEST(UrlCheck, IsTheCoreParser) {
  // Same verdict and the same origin as idv::parseHttpUrl for every input (fragments aside).
  for (const char* text : {"https://Shop.Example:8443/x", "http://[::1]:9/x", "https://a..b/",
                           "https://good@evil.example/", "https://a.example\\@b/", "HTTPS://A/",
                           "https://a.example:65536/", "https://-a.example/"}) {
    const auto core = idv::parseHttpUrl(text);
    const auto ours = parse_http_url(text);
    ASSERT_EQ(core.has_value(), ours.has_value()) << text;
    if (core) {
      EXPECT_EQ(core->origin.serialize(), ours->origin()) << text;
    }
  }
}

TEST(UrlCheck, RejectsAnythingOdd) {
  for (const char* bad :
       {"", "ftp://a.example/", "//a.example/", "https://", "https://user@a.example/",
        "https://a.example:0/", "https://a.example:99999/", "https://a.example:x/",
        "https://a b.example/", "https://a.example/#f", "javascript:alert(1)",
        "https://a.example/\xC3\xA9", "https://[::1/", "https://a_b.example/",
        "https://a.example\\@evil.example/"}) {
    EXPECT_FALSE(parse_http_url(bad).has_value()) << bad;
  }
}

TEST(UrlCheck, LoopbackMeansLoopbackLiteralsOrLocalhost) {
  for (const char* host : {"127.0.0.1", "127.1.2.3", "127.255.255.254", "localhost", "LOCALHOST",
                           "[::1]", "[0:0:0:0:0:0:0:1]"}) {
    EXPECT_TRUE(is_loopback_host(host)) << host;
  }
  // Host names that only look like loopback are DNS names anyone can register.
  for (const char* host :
       {"127.evil.example", "127.0.0.1.evil.example", "127example.com", "127.0.0.1.", "127.999.0.1",
        "127.1", "0x7f.0.0.1", "2130706433", "[::ffff:127.0.0.1]", "10.0.0.1",
        "localhost.evil.example", "evil-localhost", "[::2]", "128.0.0.1", ""}) {
    EXPECT_FALSE(is_loopback_host(host)) << host;
  }
}

TEST(UrlCheck, LoopbackOnParsedUrls) {
  const auto evil = parse_http_url("http://127.evil.example/h");
  ASSERT_TRUE(evil.has_value()) << "a valid URL; only the host rule refuses it";
  EXPECT_FALSE(is_loopback_host(evil->host));
  EXPECT_TRUE(is_loopback_host(parse_http_url("http://127.0.0.1:8081/h")->host));
  EXPECT_TRUE(is_loopback_host(parse_http_url("http://[::1]:8081/h")->host));
}

#include <gtest/gtest.h>

#include "url/portal_url_policy.hpp"

namespace idv {
namespace {

PortalUrlPolicy policyFor(const char* origin) {
  auto p = PortalUrlPolicy::forOrigin(origin);
  EXPECT_TRUE(std::holds_alternative<PortalUrlPolicy>(p)) << origin;
  return std::get<PortalUrlPolicy>(p);
}

UrlRejection rejection(const PortalUrlPolicy& policy, std::string_view url) {
  auto r = policy.check(url);
  EXPECT_TRUE(std::holds_alternative<UrlRejection>(r)) << url << " was accepted";
  return std::holds_alternative<UrlRejection>(r) ? std::get<UrlRejection>(r)
                                                 : UrlRejection::NotAUrl;
}

TEST(PortalUrlPolicy, AcceptsUrlsOnTheConfiguredOrigin) {
  const auto policy = policyFor("https://verify.example.com");
  auto ok = policy.check("https://verify.example.com/p/abc?lang=nl#top");
  ASSERT_TRUE(std::holds_alternative<std::string>(ok));
  EXPECT_EQ(std::get<std::string>(ok), "https://verify.example.com/p/abc?lang=nl#top");
  auto normalised = policy.check("HTTPS://Verify.Example.COM:443/p/abc");
  ASSERT_TRUE(std::holds_alternative<std::string>(normalised));
  EXPECT_EQ(std::get<std::string>(normalised), "https://verify.example.com/p/abc");
}

TEST(PortalUrlPolicy, RefusesHostileUrls) {
  const auto policy = policyFor("https://verify.example.com/");
  EXPECT_EQ(rejection(policy, "javascript:alert(1)"), UrlRejection::NotAUrl);
  EXPECT_EQ(rejection(policy, "JAVASCRIPT://verify.example.com/%0aalert(1)"),
            UrlRejection::NotAUrl);
  EXPECT_EQ(rejection(policy, "data:text/html;base64,PHNjcmlwdD4="), UrlRejection::NotAUrl);
  EXPECT_EQ(rejection(policy, "https://verify.example.com@evil.example/"), UrlRejection::NotAUrl);
  EXPECT_EQ(rejection(policy, "https://user:pw@verify.example.com/"), UrlRejection::NotAUrl);
  EXPECT_EQ(rejection(policy, "https://evil.example\\@verify.example.com/"), UrlRejection::NotAUrl);
  EXPECT_EQ(rejection(policy, "https:\\\\evil.example"), UrlRejection::NotAUrl);
  EXPECT_EQ(rejection(policy, "https://verify.example.com /p"), UrlRejection::NotAUrl);
  EXPECT_EQ(rejection(policy, "https://verify.example.com\t/p"), UrlRejection::NotAUrl);
  EXPECT_EQ(rejection(policy, "https://verify.exämple.com/p"), UrlRejection::NotAUrl);
  EXPECT_EQ(rejection(policy, "//verify.example.com/p"), UrlRejection::NotAUrl);
  EXPECT_EQ(rejection(policy, "/p/abc"), UrlRejection::NotAUrl);
  EXPECT_EQ(rejection(policy, "https://verify.example.com:99999/"), UrlRejection::NotAUrl);
  EXPECT_EQ(rejection(policy, "https://verify.example.com:-1/"), UrlRejection::NotAUrl);
  EXPECT_EQ(rejection(policy, "https://verify..example.com/"), UrlRejection::NotAUrl);
  EXPECT_EQ(rejection(policy, "http://verify.example.com/p"), UrlRejection::InsecureScheme);
  EXPECT_EQ(rejection(policy, "https://evil.example/p"), UrlRejection::WrongOrigin);
  EXPECT_EQ(rejection(policy, "https://verify.example.com.evil.example/"),
            UrlRejection::WrongOrigin);
  EXPECT_EQ(rejection(policy, "https://verify.example.com:8443/"), UrlRejection::WrongOrigin);
  EXPECT_EQ(rejection(policy, "https://sub.verify.example.com/"), UrlRejection::WrongOrigin);
  EXPECT_EQ(rejection(policy, std::string(3000, 'a')), UrlRejection::NotAUrl);
}

TEST(PortalUrlPolicy, HttpOnlyOnLoopback) {
  for (const char* origin : {"http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080",
                             "http://127.1.2.3"}) {
    const auto policy = policyFor(origin);
    std::string url = std::string(origin) + "/p/x";
    EXPECT_TRUE(std::holds_alternative<std::string>(policy.check(url))) << url;
  }
  EXPECT_EQ(std::get<UrlRejection>(PortalUrlPolicy::forOrigin("http://verify.example.com")),
            UrlRejection::InsecureScheme);
  EXPECT_EQ(std::get<UrlRejection>(PortalUrlPolicy::forOrigin("http://127.0.0.1.evil.example")),
            UrlRejection::InsecureScheme);
  // Not addresses, so not loopback: out-of-range or zero-padded octets, too few parts.
  for (const char* origin : {"http://127.999.0.1", "http://127.0.0.01", "http://127.0.1",
                             "http://127.0.0.1.", "http://127..0.1"}) {
    const auto r = PortalUrlPolicy::forOrigin(origin);
    ASSERT_TRUE(std::holds_alternative<UrlRejection>(r)) << origin;
    EXPECT_NE(std::get<UrlRejection>(r), UrlRejection::WrongOrigin) << origin;
  }
  EXPECT_EQ(std::get<UrlRejection>(PortalUrlPolicy::forOrigin("https://x.example/path")),
            UrlRejection::NotAUrl);
  const auto loopback = policyFor("http://127.0.0.1:8080");
  EXPECT_EQ(rejection(loopback, "http://127.0.0.1:8081/p"), UrlRejection::WrongOrigin);
}

}  // namespace
}  // namespace idv

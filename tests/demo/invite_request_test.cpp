#include "service/invite_request.hpp"

#include <gtest/gtest.h>

using idv::demo::InviteError;
using idv::demo::InviteOptions;
using idv::demo::InviteRequest;
using idv::demo::parse_invite;

namespace {
const std::vector<std::string> kLocales = {"en", "nl", "lt"};
// The demo's shop is on 127.0.0.1: its service runs with --allow-private-webhooks.
const InviteOptions kDemo{.allow_private_webhooks = true};

InviteError error_of(const std::string& body, const std::string& type = "application/json",
                     const InviteOptions& options = {}) {
  const auto r = parse_invite(type, body, kLocales, options);
  EXPECT_TRUE(std::holds_alternative<InviteError>(r)) << body;
  return std::holds_alternative<InviteError>(r) ? std::get<InviteError>(r) : InviteError{};
}

std::string webhook(const std::string& url) {
  return R"({"referenceData":"x","webhookUrl":")" + url + R"("})";
}
}  // namespace

TEST(InviteRequest, AcceptsAFullRequest) {
  const auto r =
      parse_invite("application/json; charset=utf-8",
                   R"({"referenceData":"order-1042","webhookUrl":"https://shop.example/hooks",
                                  "returnUrl":"http://127.0.0.1:8081/?order=1","locale":"nl","metadata":{"k":[1]}})",
                   kLocales);
  ASSERT_TRUE(std::holds_alternative<InviteRequest>(r));
  const auto& in = std::get<InviteRequest>(r);
  EXPECT_EQ(in.reference_data, "order-1042");
  EXPECT_EQ(in.locale, "nl");
  EXPECT_EQ(in.metadata, R"({"k":[1]})");
}

TEST(InviteRequest, DefaultsLocaleAndMetadata) {
  const auto r =
      parse_invite("application/json",
                   R"({"referenceData":"x","webhookUrl":"http://localhost:9/h"})", kLocales, kDemo);
  ASSERT_TRUE(std::holds_alternative<InviteRequest>(r));
  EXPECT_EQ(std::get<InviteRequest>(r).locale, "en");
  EXPECT_EQ(std::get<InviteRequest>(r).metadata, "{}");
}

TEST(InviteRequest, RejectsWithPreciseErrors) {
  EXPECT_EQ(error_of("{}", "text/plain").status, 415);
  EXPECT_EQ(error_of(std::string(20000, ' ')).status, 413);
  EXPECT_EQ(error_of("{").code, "invalid_json");
  EXPECT_EQ(error_of("\"s\"").code, "invalid_body");
  const auto missing = error_of(R"({"webhookUrl":"https://a.example/h"})");
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(missing.field, "referenceData");
  EXPECT_EQ(error_of(R"({"referenceData":"x","webhookUrl":"http://10.0.0.1/h"})").code,
            "insecure_url");
  EXPECT_EQ(error_of(R"({"referenceData":"x","webhookUrl":"https://a.example/h#frag"})").code,
            "invalid_url");
  EXPECT_EQ(
      error_of(R"({"referenceData":"x","webhookUrl":"https://a.example/h","locale":"fr"})").code,
      "unsupported_locale");
  EXPECT_EQ(error_of(R"({"referenceData":"x","webhookUrl":"https://a.example/h","extra":1})").code,
            "unknown_field");
  EXPECT_EQ(
      error_of(R"({"referenceData":"x","webhookUrl":"https://a.example/h","metadata":"s"})").field,
      "metadata");
}

TEST(InviteRequest, WebhookFormat) {
  using idv::demo::WebhookFormat;
  const std::string base = R"({"referenceData":"order-1","webhookUrl":"https://a.example/h")";
  const auto format_of = [&](const std::string& extra) {
    const auto r = parse_invite("application/json", base + extra + "}", kLocales);
    EXPECT_TRUE(std::holds_alternative<InviteRequest>(r)) << extra;
    return std::holds_alternative<InviteRequest>(r) ? std::get<InviteRequest>(r).webhook_format
                                                    : WebhookFormat::risk_assessment;
  };
  EXPECT_EQ(format_of(""), WebhookFormat::risk_assessment);
  EXPECT_EQ(format_of(R"(,"webhookFormat":null)"), WebhookFormat::risk_assessment);
  EXPECT_EQ(format_of(R"(,"webhookFormat":"identification")"), WebhookFormat::identification);
  EXPECT_EQ(format_of(R"(,"webhookFormat":"thin")"), WebhookFormat::thin);
  for (const char* bad : {R"("rich")", R"("")", R"("Thin")"}) {
    const auto e = error_of(base + R"(,"webhookFormat":)" + bad + "}");
    EXPECT_EQ(e.status, 422);
    EXPECT_EQ(e.code, "unsupported_webhook_format");
    EXPECT_EQ(e.field, "webhookFormat");
  }
  EXPECT_EQ(error_of(base + R"(,"webhookFormat":1})").code, "invalid_type");
  // clientId (seed 003) is at most 100 characters
  const std::string long_ref =
      R"({"referenceData":")" + std::string(101, 'x') +
      R"(","webhookUrl":"https://a.example/h","webhookFormat":"identification"})";
  EXPECT_EQ(error_of(long_ref).field, "referenceData");
}

TEST(InviteRequest, SuccessAndErrorUrls) {
  const auto r = parse_invite("application/json",
                              R"({"referenceData":"x","webhookUrl":"https://a.example/h",
                                  "successUrl":"https://shop.example/ok?o=1",
                                  "errorUrl":"http://127.0.0.1:8081/failed"})",
                              kLocales);
  ASSERT_TRUE(std::holds_alternative<InviteRequest>(r));
  EXPECT_EQ(std::get<InviteRequest>(r).success_url, "https://shop.example/ok?o=1");
  EXPECT_EQ(std::get<InviteRequest>(r).error_url, "http://127.0.0.1:8081/failed");
  const std::string base = R"({"referenceData":"x","webhookUrl":"https://a.example/h",)";
  for (const char* field : {"successUrl", "errorUrl"}) {
    const auto insecure = error_of(base + "\"" + field + R"(":"http://shop.example/"})");
    EXPECT_EQ(insecure.code, "insecure_url") << field;
    EXPECT_EQ(insecure.field, field);
    EXPECT_EQ(error_of(base + "\"" + field + R"(":"https://a.example/#x"})").code, "invalid_url");
    EXPECT_EQ(error_of(base + "\"" + field + R"(":7})").code, "invalid_type");
  }
}

// Plain http only to a loopback host: an IP literal in 127.0.0.0/8, [::1] or localhost.
// "127.evil.example" is a DNS name anyone can point anywhere (issue 9).
TEST(InviteRequest, PlainHttpOnlyToRealLoopback) {
  for (const char* url :
       {"http://127.evil.example/h", "http://127.0.0.1.evil.example/h", "http://127example.com/h",
        "http://localhost.evil.example/h", "http://[::ffff:127.0.0.1]/h", "http://127.1/h"}) {
    const auto e = error_of(webhook(url), "application/json", kDemo);
    EXPECT_EQ(e.code, "insecure_url") << url;
    EXPECT_EQ(e.field, "webhookUrl") << url;
    // the same for returnUrl (no SSRF there, but plain http still only to loopback)
    EXPECT_EQ(error_of(R"({"referenceData":"x","webhookUrl":"https://a.example/h","returnUrl":")" +
                       std::string(url) + R"("})")
                  .code,
              "insecure_url")
        << url;
  }
  for (const char* url : {"http://127.0.0.1:8081/h", "http://127.9.9.9/h", "http://[::1]:9/h",
                          "http://localhost/h", "http://LOCALHOST:1/h"}) {
    EXPECT_TRUE(std::holds_alternative<InviteRequest>(
        parse_invite("application/json", webhook(url), kLocales, kDemo)))
        << url;
  }
}

// Without --allow-private-webhooks the service refuses to aim at its own network: IP
// literals at invite time (422 insecure_url), host names at delivery on their resolved address.
TEST(InviteRequest, PrivateWebhookDestinationsRefusedByDefault) {
  for (const char* url :
       {"https://10.0.0.1/h", "https://[::ffff:127.0.0.1]/h", "https://169.254.169.254/h",
        "http://127.0.0.1:8081/h", "http://localhost:8081/h", "http://[::1]/h",
        "https://192.168.0.10/h", "https://172.20.1.1/h", "https://100.64.1.1/h",
        "https://[fd12::1]/h", "https://[fe80::1]/h", "https://224.0.0.1/h", "https://0.0.0.0/h",
        "https://2130706433/h", "https://127.1/h", "https://app.localhost/h"}) {
    const auto e = error_of(webhook(url));
    EXPECT_EQ(e.status, 422) << url;
    EXPECT_EQ(e.code, "insecure_url") << url;
    EXPECT_EQ(e.field, "webhookUrl") << url;
  }
  // Names are not resolved at invite time; public literals pass.
  for (const char* url : {"https://shop.example/h", "https://127.evil.example/h",
                          "https://93.184.216.34/h", "https://[2606:4700::1]/h"}) {
    EXPECT_TRUE(std::holds_alternative<InviteRequest>(
        parse_invite("application/json", webhook(url), kLocales)))
        << url;
  }
  // returnUrl is a browser link, not a request the service makes: loopback stays fine.
  EXPECT_TRUE(std::holds_alternative<InviteRequest>(parse_invite(
      "application/json",
      R"({"referenceData":"x","webhookUrl":"https://a.example/h","returnUrl":"http://127.0.0.1:8081/"})",
      kLocales)));
}

#include "service/invite_request.hpp"

#include <gtest/gtest.h>

using idv::demo::InviteError;
using idv::demo::InviteRequest;
using idv::demo::parse_invite;

namespace {
const std::vector<std::string> kLocales = {"en", "nl", "lt"};

InviteError error_of(const std::string& body, const std::string& type = "application/json") {
  const auto r = parse_invite(type, body, kLocales);
  EXPECT_TRUE(std::holds_alternative<InviteError>(r)) << body;
  return std::holds_alternative<InviteError>(r) ? std::get<InviteError>(r) : InviteError{};
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
  const auto r = parse_invite(
      "application/json", R"({"referenceData":"x","webhookUrl":"http://localhost:9/h"})", kLocales);
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

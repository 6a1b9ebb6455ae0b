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
  const auto r = parse_invite("application/json; charset=utf-8",
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
  const auto r = parse_invite("application/json", R"({"referenceData":"x","webhookUrl":"http://localhost:9/h"})", kLocales);
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
  EXPECT_EQ(error_of(R"({"referenceData":"x","webhookUrl":"http://10.0.0.1/h"})").code, "insecure_url");
  EXPECT_EQ(error_of(R"({"referenceData":"x","webhookUrl":"https://a.example/h#frag"})").code, "invalid_url");
  EXPECT_EQ(error_of(R"({"referenceData":"x","webhookUrl":"https://a.example/h","locale":"fr"})").code, "unsupported_locale");
  EXPECT_EQ(error_of(R"({"referenceData":"x","webhookUrl":"https://a.example/h","extra":1})").code, "unknown_field");
  EXPECT_EQ(error_of(R"({"referenceData":"x","webhookUrl":"https://a.example/h","metadata":"s"})").field, "metadata");
}

// The commands as the JS runtime reads them (docs/bridge.md): valid JSON whatever the strings
// hold, every documented field present, absent optionals written as null.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "recorded_commands.hpp"
#include "session/command_json.hpp"

namespace idv {
namespace {

// The recorded (owning) forms of the commands.
using test::Commands;
using test::DataEntrySubmittedEvent;
using test::DiagnosticEvent;
using test::RenewCommand;

nlohmann::json parse(const Commands& commands) {
  CommandJson json;
  test::replay(commands, json);
  const std::string text = json.take();
  auto j = nlohmann::json::parse(text, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << text;
  return j["commands"];
}

TEST(CommandJson, FetchCarriesEverythingTheRunnerNeeds) {
  const auto c =
      parse({FetchCommand{7, "https://v.example/v1/tracking/abc", "\"v3\"", 15000, false, 65536},
             FetchCommand{8, "https://shop.example/d", std::nullopt, 15000, true, 16384}});
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0]["type"], "fetch");
  EXPECT_EQ(c[0]["requestId"], 7);
  EXPECT_EQ(c[0]["url"], "https://v.example/v1/tracking/abc");
  EXPECT_EQ(c[0]["ifNoneMatch"], "\"v3\"");
  EXPECT_EQ(c[0]["timeoutMs"], 15000);
  EXPECT_EQ(c[0]["maxBodyBytes"], 65536);
  EXPECT_EQ(c[0]["credentials"], "omit");
  EXPECT_FALSE(c[1].contains("ifNoneMatch"));
  EXPECT_EQ(c[1]["credentials"], "same-origin");
  EXPECT_EQ(c[1]["maxBodyBytes"], 16384);
}

TEST(CommandJson, HostileStringsStayValidJson) {
  const std::string nasty =
      std::string("quote\" backslash\\ newline\n nul") + '\0' + " ctrl\x01 </script> ąč €";
  const auto c = parse({DiagnosticEvent{"unknown_status", nasty}});
  EXPECT_EQ(c[0]["event"]["value"], nasty);
}

TEST(CommandJson, SuccessSaysPhaseOneOnlyAndOptionalTimesAreNull) {
  const auto c = parse({DataEntrySubmittedEvent{"ref-12345678", 4, std::nullopt},
                        ExpiredEvent{"deadline", 1795000000000, {}}, RenewCommand{"gone"}});
  EXPECT_EQ(c[0]["type"], "success");
  EXPECT_TRUE(c[0]["event"]["submittedAt"].is_null());
  EXPECT_EQ(c[0]["event"]["verificationDecided"], false);
  EXPECT_EQ(c[1]["event"]["expiresAt"], 1795000000000);
  EXPECT_FALSE(c[1]["event"].contains("renewalFailure"));
  EXPECT_EQ(c[2]["type"], "renew");
  EXPECT_EQ(c[2]["reason"], "gone");
}

}  // namespace
}  // namespace idv

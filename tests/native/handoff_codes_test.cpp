#include "tracking/handoff_codes.hpp"

#include <gtest/gtest.h>

#include "tracker_harness.hpp"
#include "tracking/tracking_response.hpp"
#include "view/view_model.hpp"

namespace idv {
namespace {

using test::FakeHost;
using test::portalUrlFor;
using test::trackingBody;

TEST(HandoffCodes, ShortCodeIsEightCrockfordCharacters) {
  EXPECT_TRUE(isValidShortCode("K7QM3XPA"));
  EXPECT_TRUE(isValidShortCode("0123ABYZ"));
  EXPECT_FALSE(isValidShortCode("k7qm3xpa"));   // the service sends the canonical form
  EXPECT_FALSE(isValidShortCode("K7QM-3XPA"));  // that is the display form
  EXPECT_FALSE(isValidShortCode("K7QM3XP"));
  EXPECT_FALSE(isValidShortCode("K7QM3XPAA"));
  for (const char* ambiguous : {"K7QM3XPI", "K7QM3XPL", "K7QM3XPO", "K7QM3XPU"})
    EXPECT_FALSE(isValidShortCode(ambiguous)) << ambiguous;
  EXPECT_FALSE(isValidShortCode(std::string_view("K7QM3XP\0", 8)));
}

TEST(HandoffCodes, MatchCodeIsTwoDigits) {
  EXPECT_TRUE(isValidMatchCode("47"));
  EXPECT_TRUE(isValidMatchCode("00"));
  EXPECT_FALSE(isValidMatchCode("7"));
  EXPECT_FALSE(isValidMatchCode("470"));
  EXPECT_FALSE(isValidMatchCode("4a"));
  EXPECT_FALSE(isValidMatchCode("٤٧"));  // Arabic-Indic digits: not what the portal shows
}

TEST(HandoffCodes, DisplayFormAndAddress) {
  EXPECT_EQ(displayShortCode("K7QM3XPA"), "K7QM-3XPA");
  EXPECT_EQ(shortCodeAddress(parseHttpUrl("https://verify.example.com/p/x")->origin),
            "verify.example.com/code");
  EXPECT_EQ(shortCodeAddress(parseHttpUrl("https://verify.example.com:8443")->origin),
            "verify.example.com:8443/code");
  // Plain http (loopback demo): the scheme stays, or a phone would try https.
  EXPECT_EQ(shortCodeAddress(parseHttpUrl("http://127.0.0.1:8080")->origin),
            "http://127.0.0.1:8080/code");
}

TEST(HandoffCodes, ParsedAsOptionalExtras) {
  auto parsed = parseTrackingResponse(
      trackingBody("PENDING", 1, portalUrlFor(), R"(,"shortCode":"K7QM3XPA","matchCode":"47")"));
  const auto& snap = std::get<TrackingSnapshot>(parsed);
  EXPECT_EQ(snap.shortCode, "K7QM3XPA");
  EXPECT_EQ(snap.matchCode, "47");

  // A wrong type does not fail the response: the extra becomes "" (refused by the tracker).
  parsed = parseTrackingResponse(
      trackingBody("PENDING", 1, portalUrlFor(), R"(,"shortCode":12345678,"matchCode":null)"));
  ASSERT_TRUE(std::holds_alternative<TrackingSnapshot>(parsed));
  EXPECT_EQ(std::get<TrackingSnapshot>(parsed).shortCode, "");
  EXPECT_FALSE(std::get<TrackingSnapshot>(parsed).matchCode.has_value());
}

TEST(HandoffCodes, ViewShowsTheShortCodeBesideTheQrAndTheMatchCodeUntilThePortalIsDone) {
  const std::string url = "https://verify.example.com/p/x", code = "K7QM3XPA", match = "47",
                    address = "verify.example.com/code";
  const QrView qr{29, 4, "M4 4h7v1h-7z"};
  for (auto state : {Phase1State::Loading, Phase1State::AwaitingScan, Phase1State::CustomerActive,
                     Phase1State::Submitted, Phase1State::Expired, Phase1State::Error}) {
    ViewInputs in{state, &url, &qr, std::nullopt, {}, false};
    in.shortCode = &code;
    in.shortCodeAddress = &address;
    in.matchCode = &match;
    const auto v = buildView(in);
    const bool scanning = state == Phase1State::AwaitingScan;
    EXPECT_EQ(v.shortCode, scanning ? std::optional<std::string>("K7QM-3XPA") : std::nullopt)
        << toString(state);
    EXPECT_EQ(v.shortCodeAddress.has_value(), scanning) << toString(state);
    // The customer compares the numbers once the phone shows the portal's first page.
    EXPECT_EQ(v.matchCode.has_value(), scanning || state == Phase1State::CustomerActive)
        << toString(state);
  }
  // No approved portal URL: no QR, so no code to type either.
  ViewInputs in{Phase1State::AwaitingScan, nullptr, &qr, "detail.portalRejected", {}, false};
  in.shortCode = &code;
  in.shortCodeAddress = &address;
  in.matchCode = &match;
  EXPECT_FALSE(buildView(in).shortCode.has_value());
  EXPECT_FALSE(buildView(in).matchCode.has_value());
}

TEST(HandoffCodes, TrackerShowsValidCodesAndDropsThemWhenTheSessionCloses) {
  FakeHost host;
  host.start();
  host.respond(200, trackingBody("PENDING", 1, portalUrlFor(),
                                 R"(,"shortCode":"K7QM3XPA","matchCode":"47")"));
  EXPECT_EQ(host.view().shortCode, "K7QM-3XPA");
  // The address comes from the configured origin, never from the response.
  EXPECT_EQ(host.view().shortCodeAddress, "verify.example.com/code");
  EXPECT_EQ(host.view().matchCode, "47");

  host.untilNextFetch();
  host.respond(200, trackingBody("IN_PROGRESS", 2, portalUrlFor(),
                                 R"(,"shortCode":"K7QM3XPA","matchCode":"47")"));
  EXPECT_FALSE(host.view().shortCode.has_value());  // collapsed with the QR
  EXPECT_EQ(host.view().matchCode, "47");

  host.untilNextFetch();
  host.respond(200, trackingBody("COMPLETED", 3));  // closed: the service sends no codes
  EXPECT_FALSE(host.view().matchCode.has_value());
  EXPECT_EQ(host.successes.size(), 1u);
}

TEST(HandoffCodes, MalformedCodesAreRefusedAndReportedButTheResponseCounts) {
  FakeHost host;
  host.start();
  host.respond(200, trackingBody("PENDING", 1, portalUrlFor(),
                                 R"(,"shortCode":"<img src=x>","matchCode":"4 7")"));
  EXPECT_EQ(host.view().state, Phase1State::AwaitingScan);
  EXPECT_TRUE(host.view().qr.has_value());
  EXPECT_FALSE(host.view().shortCode.has_value());
  EXPECT_FALSE(host.view().matchCode.has_value());
  int rejected = 0;
  for (const auto& d : host.diagnostics) rejected += d.kind == "handoff_code_rejected";
  EXPECT_EQ(rejected, 2);
  EXPECT_TRUE(host.errors.empty());
}

}  // namespace
}  // namespace idv

#include <gtest/gtest.h>

#include "view/view_model.hpp"

namespace idv {
namespace {

TEST(ViewModel, QrAndLinkOnlyUntilSomeoneOpensThePortal) {
  const std::string url = "https://verify.example.com/p/x";
  const QrView qr{29, 4, "M4 4h7v1h-7z"};
  for (auto state : {Phase1State::Loading, Phase1State::AwaitingScan, Phase1State::CustomerActive,
                     Phase1State::Submitted, Phase1State::Expired, Phase1State::Cancelled,
                     Phase1State::Failed, Phase1State::Error}) {
    const auto v = buildView({state, &url, &qr, std::nullopt, {}, false});
    // Once someone is on the portal, a scannable QR only invites a second device.
    const bool useful = state == Phase1State::AwaitingScan;
    EXPECT_EQ(v.qr.has_value(), useful) << toString(state);
    EXPECT_EQ(v.portalUrl.has_value(), useful) << toString(state);
    EXPECT_EQ(v.showLink, useful) << toString(state);
    EXPECT_EQ(v.messageKey, "status." + std::string(toString(state)));
    EXPECT_EQ(v.terminal, isTerminal(state));
    EXPECT_EQ(v.busy, state == Phase1State::Loading);
  }
}

TEST(ViewModel, NoApprovedUrlNoQr) {
  const QrView qr{29, 4, "M4 4h7v1h-7z"};
  const auto v =
      buildView({Phase1State::AwaitingScan, nullptr, &qr, "detail.portalRejected", {}, false});
  EXPECT_FALSE(v.qr.has_value());
  EXPECT_FALSE(v.portalUrl.has_value());
  EXPECT_EQ(v.detailKey, "detail.portalRejected");
}

// The written-out link is the QR's text alternative: a URL too long to encode keeps the verify
// button (its href) but shows no "Can't scan?" line under a QR that is not there.
TEST(ViewModel, LinkTextOnlyBesideAQr) {
  const std::string url = "https://verify.example.com/p/x";
  const auto v = buildView({Phase1State::AwaitingScan, &url, nullptr, std::nullopt, {}, false});
  EXPECT_EQ(v.portalUrl, url);
  EXPECT_FALSE(v.qr.has_value());
  EXPECT_FALSE(v.showLink);
}

TEST(ViewModel, StartAgainOnlyWhileSomeoneIsOnThePortalAndThePageCanRenew) {
  ViewInputs in{Phase1State::CustomerActive, nullptr, nullptr, {}, {}, false};
  EXPECT_FALSE(buildView(in).showRestart);
  in.canRestart = true;
  EXPECT_TRUE(buildView(in).showRestart);
  in.state = Phase1State::AwaitingScan;
  EXPECT_FALSE(buildView(in).showRestart);
}

TEST(ViewModel, RetryOnlyForRetryableErrors) {
  EXPECT_TRUE(buildView({Phase1State::Error, nullptr, nullptr, {}, {}, true}).showRetry);
  EXPECT_FALSE(buildView({Phase1State::Error, nullptr, nullptr, {}, {}, false}).showRetry);
  EXPECT_FALSE(buildView({Phase1State::Expired, nullptr, nullptr, {}, {}, true}).showRetry);
}

}  // namespace
}  // namespace idv

// "Use your digital ID" in the core (widget/wallet/wallet_path.hpp, docs/wallet.md): when it is
// offered, what the host is asked to do, and what each way the exchange can end means.
#include "wallet/wallet_path.hpp"

#include <gtest/gtest.h>

#include "session/widget_config.hpp"
#include "tracker_harness.hpp"

namespace idv {
namespace {

using test::FakeHost;
using test::portalUrlFor;
using test::trackingBody;

constexpr const char* kOffer = R"(,"walletProtocols":"openid4vp-v1-unsigned")";

WidgetConfig walletConfig(std::string browserProtocols = "openid4vp-v1-unsigned org-iso-mdoc") {
  WidgetConfig c = test::defaultConfig();
  c.wallet.browserProtocols = std::move(browserProtocols);
  return c;
}

TEST(WalletPath, ProtocolIsTheServicesFirstThatTheBrowserAccepts) {
  WalletPath path({"org-iso-mdoc openid4vp-v1-unsigned", true});
  EXPECT_EQ(path.protocolFor("openid4vp-v1-signed openid4vp-v1-unsigned"), "openid4vp-v1-unsigned");
  EXPECT_EQ(path.protocolFor("openid4vp-v1-signed"), std::nullopt);
  EXPECT_EQ(path.protocolFor(""), std::nullopt);
  EXPECT_EQ(path.protocolFor("openid4vp"), std::nullopt);  // a prefix is not a match
  EXPECT_EQ(WalletPath({"", true}).protocolFor("openid4vp-v1-unsigned"), std::nullopt);
  EXPECT_EQ(WalletPath({"openid4vp-v1-unsigned", false}).protocolFor("openid4vp-v1-unsigned"),
            std::nullopt);  // the merchant's wallet: false
}

TEST(WalletPath, ConfigReadsTheBrowsersProtocolsAndTheMerchantsSwitch) {
  auto c = parseWidgetConfig(R"({"walletProtocols":"openid4vp-v1-unsigned","wallet":false})");
  EXPECT_EQ(c.wallet.browserProtocols, "openid4vp-v1-unsigned");
  EXPECT_FALSE(c.wallet.enabled);
  EXPECT_TRUE(parseWidgetConfig("{}").wallet.enabled);
  EXPECT_EQ(parseWidgetConfig("{}").wallet.browserProtocols, "");
}

TEST(WalletPath, OfferedOnlyWhileTheQrWaitsAndBothSidesSpeakAProtocol) {
  FakeHost host(walletConfig());
  host.start();
  EXPECT_FALSE(host.view().showWallet);  // loading
  host.respond(200, trackingBody("PENDING", 1, portalUrlFor(), kOffer));
  EXPECT_TRUE(host.view().showWallet);

  host.untilNextFetch();
  host.respond(200, trackingBody("IN_PROGRESS", 2, portalUrlFor(), kOffer));
  EXPECT_FALSE(host.view().showWallet) << "someone is on the portal";
  host.useWallet();
  EXPECT_TRUE(host.walletExchanges.empty()) << "a press that is no longer offered does nothing";

  FakeHost noService(walletConfig());
  noService.start();
  noService.respond(200, trackingBody("PENDING", 1));  // the service offers no wallet
  EXPECT_FALSE(noService.view().showWallet);

  FakeHost noBrowser(walletConfig(""));
  noBrowser.start();
  noBrowser.respond(200, trackingBody("PENDING", 1, portalUrlFor(), kOffer));
  EXPECT_FALSE(noBrowser.view().showWallet);
}

TEST(WalletPath, APressAsksForOneExchangeWithTheSessionsUrls) {
  FakeHost host(walletConfig());
  host.start();
  host.respond(200, trackingBody("PENDING", 1, portalUrlFor(), kOffer));
  host.useWallet();
  host.useWallet();  // a double click
  ASSERT_EQ(host.walletExchanges.size(), 1u);
  const auto& c = host.walletExchanges[0];
  EXPECT_EQ(c.protocol, "openid4vp-v1-unsigned");
  EXPECT_EQ(c.requestUrl, std::string(test::kApi) + "/v1/wallet/" + test::kRef + "/request");
  EXPECT_EQ(c.responseUrl, std::string(test::kApi) + "/v1/wallet/" + test::kRef + "/response");
  EXPECT_TRUE(host.view().walletBusy);
  EXPECT_EQ(host.view().detailKey, "detail.walletPresenting");
}

TEST(WalletPath, AcceptedAsksForTheStatusAtOnceAndOnSuccessComesFromItOnce) {
  FakeHost host(walletConfig());
  host.start();
  host.respond(200, trackingBody("PENDING", 1, portalUrlFor(), kOffer));
  host.now += 500;
  ASSERT_FALSE(host.inFlight.has_value());
  host.useWallet();
  host.walletReport(WalletStage::Response, 200);
  EXPECT_TRUE(host.successes.empty()) << "the exchange alone is not Phase 1's end";
  ASSERT_TRUE(host.inFlight.has_value()) << "the status is asked at once, not at the next tick";
  EXPECT_EQ(host.view().detailKey, "detail.walletAccepted");
  host.respond(200, trackingBody("COMPLETED", 2));
  EXPECT_EQ(host.successes.size(), 1u);
  EXPECT_FALSE(host.view().showWallet);
  host.walletReport(WalletStage::Response, 200);  // a late duplicate report
  EXPECT_EQ(host.successes.size(), 1u);
}

TEST(WalletPath, ACancelledWalletIsNotAnErrorAndEverythingStaysOpen) {
  FakeHost host(walletConfig());
  host.start();
  host.respond(200, trackingBody("PENDING", 1, portalUrlFor(), kOffer));
  host.useWallet();
  host.walletReport(WalletStage::Get, 0, "NotAllowedError");
  EXPECT_TRUE(host.errors.empty());
  EXPECT_EQ(host.view().detailKey, "detail.walletCancelled");
  EXPECT_TRUE(host.view().showWallet);
  EXPECT_FALSE(host.view().walletBusy);
  EXPECT_TRUE(host.view().qr.has_value());
  host.useWallet();
  EXPECT_EQ(host.walletExchanges.size(), 2u) << "the customer may try again";
}

TEST(WalletPath, ARefusedPresentationIsANonFatalErrorWithTheServicesReason) {
  FakeHost host(walletConfig());
  host.start();
  host.respond(200, trackingBody("PENDING", 1, portalUrlFor(), kOffer));
  host.useWallet();
  host.walletReport(WalletStage::Response, 400, "wallet_untrusted_issuer");
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_EQ(host.errors[0].code, ErrorCode::WalletRefused);
  EXPECT_FALSE(host.errors[0].fatal);
  EXPECT_EQ(host.errors[0].detail, "wallet_untrusted_issuer");
  EXPECT_EQ(host.view().detailKey, "detail.walletRefused");
  EXPECT_EQ(host.view().state, Phase1State::AwaitingScan);
  EXPECT_TRUE(host.view().showWallet);
}

TEST(WalletPath, ABrokenExchangeIsANonFatalFailure) {
  for (auto [stage, status, code] : {std::tuple{WalletStage::Request, 0, "TypeError"},
                                     {WalletStage::Request, 503, ""},
                                     {WalletStage::Response, 429, ""},
                                     {WalletStage::Get, 0, "NotSupportedError"}}) {
    FakeHost host(walletConfig());
    host.start();
    host.respond(200, trackingBody("PENDING", 1, portalUrlFor(), kOffer));
    host.useWallet();
    host.walletReport(stage, status, code);
    ASSERT_EQ(host.errors.size(), 1u) << code;
    EXPECT_EQ(host.errors[0].code, ErrorCode::WalletFailed);
    EXPECT_EQ(host.view().detailKey, "detail.walletFailed");
    EXPECT_TRUE(host.view().showWallet);
  }
}

TEST(WalletPath, ASessionThatClosedMeanwhileAsksForTheStatus) {
  FakeHost host(walletConfig());
  host.start();
  host.respond(200, trackingBody("PENDING", 1, portalUrlFor(), kOffer));
  host.useWallet();
  host.walletReport(WalletStage::Request, 409, "wallet_session_closed");
  EXPECT_TRUE(host.errors.empty());
  EXPECT_TRUE(host.inFlight.has_value());
  host.respond(200, trackingBody("IN_PROGRESS", 2));
  EXPECT_FALSE(host.view().detailKey.has_value());
}

TEST(WalletPath, AReportNobodyAskedForChangesNothing) {
  FakeHost host(walletConfig());
  host.start();
  host.respond(200, trackingBody("PENDING", 1, portalUrlFor(), kOffer));
  const auto before = host.view();
  host.walletReport(WalletStage::Response, 200);
  EXPECT_EQ(host.view(), before);
  EXPECT_FALSE(host.inFlight.has_value());
}

}  // namespace
}  // namespace idv

// The shop's no-tipping-off rules (demo/merchant/customer_view.*) and its back office's auth and
// page (admin.*), without a server. The process-level proof is tests/demo/tipping_off.test.mjs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "completion/base64.hpp"
#include "merchant/admin.hpp"
#include "merchant/customer_view.hpp"
#include "merchant/reason_fetcher.hpp"

namespace {

using namespace idv::demo;
namespace cw = idv::completion;

std::string basic(const std::string& credentials) {
  return "Basic " +
         cw::base64Encode(std::vector<std::uint8_t>(credentials.begin(), credentials.end()));
}

TEST(MerchantPrivacy, ScreeningWordsAreRecognised) {
  for (const char* text :
       {"sanctions list match", "Reviewer confirmed the SANCTIONS match", "PEP hit", "a pep.",
        "politically exposed person", "watch-list", "Watchlist", "watch list", "AML check",
        "aml_suspection", "adverse media", "SUSPECTED", "session terminated (suspected fraud)",
        "embargo", "money laundering", "screening"}) {
    EXPECT_TRUE(mentions_screening(text)) << text;
  }
  for (const char* text :
       {"approved", "under review", "pepper", "streamline", "attempt 1: HTTP 200",
        "we could not complete the verification", "not completed"}) {
    EXPECT_FALSE(mentions_screening(text)) << text;
  }
}

TEST(MerchantPrivacy, ServiceTimelineIsRewrittenForTheCustomer) {
  EXPECT_EQ(public_service_detail("phase2.verdict",
                                  "automatic verdict: COMPLETED, risk HIGH (sanctions list match)"),
            "automatic verdict sent to the shop");
  EXPECT_EQ(public_service_detail("phase2.verdict",
                                  "automatic verdict: SUSPECTED, risk HIGH (sanctions list match: "
                                  "a reviewer checks it; manual review follows)"),
            "automatic verdict sent to the shop; a manual review follows");
  EXPECT_EQ(public_service_detail("phase2.verdict",
                                  "manual verdict: DENIED, risk HIGH (reviewer confirmed the "
                                  "sanctions match)"),
            "manual verdict sent to the shop");
  EXPECT_FALSE(mentions_screening(public_service_detail(
      "phase2.started", "processing documents, biometrics, sanctions and risk (about 1 s)")));
  EXPECT_EQ(public_service_detail("session.failed", "session terminated (suspected fraud)"),
            "the verification could not be completed");
  // Operational lines pass; a screening word in one of them still does not.
  EXPECT_EQ(public_service_detail("webhook.delivered", "attempt 1: HTTP 200 after 0.1 s"),
            "attempt 1: HTTP 200 after 0.1 s");
  EXPECT_FALSE(mentions_screening(public_service_detail("webhook.attempt", "AML check pending")));
  // Unknown kinds say nothing specific.
  EXPECT_FALSE(mentions_screening(public_service_detail("risk.note", "PEP match")));
  EXPECT_EQ(public_service_detail("risk.note", "harmless"),
            public_service_detail("other.kind", "harmless too"));
}

TEST(MerchantPrivacy, ShopEventsUseTheirPublicLine) {
  EXPECT_EQ(public_merchant_detail({0, "decision.stored", "decision stored: SUSPECTED -> …",
                                    std::string("decision stored: under review")}),
            "decision stored: under review");
  // Rows from before the public line existed: a generic line for the kind, never the detail.
  EXPECT_EQ(public_merchant_detail(
                {0, "decision.stored", "decision stored: SUSPECTED -> needs_review", std::nullopt}),
            "decision stored");
}

TEST(MerchantPrivacy, PublicDecisionHasNoRiskLevelOrSenderStatus) {
  Order o;
  EXPECT_TRUE(public_decision(o).is_null());
  cw::VerificationDecision d;
  d.outcome = cw::DecisionOutcome::Rejected;
  d.risk = cw::RiskLevel::High;
  d.senderStatus = "SUSPECTED";
  d.final = true;
  o.decision = d;
  const auto j = public_decision(o);
  EXPECT_EQ(j["outcome"], "rejected");
  EXPECT_FALSE(j.contains("riskLevel"));
  EXPECT_FALSE(j.contains("senderStatus"));
  EXPECT_FALSE(j.contains("assessmentStatus"));
  EXPECT_EQ(j.dump().find("SUSPECTED"), std::string::npos);
  EXPECT_EQ(public_outcome_text(d), "not completed");
  d.final = false;
  EXPECT_EQ(public_outcome_text(d), "under review (automatic checks done, not final)");
}

TEST(MerchantPrivacy, BasicAuthPassword) {
  EXPECT_EQ(basic_auth_password(basic("admin:s3cret:with:colons")), "s3cret:with:colons");
  EXPECT_EQ(basic_auth_password("bAsIc " + basic(":pw").substr(6)), "pw");
  EXPECT_EQ(basic_auth_password(basic("admin:")), "");
  EXPECT_EQ(basic_auth_password(basic("no-colon")), std::nullopt);
  EXPECT_EQ(basic_auth_password(""), std::nullopt);
  EXPECT_EQ(basic_auth_password("Basic"), std::nullopt);
  EXPECT_EQ(basic_auth_password("Basic !!!!"), std::nullopt);
  EXPECT_EQ(basic_auth_password("Bearer abc"), std::nullopt);
}

TEST(MerchantPrivacy, AdminPageEscapesAndHasNoScript) {
  Order o;
  o.id = "0123456789abcdef01234567";
  o.reference_data = "order-<b>";
  cw::VerificationDecision d;
  d.outcome = cw::DecisionOutcome::Rejected;
  d.risk = cw::RiskLevel::High;
  d.final = true;
  d.senderStatus = "COMPLETED";
  o.decision = d;
  const std::string html = render_admin_page(
      {{o,
        {"automatic verdict: COMPLETED, risk HIGH (sanctions list match)", "<script>x</script>"}}},
      {{{0, "decision.stored", "decision stored: COMPLETED -> rejected", std::nullopt}}});
  EXPECT_NE(html.find("sanctions list match"), std::string::npos);
  EXPECT_NE(html.find("<td>HIGH</td>"), std::string::npos);
  EXPECT_NE(html.find("order-&lt;b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("style="), std::string::npos);
  EXPECT_EQ(admin_csp().find("unsafe"), std::string::npos);
}

TEST(MerchantPrivacy, ReasonsComeFromVerdictAndFailureLines) {
  const auto body = nlohmann::json::parse(R"json({"events":[
      {"kind":"invite.created","detail":"invite created"},
      {"kind":"phase2.verdict","detail":"automatic verdict: COMPLETED, risk HIGH (sanctions list match)"},
      {"kind":"session.failed","detail":"maximum attempts reached"},
      {"kind":"phase2.verdict","detail":42},
      {"kind":"webhook.delivered","detail":"attempt 1: HTTP 200"}]})json");
  EXPECT_EQ(
      reasons_from_service_events(body),
      (std::vector<std::string>{"automatic verdict: COMPLETED, risk HIGH (sanctions list match)",
                                "maximum attempts reached"}));
  EXPECT_TRUE(reasons_from_service_events(nlohmann::json::array()).empty());
}

}  // namespace

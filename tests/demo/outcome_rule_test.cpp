#include "service/outcome_rule.hpp"

#include <gtest/gtest.h>

using idv::demo::assess;
using idv::demo::CustomerData;

namespace {
constexpr const char* kToday = "2026-11-22";
}

TEST(OutcomeRule, OrdinaryCustomerIsLowRisk) {
  const auto v = assess({"Ada", "Lovelace", "1990-04-23", "AB123456"}, kToday);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].risk_level, "LOW");
  EXPECT_EQ(v[0].assessment_status, "COMPLETED");
  EXPECT_TRUE(v[0].final);
}

TEST(OutcomeRule, SanctionsListMatchIsHighRiskRegardlessOfCaseAndSpaces) {
  for (const auto& [first, last] :
       {std::pair{"Ivan", "Sanctioned"}, std::pair{"  IVAN ", "sanctioned "},
        std::pair{"Olga", "Embargo"}}) {
    const auto v = assess({first, last, "1980-01-01", "AB123456"}, kToday);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].risk_level, "HIGH") << first << " " << last;
  }
  EXPECT_EQ(assess({"Ivana", "Sanctioned", "1980-01-01", "AB123456"}, kToday)[0].risk_level, "LOW");
}

TEST(OutcomeRule, DocumentNumberEndingIn000GoesToManualReview) {
  const auto v = assess({"Ada", "Lovelace", "1990-04-23", "XY12000"}, kToday);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].assessment_status, "IN_REVIEW");
  EXPECT_FALSE(v[0].final);
  EXPECT_EQ(v[1].assessment_status, "COMPLETED");
  EXPECT_EQ(v[1].risk_level, "MEDIUM");
  EXPECT_TRUE(v[1].final);
}

TEST(OutcomeRule, SanctionsWinOverReview) {
  EXPECT_EQ(assess({"Ivan", "Sanctioned", "1980-01-01", "XY12000"}, kToday).size(), 1u);
}

TEST(OutcomeRule, MinorsAreHighRisk) {
  EXPECT_EQ(assess({"Kid", "Young", "2010-01-01", "AB123456"}, kToday)[0].risk_level, "HIGH");
  EXPECT_EQ(assess({"Just", "Adult", "2008-11-22", "AB123456"}, kToday)[0].risk_level, "LOW");
  EXPECT_EQ(assess({"Almost", "Adult", "2008-11-23", "AB123456"}, kToday)[0].risk_level, "HIGH");
}

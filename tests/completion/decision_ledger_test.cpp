#include "completion/decision_ledger.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace cw = idv::completion;
using cw::DecisionOutcome;
using cw::LedgerOutcome;
using cw::Reviewer;

namespace {

cw::VerificationDecision decision(std::string id, DecisionOutcome outcome, Reviewer reviewer,
                                  bool final, std::optional<std::int64_t> at = std::nullopt,
                                  std::string ref = "ref-1") {
  cw::VerificationDecision d;
  d.reference = std::move(ref);
  d.messageId = std::move(id);
  d.outcome = outcome;
  d.reviewer = reviewer;
  d.final = final;
  d.decidedAt = at;
  return d;
}

}  // namespace

TEST(DecisionLedger, AutomaticThenManualManualWins) {
  cw::DecisionLedger ledger;
  auto r = ledger.apply(decision("m1", DecisionOutcome::Approved, Reviewer::Automatic, false, 100));
  EXPECT_EQ(r.outcome, LedgerOutcome::Applied);
  EXPECT_TRUE(r.changed);
  r = ledger.apply(decision("m2", DecisionOutcome::Rejected, Reviewer::Manual, true, 100));
  EXPECT_EQ(r.outcome, LedgerOutcome::Applied);
  EXPECT_TRUE(r.changed);
  ASSERT_TRUE(r.current.has_value());
  EXPECT_EQ(r.current->outcome, DecisionOutcome::Rejected);
  EXPECT_EQ(ledger.find("ref-1")->outcome, DecisionOutcome::Rejected);
}

TEST(DecisionLedger, ManualWinsEvenWithAnOlderTimestamp) {
  cw::DecisionLedger ledger;
  ledger.apply(decision("m1", DecisionOutcome::Approved, Reviewer::Automatic, false, 200));
  const auto r =
      ledger.apply(decision("m2", DecisionOutcome::NeedsReview, Reviewer::Manual, false, 150));
  EXPECT_EQ(r.outcome, LedgerOutcome::Applied);
  EXPECT_EQ(ledger.find("ref-1")->outcome, DecisionOutcome::NeedsReview);
}

TEST(DecisionLedger, LateAutomaticAfterManualIsIgnored) {
  cw::DecisionLedger ledger;
  ledger.apply(decision("m2", DecisionOutcome::NeedsReview, Reviewer::Manual, false, 100));
  const auto r =
      ledger.apply(decision("m1", DecisionOutcome::Approved, Reviewer::Automatic, false, 300));
  EXPECT_EQ(r.outcome, LedgerOutcome::IgnoredAutomaticAfterManual);
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.current->outcome, DecisionOutcome::NeedsReview);
}

TEST(DecisionLedger, NothingChangesAFinalDecision) {
  cw::DecisionLedger ledger;
  ledger.apply(decision("m1", DecisionOutcome::Rejected, Reviewer::Unspecified, true, 100));
  for (const auto& late :
       {decision("m2", DecisionOutcome::Approved, Reviewer::Manual, true, 500),
        decision("m3", DecisionOutcome::Pending, Reviewer::Automatic, false, 600),
        decision("m4", DecisionOutcome::Approved, Reviewer::Unspecified, true)}) {
    const auto r = ledger.apply(late);
    EXPECT_EQ(r.outcome, LedgerOutcome::IgnoredFinal);
    EXPECT_FALSE(r.changed);
    EXPECT_EQ(r.current->outcome, DecisionOutcome::Rejected);
    EXPECT_EQ(r.current->messageId, "m1");
  }
}

TEST(DecisionLedger, DuplicatesByMessageIdAreIgnored) {
  cw::DecisionLedger ledger;
  ledger.apply(decision("m1", DecisionOutcome::Pending, Reviewer::Automatic, false, 100));
  // A retry carries the same webhook-id; even with different content it is not re-applied.
  const auto r =
      ledger.apply(decision("m1", DecisionOutcome::Approved, Reviewer::Automatic, false, 200));
  EXPECT_EQ(r.outcome, LedgerOutcome::DuplicateMessage);
  EXPECT_EQ(ledger.find("ref-1")->outcome, DecisionOutcome::Pending);
  // Ids are per reference: the same id on another reference is a new message.
  EXPECT_EQ(
      ledger
          .apply(decision("m1", DecisionOutcome::Approved, Reviewer::Automatic, false, 1, "ref-2"))
          .outcome,
      LedgerOutcome::Applied);
}

TEST(DecisionLedger, IgnoredMessagesAreAlsoRememberedAsSeen) {
  cw::DecisionLedger ledger;
  ledger.apply(decision("m1", DecisionOutcome::Approved, Reviewer::Manual, true));
  EXPECT_EQ(ledger.apply(decision("m2", DecisionOutcome::Rejected, Reviewer::Manual, true)).outcome,
            LedgerOutcome::IgnoredFinal);
  EXPECT_EQ(ledger.apply(decision("m2", DecisionOutcome::Rejected, Reviewer::Manual, true)).outcome,
            LedgerOutcome::DuplicateMessage);
}

TEST(DecisionLedger, OlderNonFinalEventsDoNotOverwriteNewerOnes) {
  cw::DecisionLedger ledger;
  ledger.apply(decision("m2", DecisionOutcome::NeedsReview, Reviewer::Automatic, false, 200));
  const auto r =
      ledger.apply(decision("m1", DecisionOutcome::Pending, Reviewer::Automatic, false, 100));
  EXPECT_EQ(r.outcome, LedgerOutcome::IgnoredStale);
  EXPECT_EQ(ledger.find("ref-1")->outcome, DecisionOutcome::NeedsReview);
  // Without times, arrival order decides.
  EXPECT_EQ(
      ledger.apply(decision("m3", DecisionOutcome::Pending, Reviewer::Automatic, false)).outcome,
      LedgerOutcome::Applied);
}

TEST(DecisionLedger, InvalidDecisionsAreRefused) {
  cw::DecisionLedger ledger;
  EXPECT_EQ(
      ledger.apply(decision("m", DecisionOutcome::Approved, Reviewer::Manual, true, 1, "")).outcome,
      LedgerOutcome::RejectedInvalid);
  EXPECT_EQ(ledger
                .apply(decision("m", DecisionOutcome::Approved, Reviewer::Manual, true, 1,
                                std::string(cw::kMaxLedgerKeyLength + 1, 'r')))
                .outcome,
            LedgerOutcome::RejectedInvalid);
  EXPECT_EQ(ledger
                .apply(decision(std::string(cw::kMaxLedgerKeyLength + 1, 'm'),
                                DecisionOutcome::Approved, Reviewer::Manual, true))
                .outcome,
            LedgerOutcome::RejectedInvalid);
  EXPECT_EQ(ledger.size(), 0u);
}

TEST(DecisionLedger, MemoryIsBoundedByLeastRecentlyTouched) {
  cw::DecisionLedger ledger({3, 2});
  for (int i = 0; i < 3; ++i)
    ledger.apply(decision("m", DecisionOutcome::Pending, Reviewer::Automatic, false, 1,
                          "r" + std::to_string(i)));
  ledger.apply(
      decision("m2", DecisionOutcome::Pending, Reviewer::Automatic, false, 2, "r0"));  // touch r0
  ledger.apply(decision("m", DecisionOutcome::Pending, Reviewer::Automatic, false, 1, "r3"));
  EXPECT_EQ(ledger.size(), 3u);
  EXPECT_EQ(ledger.evicted(), 1u);
  EXPECT_NE(ledger.find("r0"), nullptr);
  EXPECT_EQ(ledger.find("r1"), nullptr);  // the least recently touched went
  EXPECT_NE(ledger.find("r3"), nullptr);
}

TEST(DecisionLedger, SeenIdsPerReferenceAreBoundedAndRulesStillHold) {
  cw::DecisionLedger ledger({10, 2});
  ledger.apply(decision("m1", DecisionOutcome::Approved, Reviewer::Manual, true, 10));
  ledger.apply(decision("m2", DecisionOutcome::Rejected, Reviewer::Manual, true, 11));
  ledger.apply(decision("m3", DecisionOutcome::Rejected, Reviewer::Manual, true, 12));
  // m1 has left the id memory: no longer a "duplicate", but the final rule still protects it.
  const auto r =
      ledger.apply(decision("m1", DecisionOutcome::Approved, Reviewer::Manual, true, 10));
  EXPECT_EQ(r.outcome, LedgerOutcome::IgnoredFinal);
  EXPECT_EQ(ledger.apply(decision("m3", DecisionOutcome::Approved, Reviewer::Manual, true)).outcome,
            LedgerOutcome::DuplicateMessage);
}

// Property: whatever order the automatic and manual verdicts and their retries arrive in, the
// manual final verdict stands at the end.
TEST(DecisionLedger, AnyDeliveryOrderEndsWithTheManualFinalVerdict) {
  const std::vector<cw::VerificationDecision> events = {
      decision("a1", DecisionOutcome::Pending, Reviewer::Automatic, false, 100),
      decision("a2", DecisionOutcome::Approved, Reviewer::Automatic, false, 110),
      decision("m1", DecisionOutcome::Rejected, Reviewer::Manual, true, 110),
  };
  std::vector<std::size_t> order = {0, 0, 1, 1, 2, 2};  // every message delivered twice
  std::sort(order.begin(), order.end());
  int permutations = 0;
  do {
    cw::DecisionLedger ledger;
    for (const auto i : order) ledger.apply(events[i]);
    const auto* d = ledger.find("ref-1");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->outcome, DecisionOutcome::Rejected);
    EXPECT_EQ(d->messageId, "m1");
    EXPECT_TRUE(d->final);
    ++permutations;
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_EQ(permutations, 90);  // 6! / (2! 2! 2!)
}

TEST(DecisionLedger, OutcomeNames) {
  EXPECT_EQ(cw::toString(LedgerOutcome::IgnoredFinal), "ignored_final");
  EXPECT_EQ(cw::toString(LedgerOutcome::DuplicateMessage), "duplicate_message");
}

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
  d.message_id = std::move(id);
  d.outcome = outcome;
  d.reviewer = reviewer;
  d.final = final;
  d.decided_at = at;
  return d;
}

}  // namespace

TEST(DecisionLedger, AutomaticThenManualManualWins) {
  cw::DecisionLedger ledger;
  auto r = ledger.apply(decision("m1", DecisionOutcome::approved, Reviewer::automatic, false, 100));
  EXPECT_EQ(r.outcome, LedgerOutcome::applied);
  EXPECT_TRUE(r.changed);
  r = ledger.apply(decision("m2", DecisionOutcome::rejected, Reviewer::manual, true, 100));
  EXPECT_EQ(r.outcome, LedgerOutcome::applied);
  EXPECT_TRUE(r.changed);
  ASSERT_TRUE(r.current.has_value());
  EXPECT_EQ(r.current->outcome, DecisionOutcome::rejected);
  EXPECT_EQ(ledger.find("ref-1")->outcome, DecisionOutcome::rejected);
}

TEST(DecisionLedger, ManualWinsEvenWithAnOlderTimestamp) {
  cw::DecisionLedger ledger;
  ledger.apply(decision("m1", DecisionOutcome::approved, Reviewer::automatic, false, 200));
  const auto r =
      ledger.apply(decision("m2", DecisionOutcome::needs_review, Reviewer::manual, false, 150));
  EXPECT_EQ(r.outcome, LedgerOutcome::applied);
  EXPECT_EQ(ledger.find("ref-1")->outcome, DecisionOutcome::needs_review);
}

TEST(DecisionLedger, LateAutomaticAfterManualIsIgnored) {
  cw::DecisionLedger ledger;
  ledger.apply(decision("m2", DecisionOutcome::needs_review, Reviewer::manual, false, 100));
  const auto r =
      ledger.apply(decision("m1", DecisionOutcome::approved, Reviewer::automatic, false, 300));
  EXPECT_EQ(r.outcome, LedgerOutcome::ignored_automatic_after_manual);
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.current->outcome, DecisionOutcome::needs_review);
}

TEST(DecisionLedger, NothingChangesAFinalDecision) {
  cw::DecisionLedger ledger;
  ledger.apply(decision("m1", DecisionOutcome::rejected, Reviewer::unspecified, true, 100));
  for (const auto& late :
       {decision("m2", DecisionOutcome::approved, Reviewer::manual, true, 500),
        decision("m3", DecisionOutcome::pending, Reviewer::automatic, false, 600),
        decision("m4", DecisionOutcome::approved, Reviewer::unspecified, true)}) {
    const auto r = ledger.apply(late);
    EXPECT_EQ(r.outcome, LedgerOutcome::ignored_final);
    EXPECT_FALSE(r.changed);
    EXPECT_EQ(r.current->outcome, DecisionOutcome::rejected);
    EXPECT_EQ(r.current->message_id, "m1");
  }
}

TEST(DecisionLedger, DuplicatesByMessageIdAreIgnored) {
  cw::DecisionLedger ledger;
  ledger.apply(decision("m1", DecisionOutcome::pending, Reviewer::automatic, false, 100));
  // A retry carries the same webhook-id; even with different content it is not re-applied.
  const auto r =
      ledger.apply(decision("m1", DecisionOutcome::approved, Reviewer::automatic, false, 200));
  EXPECT_EQ(r.outcome, LedgerOutcome::duplicate_message);
  EXPECT_EQ(ledger.find("ref-1")->outcome, DecisionOutcome::pending);
  // Ids are per reference: the same id on another reference is a new message.
  EXPECT_EQ(
      ledger
          .apply(decision("m1", DecisionOutcome::approved, Reviewer::automatic, false, 1, "ref-2"))
          .outcome,
      LedgerOutcome::applied);
}

TEST(DecisionLedger, IgnoredMessagesAreAlsoRememberedAsSeen) {
  cw::DecisionLedger ledger;
  ledger.apply(decision("m1", DecisionOutcome::approved, Reviewer::manual, true));
  EXPECT_EQ(ledger.apply(decision("m2", DecisionOutcome::rejected, Reviewer::manual, true)).outcome,
            LedgerOutcome::ignored_final);
  EXPECT_EQ(ledger.apply(decision("m2", DecisionOutcome::rejected, Reviewer::manual, true)).outcome,
            LedgerOutcome::duplicate_message);
}

TEST(DecisionLedger, OlderNonFinalEventsDoNotOverwriteNewerOnes) {
  cw::DecisionLedger ledger;
  ledger.apply(decision("m2", DecisionOutcome::needs_review, Reviewer::automatic, false, 200));
  const auto r =
      ledger.apply(decision("m1", DecisionOutcome::pending, Reviewer::automatic, false, 100));
  EXPECT_EQ(r.outcome, LedgerOutcome::ignored_stale);
  EXPECT_EQ(ledger.find("ref-1")->outcome, DecisionOutcome::needs_review);
  // Without times, arrival order decides.
  EXPECT_EQ(
      ledger.apply(decision("m3", DecisionOutcome::pending, Reviewer::automatic, false)).outcome,
      LedgerOutcome::applied);
}

TEST(DecisionLedger, InvalidDecisionsAreRefused) {
  cw::DecisionLedger ledger;
  EXPECT_EQ(
      ledger.apply(decision("m", DecisionOutcome::approved, Reviewer::manual, true, 1, "")).outcome,
      LedgerOutcome::rejected_invalid);
  EXPECT_EQ(ledger
                .apply(decision("m", DecisionOutcome::approved, Reviewer::manual, true, 1,
                                std::string(cw::kMaxLedgerKeyLength + 1, 'r')))
                .outcome,
            LedgerOutcome::rejected_invalid);
  EXPECT_EQ(ledger
                .apply(decision(std::string(cw::kMaxLedgerKeyLength + 1, 'm'),
                                DecisionOutcome::approved, Reviewer::manual, true))
                .outcome,
            LedgerOutcome::rejected_invalid);
  EXPECT_EQ(ledger.size(), 0u);
}

TEST(DecisionLedger, MemoryIsBoundedByLeastRecentlyTouched) {
  cw::DecisionLedger ledger({3, 2});
  for (int i = 0; i < 3; ++i)
    ledger.apply(decision("m", DecisionOutcome::pending, Reviewer::automatic, false, 1,
                          "r" + std::to_string(i)));
  ledger.apply(
      decision("m2", DecisionOutcome::pending, Reviewer::automatic, false, 2, "r0"));  // touch r0
  ledger.apply(decision("m", DecisionOutcome::pending, Reviewer::automatic, false, 1, "r3"));
  EXPECT_EQ(ledger.size(), 3u);
  EXPECT_EQ(ledger.evicted(), 1u);
  EXPECT_NE(ledger.find("r0"), nullptr);
  EXPECT_EQ(ledger.find("r1"), nullptr);  // the least recently touched went
  EXPECT_NE(ledger.find("r3"), nullptr);
}

TEST(DecisionLedger, SeenIdsPerReferenceAreBoundedAndRulesStillHold) {
  cw::DecisionLedger ledger({10, 2});
  ledger.apply(decision("m1", DecisionOutcome::approved, Reviewer::manual, true, 10));
  ledger.apply(decision("m2", DecisionOutcome::rejected, Reviewer::manual, true, 11));
  ledger.apply(decision("m3", DecisionOutcome::rejected, Reviewer::manual, true, 12));
  // m1 has left the id memory: no longer a "duplicate", but the final rule still protects it.
  const auto r =
      ledger.apply(decision("m1", DecisionOutcome::approved, Reviewer::manual, true, 10));
  EXPECT_EQ(r.outcome, LedgerOutcome::ignored_final);
  EXPECT_EQ(ledger.apply(decision("m3", DecisionOutcome::approved, Reviewer::manual, true)).outcome,
            LedgerOutcome::duplicate_message);
}

// Property: whatever order the automatic and manual verdicts and their retries arrive in, the
// manual final verdict stands at the end.
TEST(DecisionLedger, AnyDeliveryOrderEndsWithTheManualFinalVerdict) {
  const std::vector<cw::VerificationDecision> events = {
      decision("a1", DecisionOutcome::pending, Reviewer::automatic, false, 100),
      decision("a2", DecisionOutcome::approved, Reviewer::automatic, false, 110),
      decision("m1", DecisionOutcome::rejected, Reviewer::manual, true, 110),
  };
  std::vector<std::size_t> order = {0, 0, 1, 1, 2, 2};  // every message delivered twice
  std::sort(order.begin(), order.end());
  int permutations = 0;
  do {
    cw::DecisionLedger ledger;
    for (const auto i : order) ledger.apply(events[i]);
    const auto* d = ledger.find("ref-1");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->outcome, DecisionOutcome::rejected);
    EXPECT_EQ(d->message_id, "m1");
    EXPECT_TRUE(d->final);
    ++permutations;
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_EQ(permutations, 90);  // 6! / (2! 2! 2!)
}

TEST(DecisionLedger, OutcomeNames) {
  EXPECT_EQ(cw::to_string(LedgerOutcome::ignored_final), "ignored_final");
  EXPECT_EQ(cw::to_string(LedgerOutcome::duplicate_message), "duplicate_message");
}

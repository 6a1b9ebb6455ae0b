// The SQLite stores against a real database file: versions, transitions, the outbox lease,
// and the merchant's dedupe.
#include <gtest/gtest.h>

#include <filesystem>

#include "merchant/order_store.hpp"
#include "service/outbox.hpp"
#include "service/session_store.hpp"

using namespace idv::demo;

namespace {
class TempDb : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("idv-store-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    std::string error;
    db_ = Db::open((dir_ / "t.db").string(), error);
    ASSERT_TRUE(db_) << error;
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::unique_ptr<Db> db_;
};
}  // namespace

TEST_F(TempDb, SessionVersionsGrowAndAreAnnounced) {
  std::vector<std::int64_t> announced;
  SessionStore s(*db_, [&](const std::string&, std::int64_t v) { announced.push_back(v); });
  ASSERT_TRUE(s.migrate());
  ASSERT_TRUE(s.create({"r1", "order", "https://a.example/h", "", "en", "{}", 1000, 5000}));
  EXPECT_EQ(s.find("r1")->version, 1);
  EXPECT_EQ(s.transition("r1", {"PENDING"}, "IN_PROGRESS", 1100), 2);
  EXPECT_FALSE(s.transition("r1", {"PENDING"}, "IN_PROGRESS", 1200).has_value())
      << "only from PENDING";
  EXPECT_EQ(s.complete("r1", R"({"firstName":"A"})", 1300, 2300), 3);
  EXPECT_FALSE(s.complete("r1", "{}", 1400, 2400).has_value()) << "completes once";
  EXPECT_EQ(announced, (std::vector<std::int64_t>{2, 3}));
  EXPECT_TRUE(s.due_for_phase2(2299).empty());
  EXPECT_EQ(s.due_for_phase2(2300).size(), 1u);
  EXPECT_TRUE(s.mark_deleted("r1", 1500));
  EXPECT_TRUE(s.find("r1")->deleted);
  EXPECT_EQ(s.find("r1")->details, "{}") << "personal data wiped";
}

TEST_F(TempDb, ExpiryFindsOnlyOpenSessions) {
  SessionStore s(*db_, nullptr);
  ASSERT_TRUE(s.migrate());
  s.create({"open", "o", "https://a.example/h", "", "en", "{}", 0, 100});
  s.create({"done", "o", "https://a.example/h", "", "en", "{}", 0, 100});
  s.complete("done", "{}", 50, 60);
  EXPECT_EQ(s.due_for_expiry(100), std::vector<std::string>{"open"});
}

TEST_F(TempDb, OutboxLeasesEachMessageOnce) {
  Outbox o(*db_);
  ASSERT_TRUE(o.migrate());
  {
    const std::lock_guard lock(db_->mutex());
    ASSERT_TRUE(o.enqueue_locked({"msg_1", "r", "https://a.example/h", "{}", 0}, 1000));
  }
  const auto first = o.claim_due(1000, 5000);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->attempts, 1);
  EXPECT_FALSE(o.claim_due(4999, 9000).has_value()) << "leased";
  const auto again = o.claim_due(5000, 9000);  // lease ran out (e.g. the process died)
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->webhook_id, "msg_1");
  EXPECT_EQ(again->attempts, 2);
  o.mark_delivered("msg_1", "HTTP 200");
  EXPECT_FALSE(o.claim_due(99999, 100000).has_value());
  EXPECT_EQ(o.counts().delivered, 1);
}

TEST_F(TempDb, OutboxDisablesAnEndpointOn410) {
  Outbox o(*db_);
  ASSERT_TRUE(o.migrate());
  {
    const std::lock_guard lock(db_->mutex());
    o.enqueue_locked({"m1", "r", "https://gone.example/h", "{}", 0}, 0);
    o.enqueue_locked({"m2", "r", "https://gone.example/h", "{}", 0}, 0);
    o.enqueue_locked({"m3", "r", "https://fine.example/h", "{}", 0}, 0);
  }
  o.disable_endpoint("m1", "https://gone.example/h", 10);
  EXPECT_TRUE(o.endpoint_disabled("https://gone.example/h"));
  EXPECT_EQ(o.counts().disabled, 2);
  EXPECT_EQ(o.counts().pending, 1);
}

namespace {
idv::completion::VerificationDecision decision(const std::string& ref,
                                               idv::completion::DecisionOutcome o,
                                               idv::completion::Reviewer r, bool final) {
  idv::completion::VerificationDecision d;
  d.reference = ref;
  d.merchant_reference = "order-1";
  d.outcome = o;
  d.reviewer = r;
  d.final = final;
  d.source = idv::completion::SourceFormat::identification_callback;
  d.sender_status = "X";
  return d;
}
}  // namespace

TEST_F(TempDb, MerchantDedupesAndKeepsFinalDecisions) {
  using idv::completion::DecisionOutcome;
  using idv::completion::Reviewer;
  OrderStore s(*db_);
  ASSERT_TRUE(s.migrate());
  ASSERT_TRUE(s.create({"o1", "order-1", "ref-1", 0, std::nullopt, 0, "", "identification"}));
  auto automatic = decision("ref-1", DecisionOutcome::approved, Reviewer::automatic, false);
  const auto first = s.record_decision("msg_1", automatic, 10);
  EXPECT_EQ(first.result, RecordResult::stored);
  EXPECT_EQ(first.order_id, "o1");
  EXPECT_EQ(s.record_decision("msg_1", automatic, 11).result, RecordResult::duplicate);
  // manual wins, and is final
  const auto manual = decision("ref-1", DecisionOutcome::rejected, Reviewer::manual, true);
  EXPECT_EQ(s.record_decision("msg_2", manual, 12).result, RecordResult::stored);
  // a late (retried) automatic verdict never regresses it
  const auto late = s.record_decision("msg_3", automatic, 13);
  EXPECT_EQ(late.result, RecordResult::ignored_older);
  EXPECT_EQ(late.ledger, idv::completion::LedgerOutcome::ignored_final);
  const auto o = s.find("o1");
  ASSERT_TRUE(o->decision.has_value());
  EXPECT_EQ(o->decision->outcome, DecisionOutcome::rejected);
  EXPECT_EQ(o->decision->reviewer, Reviewer::manual);
  EXPECT_TRUE(o->decision->final);
  EXPECT_EQ(o->decision_webhook_id, "msg_2");
  EXPECT_EQ(o->webhook_format, "identification");
  automatic.reference = "unknown";
  EXPECT_EQ(s.record_decision("msg_4", automatic, 14).result, RecordResult::unknown_order);
  EXPECT_EQ(s.webhook_count(), 3);
}

TEST_F(TempDb, MerchantReadsLegacyRiskAssessmentRows) {
  OrderStore s(*db_);
  ASSERT_TRUE(s.migrate());
  ASSERT_TRUE(s.create({"o1", "order-1", "ref-1", 0, std::nullopt, 0, "", "risk-assessment"}));
  {
    const std::lock_guard lock(db_->mutex());
    ASSERT_TRUE(db_->exec(
        R"(UPDATE orders SET decision='{"type":"RISK_ASSESSMENT_UPDATED","timestamp":"2026-01-01T00:00:00Z","data":{"trackingReference":"ref-1","assessmentStatus":"COMPLETED","riskLevel":"HIGH","final":true}}', decision_webhook_id='msg_old')"));
  }
  const auto o = s.find("o1");
  ASSERT_TRUE(o->decision.has_value());
  EXPECT_EQ(o->decision->outcome, idv::completion::DecisionOutcome::rejected);
  EXPECT_TRUE(o->decision->final);
  // and the ledger rules hold against it
  auto late = decision("ref-1", idv::completion::DecisionOutcome::approved,
                       idv::completion::Reviewer::automatic, false);
  EXPECT_EQ(s.record_decision("msg_new", late, 5).result, RecordResult::ignored_older);
}

TEST_F(TempDb, ClosingASessionMakesPhase2DueAtOnce) {
  SessionStore s(*db_, nullptr);
  ASSERT_TRUE(s.migrate());
  s.create({"r", "o", "https://a.example/h", "", "en", "{}", 0, 10'000, "identification", "t0k"});
  EXPECT_TRUE(s.due_for_phase2(100).empty()) << "an open session sends nothing";
  EXPECT_TRUE(s.close("r", {"PENDING", "IN_PROGRESS"}, "FAILED", "terminated", 200).has_value());
  EXPECT_FALSE(s.close("r", {"PENDING", "IN_PROGRESS"}, "EXPIRED", "expired", 300).has_value());
  const auto due = s.due_for_phase2(200);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].status, "FAILED");
  EXPECT_EQ(due[0].close_reason, "terminated");
  EXPECT_EQ(due[0].webhook_format, "identification");
  EXPECT_EQ(due[0].files_token, "t0k");
}

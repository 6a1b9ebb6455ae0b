// The stores against a real database: versions, transitions, the outbox lease and the
// merchant's dedupe. The service's stores run on both engines (Store/…/sqlite and
// Store/…/postgres, test_database.hpp); the merchant's are SQLite only.
#include <gtest/gtest.h>

#include <filesystem>

#include "merchant/order_store.hpp"
#include "service/outbox.hpp"
#include "service/schema.hpp"
#include "service/session_store.hpp"
#include "test_database.hpp"

using namespace idv::demo;

namespace {
// A fresh database on the engine of the parameter, migrated to the current schema.
class Store : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(database_.create(GetParam(), "store-test"));
    if (IsSkipped()) return;
    db_ = database_.db();
    std::string error;
    ASSERT_TRUE(migrate_schema(*db_, error)) << error;
  }
  testdb::TestDatabase database_;
  Db* db_ = nullptr;
};

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

TEST_P(Store, SessionVersionsGrowAndAreAnnounced) {
  std::vector<std::int64_t> announced;
  SessionStore s(*db_, [&](const std::string&, std::int64_t v) { announced.push_back(v); });
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

TEST_P(Store, ExpiryFindsOnlyOpenSessions) {
  SessionStore s(*db_, nullptr);
  s.create({"open", "o", "https://a.example/h", "", "en", "{}", 0, 100});
  s.create({"done", "o", "https://a.example/h", "", "en", "{}", 0, 100});
  s.complete("done", "{}", 50, 60);
  EXPECT_EQ(s.due_for_expiry(100), std::vector<std::string>{"open"});
}

TEST_P(Store, OutboxLeasesEachMessageOnce) {
  Outbox o(*db_);
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

TEST_P(Store, OutboxDisablesAnEndpointOn410) {
  Outbox o(*db_);
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

TEST_P(Store, OutboxClaimRespectsInFlightAndPerEndpointLimits) {
  Outbox o(*db_);
  {
    const std::lock_guard lock(db_->mutex());
    for (int i = 0; i < 6; ++i)
      ASSERT_TRUE(
          o.enqueue_locked({"a" + std::to_string(i), "r", "https://a.example/h", "{}", 0}, i));
    ASSERT_TRUE(o.enqueue_locked({"b0", "r", "https://b.example:8443/x?y", "{}", 0}, 10));
  }
  ClaimRequest q;
  q.now_ms = 100;
  q.lease_until_ms = 5000;
  q.max_messages = 64;
  q.per_origin = 4;
  auto r = o.claim(q);
  ASSERT_EQ(r.claimed.size(), 5u) << "4 of a.example (oldest first), then b.example";
  for (int i = 0; i < 4; ++i) EXPECT_EQ(r.claimed[i].webhook_id, "a" + std::to_string(i));
  EXPECT_EQ(r.claimed[4].webhook_id, "b0");
  EXPECT_EQ(r.claimed[4].origin, "https://b.example:8443");
  EXPECT_EQ(r.claimed[0].attempts, 1);

  // a.example still has 4 in flight: its 2 remaining messages wait.
  q.busy_origins = {{"https://a.example", 4}};
  EXPECT_TRUE(o.claim(q).claimed.empty());
  q.busy_origins = {{"https://a.example", 3}};
  r = o.claim(q);
  ASSERT_EQ(r.claimed.size(), 1u);
  EXPECT_EQ(r.claimed[0].webhook_id, "a4");

  // An in-flight message is never claimed again, even after its lease ran out.
  q.now_ms = 6000;
  q.busy_origins = {};
  q.in_flight_ids = {"a0", "a1", "a2", "a3", "a4", "b0"};
  r = o.claim(q);
  ASSERT_EQ(r.claimed.size(), 1u);
  EXPECT_EQ(r.claimed[0].webhook_id, "a5");
  EXPECT_EQ(o.next_due({}, {"a0", "a1", "a2", "a3", "a4", "a5", "b0"}), std::nullopt);
  EXPECT_EQ(o.next_due({"https://b.example:8443"}, {"a0", "a1", "a2", "a3", "a5"}), 5000);
}

TEST_P(Store, OutboxClaimGivesUpAndDropsBeforeSending) {
  Outbox o(*db_);
  {
    const std::lock_guard lock(db_->mutex());
    o.enqueue_locked({"tired", "r", "https://a.example/h", "{}", 0}, 0);
    o.enqueue_locked({"gone", "r", "https://gone.example/h", "{}", 0}, 0);
  }
  ASSERT_TRUE(o.claim_due(0, 10).has_value());  // "tired": attempt 1, then the process died
  o.disable_endpoint("x", "https://gone.example/h", 5);
  {  // "gone" was disabled with its endpoint already; a new one for the URL is dropped at claim
    const std::lock_guard lock(db_->mutex());
    o.enqueue_locked({"gone2", "r", "https://gone.example/h", "{}", 0}, 6);
  }
  ClaimRequest q;
  q.now_ms = 20;
  q.lease_until_ms = 100;
  q.max_messages = 10;
  q.max_attempts = 1;
  const auto r = o.claim(q);
  EXPECT_TRUE(r.claimed.empty());
  ASSERT_EQ(r.gave_up.size(), 1u);
  EXPECT_EQ(r.gave_up[0].webhook_id, "tired");
  ASSERT_EQ(r.disabled.size(), 1u);
  EXPECT_EQ(r.disabled[0].webhook_id, "gone2");
  EXPECT_EQ(o.find("tired")->state, "failed");
  EXPECT_EQ(o.find("gone2")->state, "disabled");
}

TEST_P(Store, OutboxOutcomesNeverOverwriteANewerState) {
  Outbox o(*db_);
  {
    const std::lock_guard lock(db_->mutex());
    o.enqueue_locked({"m", "r", "https://a.example/h", "{}", 0}, 0);
  }
  ASSERT_EQ(o.claim_due(0, 10)->attempts, 1);
  ASSERT_EQ(o.claim_due(10, 20)->attempts, 2);  // lease ran out, attempt 2 started
  const std::lock_guard lock(db_->mutex());
  EXPECT_FALSE(o.mark_delivered_locked("m", 1, "late answer of attempt 1"));
  EXPECT_TRUE(o.schedule_retry_locked("m", 2, 500, "HTTP 500"));
  EXPECT_TRUE(o.release_locked("m", 2, 30));  // shutdown while attempt 2 ran
  EXPECT_FALSE(o.mark_failed_locked("m", 2, "stale"));
}

// Seed 003: the portal asks how the shop answered the automatic (first) callback.
TEST_P(Store, OutboxFirstDeliveryOutcome) {
  Outbox o(*db_);
  EXPECT_EQ(o.first_delivery_outcome("r"), DeliveryOutcome::not_queued);
  {
    const std::lock_guard lock(db_->mutex());
    o.enqueue_locked({"auto", "r", "https://a.example/h", "{}", 0}, 1);
    o.enqueue_locked({"manual", "r", "https://a.example/h", "{}", 0}, 200);
    o.enqueue_locked({"x", "s", "https://a.example/h", "{}", 0}, 100);
    o.enqueue_locked({"y", "t", "https://a.example/h", "{}", 0}, 100);
  }
  EXPECT_EQ(o.first_delivery_outcome("r"), DeliveryOutcome::not_attempted);
  ASSERT_EQ(o.claim_due(10, 20)->webhook_id, "auto");
  EXPECT_EQ(o.first_delivery_outcome("r"), DeliveryOutcome::not_attempted) << "in flight";
  {
    const std::lock_guard lock(db_->mutex());
    ASSERT_TRUE(o.schedule_retry_locked("auto", 1, 30, "HTTP 500", 500));
  }
  EXPECT_EQ(o.first_delivery_outcome("r"), DeliveryOutcome::refused);
  ASSERT_EQ(o.claim_due(30, 40)->webhook_id, "auto");
  {
    const std::lock_guard lock(db_->mutex());
    ASSERT_TRUE(o.mark_delivered_locked("auto", 2, "HTTP 200", 200));
  }
  EXPECT_EQ(o.first_delivery_outcome("r"), DeliveryOutcome::refused) << "the FIRST answer counts";

  ClaimRequest q;
  q.now_ms = 150;
  q.lease_until_ms = 160;
  q.max_messages = 10;
  for (const auto& m : o.claim(q).claimed) {
    const std::lock_guard lock(db_->mutex());
    const int status = m.webhook_id == "x" ? 200 : m.webhook_id == "y" ? 204 : 0;
    if (status != 0) {
      ASSERT_TRUE(o.mark_delivered_locked(m.webhook_id, 1, "HTTP", status));
    }
  }
  EXPECT_EQ(o.first_delivery_outcome("s"), DeliveryOutcome::answered_200);
  EXPECT_EQ(o.first_delivery_outcome("t"), DeliveryOutcome::refused) << "200, not any 2xx";
}

TEST_P(Store, OutboxRedeliverAndEndpoints) {
  Outbox o(*db_);
  {
    const std::lock_guard lock(db_->mutex());
    o.enqueue_locked({"m1", "r1", "https://a.example/h", "{}", 0}, 1);
    o.enqueue_locked({"m2", "r2", "https://b.example/h", "{}", 0}, 2);
  }
  EXPECT_EQ(o.redeliver("m1", 5), RedeliverResult::already_pending);
  o.mark_failed("m1", "HTTP 500");
  o.disable_endpoint("m2", "https://b.example/h", 3);
  EXPECT_EQ(o.list("failed", "", 10).size(), 1u);
  EXPECT_EQ(o.list("", "r2", 10).at(0).webhook_id, "m2");
  EXPECT_EQ(o.list("", "", 1).size(), 1u);
  EXPECT_EQ(o.list("", "", 10).at(0).webhook_id, "m2") << "newest first";

  const auto eps = o.endpoints();
  ASSERT_EQ(eps.size(), 2u);
  EXPECT_FALSE(eps[0].disabled);
  EXPECT_EQ(eps[0].messages.failed, 1);
  EXPECT_TRUE(eps[1].disabled);
  EXPECT_EQ(eps[1].id, endpoint_id("https://b.example/h"));
  EXPECT_EQ(eps[1].id.size(), 27u);

  EXPECT_EQ(o.redeliver("m1", 7), RedeliverResult::queued);
  const auto m1 = o.find("m1");
  EXPECT_EQ(m1->state, "pending");
  EXPECT_EQ(m1->attempts, 0);
  EXPECT_EQ(m1->next_attempt_ms, 7);
  EXPECT_EQ(o.redeliver("m2", 7), RedeliverResult::endpoint_disabled);
  EXPECT_TRUE(o.enable_endpoint("https://b.example/h"));
  EXPECT_FALSE(o.enable_endpoint("https://b.example/h"));
  EXPECT_EQ(o.redeliver("m2", 8), RedeliverResult::queued);
  EXPECT_EQ(o.redeliver("nope", 8), RedeliverResult::not_found);
}

TEST_F(TempDb, OutboxMigratesRowsWithoutAnOrigin) {
  ASSERT_TRUE(db_->exec(
      "CREATE TABLE outbox(webhook_id TEXT PRIMARY KEY, ref TEXT NOT NULL, url TEXT NOT NULL, "
      "body TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL "
      "DEFAULT 0, next_attempt_ms INTEGER NOT NULL, last_result TEXT NOT NULL DEFAULT '', "
      "created_ms INTEGER NOT NULL);"
      "INSERT INTO outbox(webhook_id,ref,url,body,next_attempt_ms,created_ms) "
      "VALUES('old','r','http://127.0.0.1:9/h','{}',0,0);"));
  std::string error;
  ASSERT_TRUE(migrate_schema(*db_, error)) << error;
  ASSERT_TRUE(migrate_schema(*db_, error)) << "idempotent: " << error;
  EXPECT_EQ(schema_version(*db_), schema_version_latest());
  Outbox o(*db_);
  const auto m = o.claim_due(1, 2);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->origin, "http://127.0.0.1:9");
}

namespace {
idv::completion::VerificationDecision decision(const std::string& ref,
                                               idv::completion::DecisionOutcome o,
                                               idv::completion::Reviewer r, bool final) {
  idv::completion::VerificationDecision d;
  d.reference = ref;
  d.merchantReference = "order-1";
  d.outcome = o;
  d.reviewer = r;
  d.final = final;
  d.source = idv::completion::SourceFormat::IdentificationCallback;
  d.senderStatus = "X";
  return d;
}
}  // namespace

TEST_F(TempDb, MerchantDedupesAndKeepsFinalDecisions) {
  using idv::completion::DecisionOutcome;
  using idv::completion::Reviewer;
  OrderStore s(*db_);
  ASSERT_TRUE(s.migrate());
  ASSERT_TRUE(s.create({"o1", "order-1", "ref-1", 0, std::nullopt, 0, "", "identification"}));
  auto automatic = decision("ref-1", DecisionOutcome::Approved, Reviewer::Automatic, false);
  const auto first = s.record_decision("msg_1", automatic, 10);
  EXPECT_EQ(first.result, RecordResult::stored);
  EXPECT_EQ(first.order_id, "o1");
  EXPECT_EQ(s.record_decision("msg_1", automatic, 11).result, RecordResult::duplicate);
  // manual wins, and is final
  const auto manual = decision("ref-1", DecisionOutcome::Rejected, Reviewer::Manual, true);
  EXPECT_EQ(s.record_decision("msg_2", manual, 12).result, RecordResult::stored);
  // a late (retried) automatic verdict never regresses it
  const auto late = s.record_decision("msg_3", automatic, 13);
  EXPECT_EQ(late.result, RecordResult::ignored_older);
  EXPECT_EQ(late.ledger, idv::completion::LedgerOutcome::IgnoredFinal);
  const auto o = s.find("o1");
  ASSERT_TRUE(o->decision.has_value());
  EXPECT_EQ(o->decision->outcome, DecisionOutcome::Rejected);
  EXPECT_EQ(o->decision->reviewer, Reviewer::Manual);
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
  EXPECT_EQ(o->decision->outcome, idv::completion::DecisionOutcome::Rejected);
  EXPECT_TRUE(o->decision->final);
  // and the ledger rules hold against it
  auto late = decision("ref-1", idv::completion::DecisionOutcome::Approved,
                       idv::completion::Reviewer::Automatic, false);
  EXPECT_EQ(s.record_decision("msg_new", late, 5).result, RecordResult::ignored_older);
}

TEST_P(Store, ClosingASessionMakesPhase2DueAtOnce) {
  SessionStore s(*db_, nullptr);
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

INSTANTIATE_TEST_SUITE_P(Engines, Store, ::testing::Values(Engine::sqlite, Engine::postgres),
                         [](const auto& p) { return testdb::engine_name(p.param); });

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
  EXPECT_FALSE(s.transition("r1", {"PENDING"}, "IN_PROGRESS", 1200).has_value()) << "only from PENDING";
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

TEST_F(TempDb, MerchantDedupesAndKeepsFinalDecisions) {
  OrderStore s(*db_);
  ASSERT_TRUE(s.migrate());
  ASSERT_TRUE(s.create({"o1", "order-1", "ref-1", 0, std::nullopt, 0, ""}));
  idv::completion::RiskAssessmentUpdated e{"t", "ref-1", "order-1", "COMPLETED", "LOW", "A", true};
  std::string order;
  EXPECT_EQ(s.record_webhook("msg_1", e, 10, order), RecordResult::stored);
  EXPECT_EQ(order, "o1");
  EXPECT_EQ(s.record_webhook("msg_1", e, 11, order), RecordResult::duplicate);
  auto late = e;
  late.final = false;
  late.risk_level = "HIGH";
  EXPECT_EQ(s.record_webhook("msg_2", late, 12, order), RecordResult::ignored_older);
  EXPECT_EQ(s.find("o1")->decision->risk_level, "LOW");
  e.tracking_reference = "unknown";
  EXPECT_EQ(s.record_webhook("msg_3", e, 13, order), RecordResult::unknown_order);
  EXPECT_EQ(s.webhook_count(), 2);
}

// What only PostgreSQL has to get right: several instances (connections) on one database.
// Outbox leases never overlap, an expired lease moves to another instance, concurrent
// migrations leave one schema, a committed change reaches another instance's listener, and
// Phase 2 is assessed once. Needs IDV_TEST_PG (see test_database.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "common/pg_listener.hpp"
#include "service/outbox.hpp"
#include "service/schema.hpp"
#include "service/session_store.hpp"
#include "test_database.hpp"

using namespace idv::demo;

TEST(PgPlaceholders, NumbersQuestionMarksOutsideQuotes) {
  EXPECT_EQ(pg_placeholders("a=? AND b IN (?,?)"), "a=$1 AND b IN ($2,$3)");
  EXPECT_EQ(pg_placeholders("x=?2 OR y=?1 OR ?2=''"), "x=$2 OR y=$1 OR $2=''");
  EXPECT_EQ(pg_placeholders("s='what?' AND \"q?\"=? AND t='it''s?'"),
            "s='what?' AND \"q?\"=$1 AND t='it''s?'");
}

namespace {
class Pg : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(database_.create(Engine::postgres, "pg-test"));
    if (IsSkipped()) return;
    std::string error;
    ASSERT_TRUE(migrate_schema(*database_.db(), error)) << error;
  }
  std::unique_ptr<Db> another() {
    auto db = database_.open_another();
    EXPECT_TRUE(db);
    return db;
  }
  testdb::TestDatabase database_;
};
}  // namespace

TEST_F(Pg, TwoInstancesNeverClaimTheSameMessage) {
  Db& a = *database_.db();
  auto b = another();
  ASSERT_TRUE(b);
  Outbox outbox_a(a);
  {
    const std::lock_guard lock(a.mutex());
    Transaction tx(a);
    for (int i = 0; i < 300; ++i)
      ASSERT_TRUE(outbox_a.enqueue_locked(
          {"m" + std::to_string(i), "r", "https://h" + std::to_string(i % 7) + ".example/", "{}"},
          0));
    ASSERT_TRUE(tx.commit());
  }
  std::vector<std::string> got[2];
  const auto drain = [&got](Db& db, int who) {
    Outbox o(db);
    ClaimRequest q;
    q.now_ms = 10;
    q.lease_until_ms = 1'000'000;
    q.max_messages = 7;
    for (;;) {
      const auto r = o.claim(q);
      if (r.claimed.empty()) return;
      for (const auto& m : r.claimed) got[who].push_back(m.webhook_id);
    }
  };
  std::thread ta(drain, std::ref(a), 0);
  std::thread tb(drain, std::ref(*b), 1);
  ta.join();
  tb.join();
  std::set<std::string> all(got[0].begin(), got[0].end());
  for (const auto& id : got[1]) EXPECT_TRUE(all.insert(id).second) << id << " claimed twice";
  EXPECT_EQ(all.size(), 300u);
  EXPECT_GT(got[0].size(), 0u);
  EXPECT_GT(got[1].size(), 0u) << "both instances take part";
}

TEST_F(Pg, AnExpiredLeaseMovesToTheOtherInstance) {
  Db& a = *database_.db();
  auto b = another();
  ASSERT_TRUE(b);
  Outbox oa(a), ob(*b);
  {
    const std::lock_guard lock(a.mutex());
    ASSERT_TRUE(oa.enqueue_locked({"m", "r", "https://a.example/h", "{}"}, 0));
  }
  ASSERT_EQ(oa.claim_due(0, 1000)->attempts, 1);      // A sends, then dies
  EXPECT_FALSE(ob.claim_due(999, 2000).has_value());  // the lease holds
  const auto again = ob.claim_due(1000, 2000);        // and runs out
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->attempts, 2);
  EXPECT_EQ(again->webhook_id, "m") << "the webhook-id stays";
  {
    const std::lock_guard lock(a.mutex());
    EXPECT_FALSE(oa.mark_delivered_locked("m", 1, "A's late answer")) << "fenced by attempt";
  }
  {
    const std::lock_guard lock(b->mutex());
    EXPECT_TRUE(ob.mark_delivered_locked("m", 2, "HTTP 200"));
  }
  EXPECT_EQ(oa.counts().delivered, 1);
}

TEST_F(Pg, ConcurrentMigrationsLeaveOneSchema) {
  // A second, empty schema: four instances start on it at once.
  testdb::TestDatabase fresh;
  ASSERT_NO_FATAL_FAILURE(fresh.create(Engine::postgres, "pg-migrate"));
  std::vector<std::unique_ptr<Db>> dbs;
  for (int i = 0; i < 4; ++i) dbs.push_back(fresh.open_another());
  std::vector<std::string> errors(dbs.size());
  std::vector<int> ok(dbs.size(), 0);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < dbs.size(); ++i)
    threads.emplace_back([&, i] { ok[i] = migrate_schema(*dbs[i], errors[i]) ? 1 : 0; });
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < dbs.size(); ++i) EXPECT_EQ(ok[i], 1) << errors[i];
  Db& db = *fresh.db();
  EXPECT_EQ(schema_version(db), schema_version_latest());
  auto st = db.prepare("SELECT COUNT(*) FROM schema_migrations");
  ASSERT_EQ(st.step(), SQLITE_ROW);
  EXPECT_EQ(st.int64(0), schema_version_latest()) << "each version applied once";
}

TEST_F(Pg, ACommittedChangeReachesAnotherInstancesListener) {
  std::mutex m;
  std::condition_variable cv;
  std::vector<std::string> heard;
  PgListener listener(
      database_.conninfo(), "idv_sessions",
      [&](std::string_view payload, int) {
        const std::lock_guard lock(m);
        heard.emplace_back(payload);
        cv.notify_all();
      },
      nullptr);
  std::string error;
  ASSERT_TRUE(listener.start(error)) << error;
  auto b = another();
  ASSERT_TRUE(b);
  SessionStore store(*b, nullptr);
  const std::string ref = "ref-" + std::to_string(::getpid());
  ASSERT_TRUE(store.create({ref, "o", "https://a.example/h", "", "en", "{}", 0, 100'000}));
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(store.transition(ref, {"PENDING"}, "IN_PROGRESS", 10), 2);
  std::unique_lock lock(m);
  const bool got = cv.wait_for(lock, std::chrono::milliseconds(100), [&] {
    return std::find(heard.begin(), heard.end(), ref + " 2") != heard.end();
  });
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  EXPECT_TRUE(got) << "no notification within 100 ms";
  EXPECT_LT(ms, 100);
  lock.unlock();
  listener.stop();
}

TEST_F(Pg, Phase2AdvancesOnceWhenTwoInstancesRace) {
  Db& a = *database_.db();
  auto b = another();
  ASSERT_TRUE(b);
  SessionStore sa(a, nullptr), sb(*b, nullptr);
  ASSERT_TRUE(sa.create({"r", "o", "https://a.example/h", "", "en", "{}", 0, 100'000}));
  ASSERT_TRUE(sa.complete("r", "{}", 1, 1).has_value());
  {
    const std::lock_guard lock(a.mutex());
    EXPECT_TRUE(sa.set_phase2("r", 0, 2, 5));
  }
  {
    const std::lock_guard lock(b->mutex());
    EXPECT_FALSE(sb.set_phase2("r", 0, 2, 5)) << "B read stage 0 before A's commit";
  }
}

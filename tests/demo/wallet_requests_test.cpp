// The wallet request store (service/wallet_requests.hpp) on both engines: one open request per
// session, replaced by a new one, valid five minutes, used up exactly once — also when two
// connections (two service instances on PostgreSQL) try at the same moment —, found by its
// nonce for another session only while open, and gone with a purge.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "service/context.hpp"
#include "service/purge.hpp"
#include "service/schema.hpp"
#include "service/session_store.hpp"
#include "service/wallet_requests.hpp"
#include "test_database.hpp"

using namespace idv::demo;

namespace {

constexpr std::int64_t kT0 = 1'000'000;

class WalletRequests : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(database_.create(GetParam(), "wallet-requests-test"));
    if (IsSkipped()) return;
    db_ = database_.db();
    std::string error;
    ASSERT_TRUE(migrate_schema(*db_, error)) << error;
  }
  std::int64_t rows(const std::string& ref) {
    const std::lock_guard lock(db_->mutex());
    auto st = db_->prepare("SELECT COUNT(*) FROM wallet_requests WHERE ref=?");
    st.bind(1, ref);
    return st.step() == SQLITE_ROW ? st.int64(0) : -1;
  }
  testdb::TestDatabase database_;
  Db* db_ = nullptr;
};

TEST_P(WalletRequests, TheMigrationsAreUpToVersionFive) {
  EXPECT_EQ(schema_version_latest(), 5);
  EXPECT_EQ(schema_version(*db_), 5);
  std::string error;
  EXPECT_TRUE(migrate_schema(*db_, error)) << "idempotent: " << error;
}

TEST_P(WalletRequests, ARequestIsStoredWithItsOriginAndTime) {
  WalletRequestStore w(*db_);
  EXPECT_FALSE(w.find("r1"));
  ASSERT_TRUE(w.put("r1", "nonce-1", "https://shop.example", kT0));
  const auto r = w.find("r1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->ref, "r1");
  EXPECT_EQ(r->nonce, "nonce-1");
  EXPECT_EQ(r->origin, "https://shop.example");
  EXPECT_EQ(r->created_ms, kT0);
  EXPECT_FALSE(r->used);
  EXPECT_EQ(r->protocol, "openid4vp-v1-unsigned");
  EXPECT_EQ(r->envelope, "");
}

TEST_P(WalletRequests, AnIsoMdocRequestKeepsItsEnvelopeUntilReplaced) {
  WalletRequestStore w(*db_);
  ASSERT_TRUE(w.put("r1", "nonce-1", "https://shop.example", kT0, "org-iso-mdoc",
                    R"({"encryptionInfo":"gmVkY2FwaQ","readerKey":"k"})"));
  auto r = w.find("r1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->protocol, "org-iso-mdoc");
  EXPECT_EQ(r->envelope, R"({"encryptionInfo":"gmVkY2FwaQ","readerKey":"k"})");
  ASSERT_TRUE(w.put("r1", "nonce-2", "https://shop.example", kT0 + 1));
  r = w.find("r1");
  EXPECT_EQ(r->protocol, "openid4vp-v1-unsigned");
  EXPECT_EQ(r->envelope, "") << "the old request's key does not outlive it";
}

TEST_P(WalletRequests, ItIsUsedUpExactlyOnce) {
  WalletRequestStore w(*db_);
  ASSERT_TRUE(w.put("r1", "nonce-1", "https://shop.example", kT0));
  EXPECT_FALSE(w.consume("r1", "other-nonce", kT0 + 1)) << "not this session's nonce";
  EXPECT_FALSE(w.consume("r2", "nonce-1", kT0 + 1)) << "not another session's";
  EXPECT_TRUE(w.consume("r1", "nonce-1", kT0 + 1));
  EXPECT_FALSE(w.consume("r1", "nonce-1", kT0 + 2)) << "a replay";
  EXPECT_TRUE(w.find("r1")->used);
}

TEST_P(WalletRequests, ANewRequestReplacesTheOldOne) {
  WalletRequestStore w(*db_);
  ASSERT_TRUE(w.put("r1", "nonce-1", "https://shop.example", kT0));
  ASSERT_TRUE(w.consume("r1", "nonce-1", kT0 + 1));
  ASSERT_TRUE(w.put("r1", "nonce-2", "http://127.0.0.1:8081", kT0 + 10));
  EXPECT_EQ(rows("r1"), 1) << "one request per session";
  const auto r = w.find("r1");
  EXPECT_EQ(r->nonce, "nonce-2");
  EXPECT_EQ(r->origin, "http://127.0.0.1:8081");
  EXPECT_EQ(r->created_ms, kT0 + 10);
  EXPECT_FALSE(r->used) << "the new one is open";
  EXPECT_FALSE(w.consume("r1", "nonce-1", kT0 + 11)) << "the replaced nonce is dead";
  EXPECT_TRUE(w.consume("r1", "nonce-2", kT0 + 11));
}

TEST_P(WalletRequests, ItLastsFiveMinutes) {
  WalletRequestStore w(*db_);
  ASSERT_TRUE(w.put("r1", "nonce-1", "https://shop.example", kT0));
  EXPECT_FALSE(w.consume("r1", "nonce-1", kT0 + kWalletRequestTtlMs)) << "expired";
  EXPECT_FALSE(w.find("r1")->used) << "an expired request is not marked";
  ASSERT_TRUE(w.put("r1", "nonce-2", "https://shop.example", kT0));
  EXPECT_TRUE(w.consume("r1", "nonce-2", kT0 + kWalletRequestTtlMs - 1));
}

TEST_P(WalletRequests, AnotherSessionsOpenRequestIsFoundByItsNonce) {
  WalletRequestStore w(*db_);
  ASSERT_TRUE(w.put("mine", "nonce-mine", "https://shop.example", kT0));
  ASSERT_TRUE(w.put("other", "nonce-other", "https://shop.example", kT0));
  EXPECT_EQ(w.open_request_of_other("nonce-other", "mine", kT0 + 1), "other");
  EXPECT_FALSE(w.open_request_of_other("nonce-mine", "mine", kT0 + 1))
      << "its own is not another's";
  EXPECT_FALSE(w.open_request_of_other("nonce-unknown", "mine", kT0 + 1));
  EXPECT_FALSE(w.open_request_of_other("", "mine", kT0 + 1));
  EXPECT_FALSE(w.open_request_of_other("nonce-other", "mine", kT0 + kWalletRequestTtlMs))
      << "expired: no longer open";
  ASSERT_TRUE(w.consume("other", "nonce-other", kT0 + 2));
  EXPECT_FALSE(w.open_request_of_other("nonce-other", "mine", kT0 + 3)) << "used: not open";
}

TEST_P(WalletRequests, ConcurrentConsumersWinOnce) {
  // Two connections: on PostgreSQL two instances' handles, each with its own transaction
  // stream; on SQLite the same file opened twice (one writer at a time).
  // (SQLite: one process per file; threads share the handle, whose mutex serialises them.)
  std::unique_ptr<Db> second;
  if (GetParam() == Engine::postgres) second = database_.open_another();
  WalletRequestStore a(*db_);
  WalletRequestStore b(second ? *second : *db_);
  for (int round = 0; round < 20; ++round) {
    const std::string nonce = "nonce-" + std::to_string(round);
    ASSERT_TRUE(a.put("r1", nonce, "https://shop.example", kT0));
    std::atomic<int> winners{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
      threads.emplace_back([&, i] {
        if ((i % 2 ? b : a).consume("r1", nonce, kT0 + 1)) ++winners;
      });
    for (auto& t : threads) t.join();
    EXPECT_EQ(winners.load(), 1) << "round " << round;
  }
}

TEST_P(WalletRequests, APurgeRemovesTheSessionsRequest) {
  std::unique_ptr<Db> own;
  std::filesystem::path dir;
  if (GetParam() == Engine::postgres) {
    own = database_.open_another();
  } else {
    dir =
        std::filesystem::temp_directory_path() / ("idv-wallet-purge-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::string error;
    own = Db::open((dir / "service.db").string(), error);
    ASSERT_TRUE(own && migrate_schema(*own, error)) << error;
  }
  ASSERT_TRUE(own);
  ServiceConfig config;
  config.data_dir = dir.empty() ? std::filesystem::temp_directory_path().string() : dir.string();
  {
    ServiceContext ctx(config, std::move(own));
    for (const char* ref : {"purged", "kept"}) {
      NewSession n{ref, "order", "https://a.example/h", "", "en", "{}", 0, 100'000};
      ASSERT_TRUE(ctx.sessions.create(n));
      ASSERT_TRUE(
          ctx.wallet_requests.put(ref, std::string("nonce-") + ref, "https://s.example", 1));
    }
    ASSERT_EQ(purge_session(ctx, "purged", 50), PurgeResult::purged);
    EXPECT_FALSE(ctx.wallet_requests.find("purged"));
    EXPECT_TRUE(ctx.wallet_requests.find("kept")) << "only the purged session's";
  }
  if (!dir.empty()) std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Engines, WalletRequests,
                         ::testing::Values(Engine::sqlite, Engine::postgres),
                         [](const auto& p) { return testdb::engine_name(p.param); });

}  // namespace

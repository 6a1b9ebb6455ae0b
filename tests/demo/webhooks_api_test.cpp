// The merchant's webhook dashboard API (service/webhooks_api.hpp) through our Router, against
// a real SQLite outbox: authentication, listing, re-enabling, redelivery.
#include "service/webhooks_api.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "service/schema.hpp"

using namespace idv::demo;
using json = nlohmann::json;

namespace {

constexpr const char* kKey = "test_api_key_0123456789abcdef";

class WebhooksApi : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("idv-webhooks-api-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    ServiceConfig c;
    c.api_key = kKey;
    std::string error;
    auto db = Db::open((dir_ / "service.db").string(), error);
    ASSERT_TRUE(db) << error;
    ASSERT_TRUE(migrate_schema(*db, error)) << error;
    ctx_ = std::make_unique<ServiceContext>(c, std::move(db));
    ctx_->wake_dispatcher = [this] { ++wakes_; };
    register_webhooks_api(router_, *ctx_);
    const std::lock_guard lock(ctx_->db->mutex());
    ctx_->outbox.enqueue_locked({"msg_a1", "ref-a", "https://a.example/h", "{}", 0}, 1000);
    ctx_->outbox.enqueue_locked({"msg_b1", "ref-b", "https://b.example/h", "{}", 0}, 2000);
  }
  void TearDown() override {
    ctx_.reset();
    std::filesystem::remove_all(dir_);
  }

  struct Answer {
    int status = 0;
    json body;
    http::Response raw;
  };
  Answer call(const std::string& method, const std::string& target, const char* key = kKey) {
    http::Request req;
    req.method = method;
    req.target = target;
    const auto q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) {
      req.query = target.substr(q + 1);
      std::size_t pos = 0;
      while (pos <= req.query.size()) {
        const auto amp = std::min(req.query.find('&', pos), req.query.size());
        const auto pair = req.query.substr(pos, amp - pos);
        const auto eq = pair.find('=');
        req.params.emplace(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
        pos = amp + 1;
      }
    }
    if (key != nullptr) req.headers.emplace("Authorization", std::string("Bearer ") + key);
    const auto m = router_.match(req.method, req.path);
    Answer a;
    if (m.handler == nullptr) {
      a.status = m.path_known ? 405 : 404;
      return a;
    }
    req.matches = m.groups;
    (*m.handler)(req, a.raw);
    a.status = a.raw.status;
    a.body = json::parse(a.raw.body, nullptr, false);
    return a;
  }

  std::filesystem::path dir_;
  std::unique_ptr<ServiceContext> ctx_;
  http::Router router_;
  int wakes_ = 0;
};

}  // namespace

TEST_F(WebhooksApi, NeedsTheApiKey) {
  EXPECT_EQ(call("GET", "/v1/webhooks", nullptr).status, 401);
  EXPECT_EQ(call("GET", "/v1/webhooks", "wrong_key_0123456789abcdef").status, 401);
  EXPECT_EQ(call("POST", "/v1/webhooks/msg_a1/redeliver", nullptr).status, 401);
  EXPECT_EQ(call("GET", "/v1/webhooks/endpoints", nullptr).status, 401);
  EXPECT_EQ(call("GET", "/v1/webhooks/endpoints", nullptr).raw.get_header_value("WWW-Authenticate"),
            "Bearer");
}

TEST_F(WebhooksApi, ListsMessagesWithTheirState) {
  ctx_->outbox.mark_failed("msg_a1", "HTTP 500 after 0.1 s — giving up");
  auto all = call("GET", "/v1/webhooks");
  ASSERT_EQ(all.status, 200);
  ASSERT_EQ(all.body["messages"].size(), 2u);
  EXPECT_EQ(all.body["messages"][0]["id"], "msg_b1") << "newest first";
  EXPECT_EQ(all.body["messages"][0]["state"], "pending");
  EXPECT_TRUE(all.body["messages"][0].contains("nextAttemptAt"));
  EXPECT_EQ(all.body["hasMore"], false);
  const auto failed = call("GET", "/v1/webhooks?state=failed");
  ASSERT_EQ(failed.body["messages"].size(), 1u);
  EXPECT_EQ(failed.body["messages"][0]["id"], "msg_a1");
  EXPECT_EQ(failed.body["messages"][0]["trackingReference"], "ref-a");
  EXPECT_EQ(failed.body["messages"][0]["endpointId"], endpoint_id("https://a.example/h"));
  EXPECT_FALSE(failed.body["messages"][0].contains("body")) << "bodies hold personal data";
  EXPECT_EQ(call("GET", "/v1/webhooks?limit=1").body["hasMore"], true);
  EXPECT_EQ(call("GET", "/v1/webhooks?trackingReference=ref-b").body["messages"].size(), 1u);
  EXPECT_EQ(call("GET", "/v1/webhooks?state=odd").status, 400);
  EXPECT_EQ(call("GET", "/v1/webhooks?limit=0").status, 400);
  EXPECT_EQ(call("GET", "/v1/webhooks?limit=x").status, 400);
  EXPECT_EQ(call("GET", "/v1/webhooks/msg_a1").body["state"], "failed");
  EXPECT_EQ(call("GET", "/v1/webhooks/msg_zz").status, 404);
}

TEST_F(WebhooksApi, RedeliversAFailedMessage) {
  EXPECT_EQ(call("POST", "/v1/webhooks/msg_a1/redeliver").status, 409) << "still pending";
  ctx_->outbox.mark_failed("msg_a1", "HTTP 500");
  const auto r = call("POST", "/v1/webhooks/msg_a1/redeliver");
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body["state"], "pending");
  EXPECT_EQ(r.body["attempts"], 0);
  EXPECT_EQ(wakes_, 1) << "the dispatcher is woken";
  EXPECT_EQ(ctx_->events.list("ref-a").back().kind, "webhook.redeliver");
  EXPECT_EQ(call("POST", "/v1/webhooks/msg_nope/redeliver").status, 404);
  EXPECT_EQ(call("GET", "/v1/webhooks/msg_a1/redeliver").status, 405);
}

TEST_F(WebhooksApi, DisabledEndpointsCanBeListedAndReEnabled) {
  ctx_->outbox.disable_endpoint("msg_b1", "https://b.example/h", now_ms());
  const auto disabled = call("GET", "/v1/webhooks/endpoints?state=disabled");
  ASSERT_EQ(disabled.status, 200);
  ASSERT_EQ(disabled.body["endpoints"].size(), 1u);
  const auto& ep = disabled.body["endpoints"][0];
  EXPECT_EQ(ep["url"], "https://b.example/h");
  EXPECT_EQ(ep["state"], "disabled");
  EXPECT_TRUE(ep.contains("disabledAt"));
  EXPECT_EQ(ep["messages"]["disabled"], 1);
  EXPECT_EQ(call("GET", "/v1/webhooks/endpoints").body["endpoints"].size(), 2u);
  EXPECT_EQ(call("GET", "/v1/webhooks/endpoints?state=enabled").body["endpoints"].size(), 1u);

  EXPECT_EQ(call("POST", "/v1/webhooks/msg_b1/redeliver").body["error"], "endpoint_disabled");
  const std::string id = ep["id"];
  const auto enabled = call("POST", "/v1/webhooks/endpoints/" + id + "/enable");
  EXPECT_EQ(enabled.status, 200);
  EXPECT_EQ(enabled.body["state"], "enabled");
  EXPECT_TRUE(call("GET", "/v1/webhooks/endpoints?state=disabled").body["endpoints"].empty());
  EXPECT_EQ(call("POST", "/v1/webhooks/msg_b1/redeliver").status, 202);
  EXPECT_EQ(call("POST", "/v1/webhooks/endpoints/ep_000000000000000000000000/enable").status, 404);
}

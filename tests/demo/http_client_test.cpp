// The libcurl client (demo/common/http/client.hpp) against real loopback receivers that
// misbehave on purpose: a total deadline that a trickling peer cannot stretch, a capped body,
// no inflation, no redirects, pinning and the connect hook.
#include "common/http/client.hpp"

#include <gtest/gtest.h>

#include "test_receiver.hpp"

using namespace std::chrono_literals;
using idv::demo::http::ClientRequest;
using idv::demo::http::fetch;
using idv::demo::http::FetchError;
using idv::demo::http::MultiFetcher;
using idv::demo::testing::Conn;
using idv::demo::testing::TestReceiver;

namespace {

ClientRequest post(const std::string& url, std::chrono::milliseconds timeout = 5000ms) {
  ClientRequest r;
  r.method = "POST";
  r.url = url;
  r.body = R"({"hello":"world"})";
  r.headers = {{"Content-Type", "application/json"}};
  r.timeout = timeout;
  return r;
}

}  // namespace

TEST(HttpClient, PlainAnswer) {
  TestReceiver rx(TestReceiver::answer([](int) { return TestReceiver::response(201, "ok"); }));
  const auto res = fetch(post(rx.url("/in?x=1")));
  ASSERT_TRUE(res.answered()) << res.error_text;
  EXPECT_EQ(res.status, 201);
  EXPECT_EQ(res.body, "ok");
  EXPECT_EQ(res.connected_ip, "127.0.0.1");
  ASSERT_EQ(rx.requests().size(), 1u);
  const auto req = rx.requests()[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/in?x=1");
  EXPECT_EQ(req.body, R"({"hello":"world"})");
  EXPECT_EQ(req.header("content-type"), "application/json");
}

TEST(HttpClient, TotalDeadlineEndsATricklingAnswer) {
  // One header byte per second: no read ever waits long, so only a TOTAL deadline ends it.
  TestReceiver rx(TestReceiver::trickle_headers());
  const auto started = std::chrono::steady_clock::now();
  const auto res = fetch(post(rx.url(), 2500ms));
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(res.error, FetchError::timeout) << res.error_text;
  EXPECT_FALSE(res.answered());
  EXPECT_GE(took, 2400ms);
  EXPECT_LT(took, 3000ms);
  // The receiver saw the connection closed at the deadline, not when it ran out of bytes.
  for (int i = 0; i < 40 && rx.closed_after().empty(); ++i) std::this_thread::sleep_for(50ms);
  ASSERT_EQ(rx.closed_after().size(), 1u);
  EXPECT_GE(rx.closed_after()[0], 2300ms);
  EXPECT_LT(rx.closed_after()[0], 3000ms);
}

TEST(HttpClient, DeadlineCoversAConnectionThatNeverAnswers) {
  TestReceiver rx([](TestReceiver&, Conn& c, int) { c.wait_peer_close(10s); });
  const auto res = fetch(post(rx.url(), 700ms));
  EXPECT_EQ(res.error, FetchError::timeout);
  EXPECT_GE(res.elapsed, 650ms);
  EXPECT_LT(res.elapsed, 1500ms);
}

TEST(HttpClient, BodyIsCappedAt64KiB) {
  const std::string big(1 << 20, 'x');
  TestReceiver rx(TestReceiver::answer([&](int) { return TestReceiver::response(200, big); }));
  const auto res = fetch(post(rx.url()));
  ASSERT_TRUE(res.answered()) << res.error_text;
  EXPECT_EQ(res.status, 200);
  EXPECT_TRUE(res.truncated);
  EXPECT_EQ(res.body.size(), 64u * 1024u);
}

TEST(HttpClient, EndlessChunkedBodyIsCutAndTheConnectionDropped) {
  TestReceiver rx([](TestReceiver& self, Conn& c, int) {
    if (auto r = c.read_request()) self.record(std::move(*r));
    c.send_all("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    const std::string chunk = "1000\r\n" + std::string(0x1000, 'y') + "\r\n";
    const auto started = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - started < 10s)
      if (!c.send_all(chunk)) break;  // the client hung up
    self.record_close(std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started));
  });
  const auto res = fetch(post(rx.url(), 8000ms));
  ASSERT_TRUE(res.answered()) << res.error_text;
  EXPECT_TRUE(res.truncated);
  EXPECT_EQ(res.body, std::string(64 * 1024, 'y'));  // chunk framing decoded, nothing else
  EXPECT_LT(res.elapsed, 2000ms);
  for (int i = 0; i < 100 && rx.closed_after().empty(); ++i) std::this_thread::sleep_for(50ms);
  ASSERT_EQ(rx.closed_after().size(), 1u);
  EXPECT_LT(rx.closed_after()[0], 5000ms) << "the sender noticed the client was gone";
}

TEST(HttpClient, NeverInflates) {
  // gzip("hello, not inflated"): handed over exactly as sent, never decompressed.
  static const char kGzip[] =
      "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xcb\x48\xcd\xc9\xc9\xd7\x51\xc8\xcb\x2f\x51\xc8"
      "\xcc\x4b\xcb\x49\x2c\x49\x4d\x01\x00\xcc\x48\xba\xea\x13\x00\x00\x00";
  const std::string gz(kGzip, sizeof kGzip - 1);
  TestReceiver rx(TestReceiver::answer(
      [&](int) { return TestReceiver::response(200, gz, "Content-Encoding: gzip\r\n"); }));
  const auto res = fetch(post(rx.url()));
  ASSERT_TRUE(res.answered()) << res.error_text;
  EXPECT_EQ(res.body, gz);
  EXPECT_EQ(res.header("content-encoding"), "gzip");
  ASSERT_EQ(rx.requests().size(), 1u);
  EXPECT_EQ(rx.requests()[0].header("accept-encoding"), "") << "we never ask for compression";
}

TEST(HttpClient, RedirectIsTheAnswerNotFollowed) {
  TestReceiver target(TestReceiver::status(200));
  TestReceiver rx(TestReceiver::answer([&](int) {
    return TestReceiver::response(302, "", "Location: " + target.url("/elsewhere") + "\r\n");
  }));
  const auto res = fetch(post(rx.url()));
  ASSERT_TRUE(res.answered()) << res.error_text;
  EXPECT_EQ(res.status, 302);
  EXPECT_EQ(res.header("Location"), target.url("/elsewhere"));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(target.connections(), 0);
}

TEST(HttpClient, LargeBodyGoesWithoutExpect100Continue) {
  TestReceiver rx(TestReceiver::status(204));
  auto req = post(rx.url());
  req.body = std::string(8 * 1024, 'b');
  const auto res = fetch(req);
  ASSERT_TRUE(res.answered()) << res.error_text;
  EXPECT_EQ(res.status, 204);
  EXPECT_LT(res.elapsed, 900ms) << "no second lost waiting for 100 Continue";
  ASSERT_EQ(rx.requests().size(), 1u);
  EXPECT_EQ(rx.requests()[0].header("expect"), "");
  EXPECT_EQ(rx.requests()[0].body.size(), 8u * 1024u);
}

TEST(HttpClient, PinnedAddressIsUsedInsteadOfDns) {
  TestReceiver rx(TestReceiver::status(200));
  // .invalid never resolves (RFC 6761): only the pin can make this connect.
  auto req = post("http://pinned.invalid:" + std::to_string(rx.port()) + "/hook");
  req.pinned_addresses = {"127.0.0.1"};
  const auto res = fetch(req);
  ASSERT_TRUE(res.answered()) << res.error_text;
  EXPECT_EQ(res.connected_ip, "127.0.0.1");
  ASSERT_EQ(rx.requests().size(), 1u);
  EXPECT_EQ(rx.requests()[0].header("host"), "pinned.invalid:" + std::to_string(rx.port()));

  auto unpinned = post("http://pinned.invalid:" + std::to_string(rx.port()) + "/hook");
  EXPECT_EQ(fetch(unpinned).error, FetchError::resolve);
}

TEST(HttpClient, ConnectHookCanRefuse) {
  TestReceiver rx(TestReceiver::status(200));
  auto req = post(rx.url());
  int asked = 0;
  req.allow_connect = [&](const sockaddr*, socklen_t) {
    ++asked;
    return false;
  };
  const auto res = fetch(req);
  EXPECT_EQ(res.error, FetchError::refused_address) << res.error_text;
  EXPECT_GE(asked, 1);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(rx.connections(), 0);
}

TEST(HttpClient, OnlyHttpAndHttps) {
  for (const char* url : {"ftp://127.0.0.1/x", "file:///etc/passwd", "gopher://a/", "nonsense"}) {
    auto req = post(url);
    EXPECT_EQ(fetch(req).error, FetchError::invalid_request) << url;
  }
}

TEST(HttpClient, ConnectionRefused) {
  int port = 0;
  {
    TestReceiver gone(TestReceiver::status(200));
    port = gone.port();
  }
  const auto res = fetch(post("http://127.0.0.1:" + std::to_string(port) + "/"));
  EXPECT_EQ(res.error, FetchError::connect) << res.error_text;
}

TEST(MultiFetcher, SlowTransferDoesNotHoldUpAFastOne) {
  TestReceiver slow(TestReceiver::trickle_headers());
  TestReceiver fast(TestReceiver::status(200));
  MultiFetcher m;
  const auto slow_id = m.start(post(slow.url(), 2000ms));
  std::this_thread::sleep_for(50ms);
  const auto started = std::chrono::steady_clock::now();
  const auto fast_id = m.start(post(fast.url(), 2000ms));
  std::map<MultiFetcher::Id, std::chrono::steady_clock::duration> done_after;
  std::map<MultiFetcher::Id, FetchError> errors;
  while (done_after.size() < 2 && std::chrono::steady_clock::now() - started < 5s) {
    for (auto& f : m.poll(1000ms)) {
      done_after[f.id] = std::chrono::steady_clock::now() - started;
      errors[f.id] = f.response.error;
    }
  }
  ASSERT_EQ(done_after.size(), 2u);
  EXPECT_EQ(errors[fast_id], FetchError::none);
  EXPECT_LT(done_after[fast_id], 1000ms) << "not after the slow one's 2 s";
  EXPECT_EQ(errors[slow_id], FetchError::timeout);
  EXPECT_GE(done_after[slow_id], 1800ms);
  EXPECT_LT(done_after[slow_id], 2500ms);
  EXPECT_EQ(m.in_flight(), 0u);
}

TEST(MultiFetcher, CancelAllReportsEveryTransfer) {
  TestReceiver slow(TestReceiver::trickle_headers());
  MultiFetcher m;
  const auto a = m.start(post(slow.url(), 5000ms));
  const auto b = m.start(post(slow.url(), 5000ms));
  (void)m.poll(100ms);
  m.cancel_all();
  const auto done = m.poll(0ms);
  ASSERT_EQ(done.size(), 2u);
  for (const auto& f : done) {
    EXPECT_TRUE(f.id == a || f.id == b);
    EXPECT_EQ(f.response.error, FetchError::aborted);
  }
  EXPECT_EQ(m.in_flight(), 0u);
}

TEST(MultiFetcher, WakeupEndsAWaitEarly) {
  MultiFetcher m;
  std::thread t([&] {
    std::this_thread::sleep_for(100ms);
    m.wakeup();
  });
  const auto started = std::chrono::steady_clock::now();
  (void)m.poll(5000ms);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2000ms);
  t.join();
}

// The HTTP server (demo/common/http) against real sockets on loopback: its limits, deadlines,
// held requests and shutdown, each seen from the peer's side of the wire.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "common/http/http.hpp"

namespace idv::demo::http {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A raw client socket: the tests need to send exactly the bytes they want, slowly if need be.
class RawClient {
 public:
  explicit RawClient(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;
  ~RawClient() { ::close(fd_); }

  bool connected() const { return connected_; }
  bool send(std::string_view bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  // Reads until the peer closes, `until` appears, or the timeout passes.
  std::string read(std::chrono::milliseconds timeout, std::string_view until = {}) {
    std::string out;
    const auto end = Clock::now() + timeout;
    while (Clock::now() < end) {
      if (!until.empty() && out.find(until) != std::string::npos) break;
      pollfd p{fd_, POLLIN, 0};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now());
      if (::poll(&p, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0) continue;
      char buf[4096];
      const auto n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }
  bool closed() const { return closed_; }

 private:
  int fd_;
  bool connected_ = false;
  bool closed_ = false;
};

int status_of(const std::string& response) {
  if (response.size() < 12 || !response.starts_with("HTTP/1.1 ")) return 0;
  return std::stoi(response.substr(9, 3));
}

// A server on a free port, served from a background thread; stopped in the destructor.
class TestServer {
 public:
  TestServer(Router router, ServerOptions options) : server_(std::move(router), options) {
    EXPECT_TRUE(server_.listen());
    thread_ = std::thread([this] { server_.serve_until_signal(); });
  }
  ~TestServer() {
    server_.stop();
    thread_.join();
  }
  int port() const { return server_.port(); }
  Server& server() { return server_; }

 private:
  Server server_;
  std::thread thread_;
};

Router echo_router() {
  Router r;
  r.get("/hello", [](const Request&, Response& res) { res.set_content("hi", "text/plain"); });
  r.post(
      "/echo",
      [](const Request& req, Response& res) {
        res.set_content(std::to_string(req.body.size()), "text/plain");
      },
      1024);
  r.get(R"(/items/([0-9]+))", [](const Request& req, Response& res) {
    res.set_content(req.matches.at(1) + ":" + req.get_param_value("q"), "text/plain");
  });
  return r;
}

ServerOptions quick_options() {
  ServerOptions o;
  o.name = "test";
  o.request_deadline = 1000ms;
  o.idle_timeout = 1500ms;
  o.write_deadline = 1000ms;
  o.shutdown_grace = 1000ms;
  return o;
}

TEST(HttpServer, AnswersARouteWithGroupsAndQuery) {
  TestServer s(echo_router(), quick_options());
  RawClient c(s.port());
  ASSERT_TRUE(c.send("GET /items/42?q=a%20b HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto r = c.read(2000ms, "42:a b");
  EXPECT_EQ(status_of(r), 200) << r;
  EXPECT_NE(r.find("42:a b"), std::string::npos) << r;
}

TEST(HttpServer, UnknownPathIs404AndWrongMethodIs405) {
  TestServer s(echo_router(), quick_options());
  RawClient a(s.port());
  ASSERT_TRUE(a.send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(status_of(a.read(2000ms, "}")), 404);
  RawClient b(s.port());
  ASSERT_TRUE(b.send("DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(status_of(b.read(2000ms, "}")), 405);
}

TEST(HttpServer, HeadersOver16KiBAre431) {
  TestServer s(echo_router(), quick_options());
  RawClient c(s.port());
  ASSERT_TRUE(c.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(17 * 1024, 'a') +
                     "\r\n\r\n"));
  EXPECT_EQ(status_of(c.read(2000ms)), 431);
  EXPECT_TRUE(c.closed());
}

TEST(HttpServer, ContentLengthOverTheRouteLimitIs413BeforeAnyBodyIsRead) {
  TestServer s(echo_router(), quick_options());
  RawClient c(s.port());
  // Announces 1 GiB and sends none of it: the answer must not wait for the body.
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n"));
  const auto start = Clock::now();
  EXPECT_EQ(status_of(c.read(2000ms)), 413);
  EXPECT_LT(Clock::now() - start, 900ms);
}

TEST(HttpServer, ChunkedBodyOverTheRouteLimitIs413) {
  TestServer s(echo_router(), quick_options());
  RawClient c(s.port());
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk = "200\r\n" + std::string(512, 'z') + "\r\n";
  for (int i = 0; i < 3 && c.send(chunk); ++i) {
  }
  EXPECT_EQ(status_of(c.read(2000ms)), 413);
}

TEST(HttpServer, ChunkedBodyWithinTheLimitReachesTheHandler) {
  TestServer s(echo_router(), quick_options());
  RawClient c(s.port());
  ASSERT_TRUE(
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
             "5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n"));
  const auto r = c.read(2000ms, "\r\n\r\n8");
  EXPECT_EQ(status_of(r), 200) << r;
  EXPECT_TRUE(r.ends_with("\r\n\r\n8")) << r;
}

TEST(HttpServer, CompressedBodiesAre415NeverInflated) {
  TestServer s(echo_router(), quick_options());
  RawClient c(s.port());
  ASSERT_TRUE(c.send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: 10\r\n\r\n"));
  EXPECT_EQ(status_of(c.read(2000ms)), 415);
}

TEST(HttpServer, ATricklingPeerIsCutAtTheRequestDeadline) {
  TestServer s(echo_router(), quick_options());
  RawClient c(s.port());
  const auto start = Clock::now();
  // One byte every 150 ms would take 8 s for this request; the deadline is 1 s.
  for (const char ch : std::string("GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: abcdefghijklmnopq"
                                   "rstuvwxyz0123456789\r\n\r\n")) {
    if (!c.send(std::string(1, ch))) break;
    EXPECT_EQ(c.read(150ms), "");  // never an answer to a half request
    if (c.closed()) break;
  }
  EXPECT_TRUE(c.closed());
  EXPECT_LT(Clock::now() - start, 2000ms);
  EXPECT_GT(Clock::now() - start, 900ms);
}

TEST(HttpServer, IdleKeepAliveConnectionsAreClosed) {
  TestServer s(echo_router(), quick_options());
  RawClient c(s.port());
  ASSERT_TRUE(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(status_of(c.read(1000ms, "hi")), 200);
  const auto start = Clock::now();
  c.read(4000ms);  // nothing more is sent: the server closes after idle_timeout
  EXPECT_TRUE(c.closed());
  EXPECT_GT(Clock::now() - start, 1000ms);
}

TEST(HttpServer, KeepAliveCarriesSeveralRequests) {
  TestServer s(echo_router(), quick_options());
  RawClient c(s.port());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(status_of(c.read(1000ms, "hi")), 200) << i;
  }
}

TEST(HttpServer, BeyondTheConnectionCapA503) {
  auto o = quick_options();
  o.max_connections = 2;
  TestServer s(echo_router(), o);
  RawClient a(s.port()), b(s.port());
  ASSERT_TRUE(a.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(b.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(status_of(a.read(1000ms, "hi")), 200);
  EXPECT_EQ(status_of(b.read(1000ms, "hi")), 200);
  RawClient c(s.port());
  const auto r = c.read(1000ms);
  EXPECT_EQ(status_of(r), 503) << r;
  EXPECT_NE(r.find("Retry-After"), std::string::npos);
}

TEST(HttpServer, AThrowingHandlerIs500AndTheServerLivesOn) {
  Router r = echo_router();
  r.get("/boom", [](const Request&, Response&) { throw std::runtime_error("boom"); });
  TestServer s(std::move(r), quick_options());
  RawClient a(s.port());
  ASSERT_TRUE(a.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(status_of(a.read(1000ms, "}")), 500);
  RawClient b(s.port());
  ASSERT_TRUE(b.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(status_of(b.read(1000ms, "hi")), 200);
}

// A held request: parked until wake(key), then finished with whatever is current.
struct Board {
  std::atomic<int> version{0};
};

Router hold_router(Board& board) {
  Router r;
  r.get("/wait", [&board](const Request&, Response& res) {
    const int seen = board.version.load();
    res.hold = Hold{"k", 3000ms, [&board, seen] { return board.version.load() > seen; },
                    [&board](Response& later) {
                      later.set_content("v" + std::to_string(board.version.load()), "text/plain");
                    }};
  });
  r.get("/hello", [](const Request&, Response& res) { res.set_content("hi", "text/plain"); });
  return r;
}

TEST(HttpServer, AHeldRequestAnswersWhenWoken) {
  Board board;
  TestServer s(hold_router(board), quick_options());
  RawClient c(s.port());
  ASSERT_TRUE(c.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(c.read(300ms), "");  // parked, not answered
  // Other requests are served meanwhile (the held one holds no thread).
  RawClient other(s.port());
  ASSERT_TRUE(other.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(status_of(other.read(1000ms, "hi")), 200);
  EXPECT_EQ(s.server().held_requests(), 1u);
  board.version = 1;
  const auto woke = Clock::now();
  s.server().wake("k");
  const auto r = c.read(1000ms, "v1");
  EXPECT_NE(r.find("v1"), std::string::npos) << r;
  EXPECT_LT(Clock::now() - woke, 200ms);
}

TEST(HttpServer, AHeldRequestAnswersAtItsMaxWait) {
  Board board;
  TestServer s(hold_router(board), quick_options());
  RawClient c(s.port());
  const auto start = Clock::now();
  ASSERT_TRUE(c.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto r = c.read(5000ms, "v0");
  EXPECT_NE(r.find("v0"), std::string::npos) << r;
  EXPECT_GE(Clock::now() - start, 2900ms);
}

TEST(HttpServer, AChangeBeforeRegistrationIsNotMissed) {
  Board board;
  Router r;
  // The handler reads version 0, then (as if a worker raced it) the version moves before the
  // server registers the hold: ready() must catch it and answer at once.
  r.get("/wait", [&board](const Request&, Response& res) {
    const int seen = board.version.load();
    board.version = seen + 1;
    res.hold = Hold{"k", 3000ms, [&board, seen] { return board.version.load() > seen; },
                    [](Response& later) { later.set_content("changed", "text/plain"); }};
  });
  TestServer s(std::move(r), quick_options());
  RawClient c(s.port());
  ASSERT_TRUE(c.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_NE(c.read(1000ms, "changed").find("changed"), std::string::npos);
}

TEST(HttpServer, ShutdownAnswersHeldRequestsAtOnce) {
  Board board;
  auto server = std::make_unique<TestServer>(hold_router(board), quick_options());
  RawClient c(server->port());
  ASSERT_TRUE(c.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(c.read(200ms), "");
  const auto start = Clock::now();
  server.reset();  // stop(): stop accepting, finish held requests, join
  const auto r = c.read(1000ms, "v0");
  EXPECT_NE(r.find("v0"), std::string::npos) << r;
  EXPECT_LT(Clock::now() - start, 1500ms);
}

TEST(HttpServer, OffloadedWorkBlocksNoIoThread) {
  Router r = echo_router();
  r.get("/slow", [](const Request& req, Response& res) {
    res.offload = [&req](Response& out) {
      std::this_thread::sleep_for(400ms);  // an outgoing call to a slow peer, say
      out.set_content("slow " + req.path, "text/plain");
    };
  });
  auto o = quick_options();
  o.io_threads = 1;  // one I/O thread: if the work ran on it, /hello would wait 400 ms
  TestServer s(std::move(r), o);
  RawClient slow(s.port());
  ASSERT_TRUE(slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::this_thread::sleep_for(50ms);
  const auto start = Clock::now();
  RawClient quick(s.port());
  ASSERT_TRUE(quick.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(status_of(quick.read(1000ms, "hi")), 200);
  EXPECT_LT(Clock::now() - start, 200ms);
  const auto r2 = slow.read(2000ms, "slow /slow");
  EXPECT_EQ(status_of(r2), 200) << r2;
  EXPECT_NE(r2.find("slow /slow"), std::string::npos);
}

}  // namespace
}  // namespace idv::demo::http

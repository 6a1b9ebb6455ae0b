#pragma once
// Real HTTP receivers on loopback for the outgoing-HTTP tests: plain sockets, one thread per
// connection, behaviour chosen per test (answer, trickle, hang). Deliberately not our server
// library: the client must be tested against a peer that misbehaves in exactly the ways we
// script here.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace idv::demo::testing {

using SteadyClock = std::chrono::steady_clock;

struct ReceivedRequest {
  std::string method, target;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  SteadyClock::time_point at;
  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class Conn {
 public:
  Conn(int fd, const std::atomic<bool>& stopping) : fd_(fd), stopping_(stopping) {}

  // Reads one request (headers, then a Content-Length body). nullopt when the peer closes,
  // the receiver stops or `limit` passes.
  std::optional<ReceivedRequest> read_request(
      std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
    const auto end = SteadyClock::now() + limit;
    std::string buf;
    std::size_t header_end = std::string::npos;
    std::size_t want = 0;
    while (true) {
      if (header_end == std::string::npos) {
        header_end = buf.find("\r\n\r\n");
        if (header_end != std::string::npos)
          want = header_end + 4 + content_length(buf, header_end);
      }
      if (header_end != std::string::npos && buf.size() >= want) break;
      char chunk[8192];
      const auto n = recv_some(chunk, sizeof chunk, end);
      if (n <= 0) return std::nullopt;
      buf.append(chunk, static_cast<std::size_t>(n));
    }
    ReceivedRequest r;
    r.at = SteadyClock::now();
    const auto line_end = buf.find("\r\n");
    const std::string line = buf.substr(0, line_end);
    const auto sp1 = line.find(' '), sp2 = line.rfind(' ');
    r.method = line.substr(0, sp1);
    r.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    std::size_t pos = line_end + 2;
    while (pos < header_end) {
      const auto eol = buf.find("\r\n", pos);
      const std::string h = buf.substr(pos, eol - pos);
      const auto colon = h.find(':');
      if (colon != std::string::npos) {
        std::string name = h.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = h.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        r.headers[name] = value;
      }
      pos = eol + 2;
    }
    r.body = buf.substr(header_end + 4, want - header_end - 4);
    return r;
  }

  bool send_all(std::string_view bytes) {
    while (!bytes.empty()) {
      const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Waits up to `d` for the peer to close (or reset) the connection; true when it did.
  bool wait_peer_close(std::chrono::milliseconds d) {
    const auto end = SteadyClock::now() + d;
    char c[512];
    while (SteadyClock::now() < end && !stopping_.load()) {
      const auto n = recv_some(c, sizeof c, end);
      if (n == 0 || n == -2) return true;  // EOF or reset
      if (n == -1) return false;           // time is up / stopping
    }
    return false;
  }

  // Sends `text` one byte per `every` until the peer closes; returns how long that took
  // from the first byte (or nullopt when the text ran out / the receiver stopped).
  std::optional<std::chrono::milliseconds> trickle(std::string_view text,
                                                   std::chrono::milliseconds every) {
    const auto started = SteadyClock::now();
    for (const char ch : text) {
      if (!send_all(std::string_view(&ch, 1))) return since(started);
      if (wait_peer_close(every)) return since(started);
      if (stopping_.load()) return std::nullopt;
    }
    return std::nullopt;
  }

 private:
  static std::size_t content_length(const std::string& buf, std::size_t header_end) {
    std::string head = buf.substr(0, header_end);
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto p = head.find("\r\ncontent-length:");
    if (p == std::string::npos) return 0;
    return static_cast<std::size_t>(std::stoul(head.substr(p + 17)));
  }
  static std::chrono::milliseconds since(SteadyClock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - t);
  }
  // >0 bytes, 0 EOF, -1 timeout/stopping, -2 error (reset)
  long recv_some(char* out, std::size_t size, SteadyClock::time_point end) {
    while (!stopping_.load()) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(end - SteadyClock::now());
      if (left.count() <= 0) return -1;
      pollfd p{fd_, POLLIN, 0};
      const int rc = ::poll(&p, 1, static_cast<int>(std::min<long>(left.count(), 50)));
      if (rc < 0) return -2;
      if (rc == 0) continue;
      const auto n = ::recv(fd_, out, size, 0);
      if (n < 0) return -2;
      return static_cast<long>(n);
    }
    return -1;
  }

  int fd_;
  const std::atomic<bool>& stopping_;
};

class TestReceiver {
 public:
  // n: 1-based number of the connection.
  using Handler = std::function<void(TestReceiver&, Conn&, int n)>;

  explicit TestReceiver(Handler handler) : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listen_fd_, 128);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~TestReceiver() { stop(); }
  TestReceiver(const TestReceiver&) = delete;
  TestReceiver& operator=(const TestReceiver&) = delete;

  void stop() {
    if (stopping_.exchange(true)) return;
    if (acceptor_.joinable()) acceptor_.join();
    ::close(listen_fd_);
    std::vector<std::thread> threads;
    {
      const std::lock_guard lock(mutex_);
      threads.swap(threads_);
    }
    for (auto& t : threads) t.join();
  }

  int port() const { return port_; }
  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  void record(ReceivedRequest r) {
    const std::lock_guard lock(mutex_);
    requests_.push_back(std::move(r));
  }
  void record_close(std::chrono::milliseconds after) {
    const std::lock_guard lock(mutex_);
    closed_after_.push_back(after);
  }
  std::vector<ReceivedRequest> requests() const {
    const std::lock_guard lock(mutex_);
    return requests_;
  }
  std::vector<std::chrono::milliseconds> closed_after() const {
    const std::lock_guard lock(mutex_);
    return closed_after_;
  }
  int connections() const { return connections_.load(); }
  int max_concurrent() const { return max_concurrent_.load(); }

  // A complete answer, then close.
  static Handler answer(std::function<std::string(int n)> response) {
    return [response = std::move(response)](TestReceiver& self, Conn& c, int n) {
      if (auto r = c.read_request()) {
        self.record(std::move(*r));
        c.send_all(response(n));
      }
    };
  }
  static std::string response(int status, const std::string& body = "",
                              const std::string& extra_headers = "") {
    return "HTTP/1.1 " + std::to_string(status) +
           " X\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n" +
           extra_headers + "\r\n" + body;
  }
  static Handler status(int code) {
    return answer([code](int) { return response(code); });
  }
  // Reads the request, then sends the status line one byte per second, never finishing;
  // records how long the peer kept the connection open (from the request's arrival).
  static Handler trickle_headers() {
    return [](TestReceiver& self, Conn& c, int) {
      auto r = c.read_request();
      if (!r) return;
      const auto arrived = r->at;
      self.record(std::move(*r));
      const auto took = c.trickle("HTTP/1.1 200 OK\r\nX-Slow: 1111111111111111111111111111111",
                                  std::chrono::milliseconds(1000));
      if (took)
        self.record_close(
            std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - arrived));
    };
  }

 private:
  void accept_loop() {
    while (!stopping_.load()) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      const int n = ++connections_;
      const std::lock_guard lock(mutex_);
      threads_.emplace_back([this, fd, n] {
        const int now = ++open_;
        int seen = max_concurrent_.load();
        while (now > seen && !max_concurrent_.compare_exchange_weak(seen, now)) {
        }
        Conn c(fd, stopping_);
        handler_(*this, c, n);
        ::close(fd);
        --open_;
      });
    }
  }

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0}, open_{0}, max_concurrent_{0};
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::vector<std::thread> threads_;
  std::vector<ReceivedRequest> requests_;
  std::vector<std::chrono::milliseconds> closed_after_;
};

}  // namespace idv::demo::testing
